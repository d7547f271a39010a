import { expect, test } from '@playwright/test';

import { chromiumMissing } from './chromium';
import { expectNoSidewaysScroll, login, screenshot } from './support';

test.skip(chromiumMissing !== undefined, chromiumMissing);

const productName = '拱墅区中央环保督察整改台账';

test('a visitor is asked to log in first, and the page is Chinese', async ({ page }, testInfo) => {
  await page.goto('/');

  await expect(page).toHaveURL('/login');
  await expect(page).toHaveTitle('整改台账');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByText(productName)).toBeVisible();
  await screenshot(page, testInfo, 'login');
});

test('after login the overview shows a healthy system and the menu of the role', async ({
  page,
}, testInfo) => {
  await login(page, 'coordinator');

  await expect(page.getByRole('banner')).toContainText(productName);
  await expect(page.getByRole('banner')).toContainText('协调小组 陈志远（区整改协调小组）');
  await expect(page.getByText('系统运行正常')).toBeVisible();
  await expect(page.getByText('数据库：正常')).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem')).toHaveText([
    '概览',
    '待办',
    '台账',
    '统计看板',
    '督办',
    '通报',
    '导出记录',
    '导入台账',
    '推送记录',
    '公开信息',
  ]);
  await screenshot(page, testInfo, 'overview-desktop');
});

test('an unknown address shows 页面不存在', async ({ page }) => {
  // Loaded directly, so the server must answer unknown non-/api paths with index.html.
  await page.goto('/no-such-page');

  await expect(page.getByText('页面不存在', { exact: true })).toBeVisible();
});

test('logout ends the session: the ledger asks for a login again', async ({ page }) => {
  await login(page, 'officer.hushu');
  await page.getByRole('button', { name: /当前用户/ }).click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await expect(page).toHaveURL('/login');

  await page.goto('/ledger');
  await expect(page).toHaveURL('/login?next=%2Fledger');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test('the side menu is folded into a toggle that opens it as a drawer', async ({ page }, testInfo) => {
    await login(page, 'officer.hushu');
    await expect(page.getByText('系统运行正常')).toBeVisible();

    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav).toBeHidden();
    const toggle = page.getByRole('button', { name: '打开导航菜单' });
    await expect(toggle).toBeVisible();
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'overview-phone');

    await toggle.click();
    await expect(nav).toBeVisible();
    await screenshot(page, testInfo, 'phone-menu', { fullPage: false });

    await nav.getByRole('menuitem', { name: '台账' }).click();
    await expect(page).toHaveURL('/ledger');
    await expect(nav).toBeHidden();
  });
});
