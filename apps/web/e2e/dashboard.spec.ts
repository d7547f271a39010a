import type { DashboardSummary } from '@ledger/domain/dashboard';
import type { ItemList } from '@ledger/domain/items';
import { expect, test, type Page } from '@playwright/test';

import { chromiumMissing } from './chromium';
import { apiAs, expectNoSidewaysScroll, login, screenshot } from './support';

test.skip(chromiumMissing !== undefined, chromiumMissing);

/** The coordinator's figures, as the page reads them. */
async function districtSummary(baseURL: string): Promise<DashboardSummary> {
  const api = await apiAs(baseURL, 'coordinator');
  const response = await api.get('/api/dashboard/summary');
  expect(response.status()).toBe(200);
  const summary = (await response.json()) as DashboardSummary;
  await api.dispose();
  return summary;
}

/** ECharts draws each chart on canvases inside its box; every chart has drawn on one that has a size. */
async function expectChartsDrawn(page: Page) {
  const charts = page.getByRole('img', { name: /按问题类别|按污染类型|累计销号/ });
  await expect(charts).toHaveCount(3);
  for (const chart of await charts.all()) {
    const canvas = chart.locator('canvas').first();
    await expect(canvas).toBeVisible();
    const box = await canvas.boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(100);
  }
}

test("the coordinator's dashboard draws its charts, and a unit's 逾期 count opens exactly that unit's overdue items", async ({
  page,
  baseURL,
}, testInfo) => {
  const summary = await districtSummary(baseURL!);
  const unit = summary.units.find((row) => row.overdue > 0);
  expect(unit, 'the demo ledger has a unit with overdue items').toBeDefined();

  await login(page, 'coordinator');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '统计看板' }).click();
  await expect(page).toHaveURL('/dashboard');
  await expect(page.getByRole('heading', { name: '统计看板' })).toBeVisible();
  await expect(page.getByText('全区', { exact: true })).toBeVisible();
  await expect(page.getByText(/^数据截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)).toBeVisible();
  await expect(
    page.getByRole('link', { name: `逾期 ${summary.deadlines.overdue} 项`, exact: true }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: `信访件 ${summary.petitions.total} 件` })).toBeVisible();
  await expectChartsDrawn(page);
  await screenshot(page, testInfo, 'dashboard-desktop');

  await page.getByRole('link', { name: `${unit!.unitName} 逾期 ${unit!.overdue} 项` }).click();

  await expect(page).toHaveURL(`/ledger?leadUnitId=${unit!.unitId}&overdue=true`);
  const applied = page.getByRole('group', { name: '已选条件' });
  await expect(applied).toContainText(`牵头单位：${unit!.unitName}`);
  await expect(applied).toContainText('已逾期');
  await expect(page.getByText(`共 ${unit!.overdue} 项`).first()).toBeVisible();
  // Only that unit's overdue items: every row overdue, every row led by the unit.
  const rows = page.locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(Math.min(unit!.overdue, 20));
  await expect(page.locator('tbody tr.ant-table-row.ledger-row-overdue')).toHaveCount(
    Math.min(unit!.overdue, 20),
  );
  for (const row of await rows.all()) {
    await expect(row.locator('td').filter({ hasText: unit!.unitName })).not.toHaveCount(0);
  }
  // The same rows the API lists for the figure's filter.
  const api = await apiAs(baseURL!, 'coordinator');
  const list = (await (
    await api.get(`/api/items?leadUnitId=${unit!.unitId}&overdue=true&pageSize=200`)
  ).json()) as ItemList;
  await api.dispose();
  expect(list.total).toBe(unit!.overdue);
  expect(list.items.every((item) => item.leadUnit.id === unit!.unitId && item.overdue)).toBe(true);
  await screenshot(page, testInfo, 'dashboard-drill-down-ledger');
});

test('on a 375 px phone the dashboard stacks, its charts fit and the page never scrolls sideways', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, 'coordinator', '/dashboard');
  await expect(page.getByRole('heading', { name: '统计看板' })).toBeVisible();
  await expectChartsDrawn(page);

  for (const chart of await page.getByRole('img', { name: /按问题类别|按污染类型|累计销号/ }).all()) {
    const box = await chart.locator('canvas').first().boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  }
  await expectNoSidewaysScroll(page);
  await screenshot(page, testInfo, 'dashboard-phone');
});
