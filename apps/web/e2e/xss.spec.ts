/**
 * Stored XSS (issue #7): markup and script typed into an item, its progress and a unit's name
 * is stored as it was typed and must reach every page as text — the ledger list, the item page,
 * the public page and the dashboard's tables. No dialog may open, no element the payload
 * describes may appear in the DOM, and the text must be shown literally.
 */
import type { ItemDetail } from '@ledger/domain/items';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

import { chromiumMissing } from './chromium';
import { apiAs, login } from './support';

test.skip(chromiumMissing !== undefined, chromiumMissing);

const TITLE = '<script>alert("title")</script>河道整治';
const MEASURE = '<img src=x onerror=alert("measure")>清淤';
const TARGET = '<a href="javascript:alert(\'target\')">整改目标</a>';
const PROGRESS = '<svg onload=alert("progress")>进展顺利';
/** Fresh per run: Playwright runs beforeAll again in a new worker after a failure. */
const RUN = Date.now().toString(36);
const NUMBER = `XSS-${RUN}`;
const UNIT_NAME = `<img src=x onerror=alert("unit")>街道${RUN}`;

const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function createJson<T>(api: APIRequestContext, url: string, data: unknown): Promise<T> {
  const response = await api.post(url, { data });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return (await response.json()) as T;
}

let item: ItemDetail;
let hushuItem: ItemDetail;

test.beforeAll(async ({ baseURL }) => {
  const admin = await apiAs(baseURL!, 'admin');
  const { unit } = await createJson<{ unit: { id: string } }>(admin, '/api/units', {
    code: `xss-${RUN}`,
    name: UNIT_NAME,
    type: 'STREET',
  });
  await admin.dispose();

  const coordinator = await apiAs(baseURL!, 'coordinator');
  const task = (number: string, leadUnitId: string) => ({
    kind: 'TASK',
    number,
    title: TITLE,
    leadUnitId,
    deadline: dayAfter(60),
    timeLimitType: 'LONG_TERM',
    isPublic: true,
    task: {
      inspectionRound: 'FIRST_ROUND',
      feedbackText: TARGET,
      category: 'WATER',
      target: TARGET,
      measures: [MEASURE],
      closureStandard: TITLE,
    },
  });
  item = await createJson<ItemDetail>(coordinator, '/api/items', task(NUMBER, unit.id));
  const units = (await (await coordinator.get('/api/units')).json()) as {
    units: { id: string; code: string }[];
  };
  const hushu = units.units.find((candidate) => candidate.code === 'street-hushu')!;
  hushuItem = await createJson<ItemDetail>(coordinator, '/api/items', task(`${NUMBER}-2`, hushu.id));
  await coordinator.dispose();

  const officer = await apiAs(baseURL!, 'officer.hushu');
  await createJson(officer, `/api/items/${hushuItem.id}/progress`, {
    reportedOn: dayAfter(0),
    content: PROGRESS,
    percent: 30,
  });
  await officer.dispose();
});

/** The first visible element with `text` (hidden measuring copies of a cell come first). */
const shown = (page: Page, text: string) => page.getByText(text).filter({ visible: true }).first();

/** A page of the shared test machine may take a while to load its data. */
const LOADED = { timeout: 20_000 };

/** Fails the test on any dialog: a payload that ran would have opened one. */
function watchDialogs(page: Page) {
  const opened: string[] = [];
  page.on('dialog', async (dialog) => {
    opened.push(dialog.message());
    await dialog.dismiss();
  });
  return opened;
}

/** No element that a payload describes exists in the page. */
async function expectNothingInjected(page: Page) {
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('svg[onload]').count()).toBe(0);
  expect(await page.locator('[onerror]').count()).toBe(0);
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  const scripts = await page
    .locator('script')
    .evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''));
  expect(scripts.filter((text) => text.includes('alert('))).toEqual([]);
}

test('the ledger list and the item page show stored markup as text', async ({ page }) => {
  test.setTimeout(90_000);
  const dialogs = watchDialogs(page);
  await login(page, 'coordinator', `/ledger?q=${NUMBER}`);
  await expect(shown(page, TITLE)).toBeVisible(LOADED);
  await expectNothingInjected(page);

  await page.goto(`/ledger/${item.id}`);
  await expect(shown(page, TITLE)).toBeVisible(LOADED);
  await expect(shown(page, MEASURE)).toBeVisible(LOADED);
  await expect(shown(page, TARGET)).toBeVisible(LOADED);
  await expect(shown(page, UNIT_NAME)).toBeVisible(LOADED);
  await expectNothingInjected(page);

  await page.goto(`/ledger/${hushuItem.id}`);
  await expect(shown(page, PROGRESS)).toBeVisible(LOADED);
  await expectNothingInjected(page);
  expect(dialogs).toEqual([]);
});

test('the public page shows a published item’s markup as text', async ({ page }) => {
  const dialogs = watchDialogs(page);
  await page.goto('/public');
  await page
    .getByPlaceholder(/搜索|关键词/)
    .first()
    .fill(NUMBER);
  await page.keyboard.press('Enter');
  await expect(shown(page, TITLE)).toBeVisible(LOADED);
  await expectNothingInjected(page);
  expect(dialogs).toEqual([]);
});

test('the dashboard’s tables show a unit name with markup as text', async ({ page }) => {
  const dialogs = watchDialogs(page);
  await login(page, 'coordinator', '/dashboard');
  await expect(shown(page, UNIT_NAME)).toBeVisible(LOADED);
  await expectNothingInjected(page);
  expect(dialogs).toEqual([]);
});
