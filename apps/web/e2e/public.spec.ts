/**
 * 公开信息 as a citizen sees it: no login, on a desk and on a phone, over the demo ledger the
 * server seeds on first start. The counts on the page are compared with what the public API
 * itself answers, so the test holds whatever day the demo ledger is seeded for.
 */
import { expect, test, type Page } from '@playwright/test';
import type { PublicSummary } from '@ledger/domain/public';

import { chromiumMissing } from './chromium';
import { expectNoSidewaysScroll, screenshot } from './support';

test.skip(chromiumMissing !== undefined, chromiumMissing);

const heading = '中央环保督察反馈问题整改公开';

async function publicSummary(page: Page): Promise<PublicSummary> {
  const response = await page.request.get('/api/public/summary');
  expect(response.status()).toBe(200);
  return (await response.json()) as PublicSummary;
}

/** The number a Statistic card shows under `title`. */
const figure = (page: Page, title: string) =>
  page.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content');

async function expectCounts(page: Page, summary: PublicSummary) {
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
  await expect(page.getByText(`数据截至 ${summary.asOf}`)).toBeVisible();
  await expect(figure(page, '公开整改任务')).toHaveText(`${summary.tasks.total}项`);
  await expect(figure(page, '整改任务已销号')).toHaveText(`${summary.tasks.closed}项`);
  await expect(figure(page, '交办信访件')).toHaveText(`${summary.petitions.total}件`);
}

test('a visitor reads the progress, the tasks and the petition table without logging in', async ({
  page,
}, testInfo) => {
  const summary = await publicSummary(page);
  expect(summary.petitions.total).toBeGreaterThan(0);

  await page.goto('/public');
  await expect(page).toHaveURL('/public');
  await expectCounts(page, summary);
  // Not logged in: the header offers the login, the menu only the public page.
  await expect(page.getByRole('banner').getByRole('link', { name: /登录/ })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem')).toHaveText([
    '公开信息',
  ]);
  await expect(page.getByRole('article').first()).toBeVisible();
  await screenshot(page, testInfo, 'public-desktop');

  await page.getByRole('tab', { name: '信访件办理情况' }).click();
  const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: '受理编号' }) });
  await expect(table.getByRole('columnheader')).toHaveText([
    '受理编号',
    '交办问题基本情况',
    '行政区域',
    '污染类型',
    '调查核实情况',
    '是否属实',
    '处理和整改情况',
    '问责情况',
    '办结情况',
  ]);
  await expect(table.locator('tbody tr.ant-table-row')).toHaveCount(Math.min(20, summary.petitions.total));
  await expect(page.getByText(`共 ${summary.petitions.total} 件`).first()).toBeVisible();
  await screenshot(page, testInfo, 'public-petitions-desktop');

  await page.getByRole('tab', { name: /销号公示/ }).click();
  await expect(page.getByText('以下事项已完成整改并通过验收，现予公示。', { exact: false })).toBeVisible();
  await screenshot(page, testInfo, 'public-notices-desktop');
});

test('the old address /disclosure leads to /public', async ({ page }) => {
  await page.goto('/disclosure');
  await expect(page).toHaveURL('/public');
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test('every part reads at 375 px without sideways scrolling; petition cases are cards', async ({
    page,
  }, testInfo) => {
    const summary = await publicSummary(page);
    await page.goto('/public');
    await expectCounts(page, summary);
    await expect(page.getByRole('article').first()).toBeVisible();
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'public-phone');

    await page.getByRole('tab', { name: '信访件办理情况' }).click();
    const firstCase = page.getByRole('article', { name: /^受理编号 / }).first();
    await expect(firstCase).toBeVisible();
    await expect(firstCase.getByText('交办问题基本情况')).toBeVisible();
    await expect(firstCase.getByText('问责情况')).toBeVisible();
    await expect(page.getByRole('columnheader', { name: '受理编号' })).toHaveCount(0);
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'public-petitions-phone');

    await page.getByRole('tab', { name: /销号公示/ }).click();
    await expect(page.getByText('以下事项已完成整改并通过验收，现予公示。', { exact: false })).toBeVisible();
    const objectButton = page.getByRole('button', { name: '对此事项提出异议' }).first();
    if (await objectButton.isVisible()) {
      // The form as a citizen fills it in; it is not sent (that is the API test's part).
      await objectButton.click();
      await expect(page.getByRole('form', { name: '提出异议' })).toBeVisible();
    }
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'public-notices-phone');
  });
});
