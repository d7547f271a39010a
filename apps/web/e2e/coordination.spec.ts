/**
 * The coordination group's other tools with the demo ledger, through the pages: the daily
 * deadline digest reaching an officer's bell (the server catches up the day's run at start, see
 * DIGEST_CRON in playwright.config.ts), and a bulletin generated, listed and downloaded.
 */
import { readFile } from 'node:fs/promises';

import { expect, test } from '@playwright/test';

import { chromiumMissing } from './chromium';
import { apiAs, expectNoSidewaysScroll, login, screenshot } from './support';

test.skip(chromiumMissing !== undefined, chromiumMissing);

test("an officer's bell counts the day's digest, which lists the unit's overdue items and is marked read", async ({
  page,
  baseURL,
}, testInfo) => {
  // The run happens in the background after the server starts; wait for it through the API.
  const api = await apiAs(baseURL!, 'officer.hushu');
  await expect
    .poll(async () => (await (await api.get('/api/notifications/unread-count')).json()).count, {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  await api.dispose();

  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'officer.hushu');
  const bell = page.getByRole('button', { name: /消息通知，\d+ 条未读/ });
  await expect(bell).toBeVisible();
  await page.goto('/notifications');

  const overdue = page.getByRole('region', { name: '逾期未完成' }).first();
  await expect(overdue).toBeVisible();
  // The section leads to the unit's overdue list, and each entry to its item.
  await expect(overdue.getByRole('link').first()).toHaveAttribute('href', '/ledger?overdue=true');
  await expect(overdue.locator('a[href^="/ledger/"]').first()).toBeVisible();
  await expectNoSidewaysScroll(page);
  await screenshot(page, testInfo, 'notifications-phone');

  await page.getByRole('button', { name: '全部标为已读' }).click();
  await expect(page.getByRole('button', { name: '消息通知', exact: true })).toBeVisible();
});

test('the coordinator generates a week bulletin and downloads its PDF and Excel as stored', async ({
  page,
}, testInfo) => {
  await login(page, 'coordinator', '/bulletins');
  await page.getByRole('button', { name: '生成通报' }).click();
  await expect(page.getByText(/^已生成：/)).toBeVisible({ timeout: 30_000 });

  const list = page.getByRole('list', { name: '往期通报' });
  const pdfLink = list.getByRole('link', { name: /^下载 PDF：/ }).first();
  await expect(pdfLink).toBeVisible();

  const [pdf] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
  expect(pdf.suggestedFilename()).toMatch(/通报.*\.pdf$/);
  const pdfBytes = await readFile((await pdf.path())!);
  expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    list
      .getByRole('link', { name: /^下载 Excel：/ })
      .first()
      .click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const xlsxBytes = await readFile((await xlsx.path())!);
  // An XLSX is a ZIP archive.
  expect(xlsxBytes.subarray(0, 2).toString('latin1')).toBe('PK');
  await screenshot(page, testInfo, 'bulletins-desktop');
});
