/**
 * What the browser tests share: logging in through the page, asking the API directly (for facts
 * a test needs, such as another street's item), a photo to upload, and screenshots kept for a
 * person to look at.
 */
import { deflateSync, crc32 } from 'node:zlib';

import { expect, request as playwrightRequest, type Page, type TestInfo } from '@playwright/test';

/** Every demo account's password (README, 演示账号). */
export const demoPassword = 'Ledger@2018';

export async function login(page: Page, username: string, next = '/') {
  await page.goto(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('账号').fill(username);
  await page.getByLabel('密码').fill(demoPassword);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: /当前用户/ })).toBeVisible();
}

/** An API client logged in as `username`, for looking facts up the way the page would. */
export async function apiAs(baseURL: string, username: string) {
  const context = await playwrightRequest.newContext({ baseURL });
  const response = await context.post('/api/auth/login', { data: { username, password: demoPassword } });
  expect(response.status(), await response.text()).toBe(200);
  return context;
}

/**
 * A real PNG (solid colour, `size` pixels square): the server checks what a file is by its
 * content, so a few made-up bytes would not pass as a photo.
 */
export function pngPhoto(size = 96, [red, green, blue] = [46, 139, 87]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, checksum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour RGB
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(Array.from({ length: size }, () => [red, green, blue]).flat()),
  ]);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A screenshot for a person to check layout and Chinese text: into E2E_SCREENSHOT_DIR when set
 * (e.g. /tmp/ledger-screens), otherwise beside the test's results.
 */
export async function screenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  await page.screenshot({
    path: dir ? `${dir}/${name}.png` : testInfo.outputPath(`${name}.png`),
    // A drawer or dialog is best seen as the screen shows it, not over the whole long page.
    fullPage,
    animations: 'disabled',
  });
}

/** Nothing may stick out sideways on a phone. */
export async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
