import { expect, test } from '@playwright/test';

import { chromiumMissing } from './chromium';

test.skip(chromiumMissing !== undefined, chromiumMissing);

const productName = '拱墅区中央环保督察整改台账';

test('the overview shows the product name and a healthy system', async ({ page }, testInfo) => {
  await page.goto('/');

  await expect(page).toHaveTitle('整改台账');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('banner')).toContainText(productName);
  await expect(page.getByText('系统运行正常')).toBeVisible();
  await expect(page.getByText('数据库：正常')).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem')).toHaveText([
    '概览',
    '台账',
    '统计看板',
    '督办',
    '通报',
    '公开信息',
  ]);

  // Kept with the results so a person can check that the Chinese text renders in a real font.
  await page.screenshot({ path: testInfo.outputPath('overview.png'), fullPage: true });
});

test('the header leads to the login form', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('banner').getByRole('link', { name: '登录' }).click();

  await expect(page).toHaveURL('/login');
  await page.getByLabel('用户名').fill('gongshu');
  await page.getByLabel('密码').fill('Secret-2018');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('登录功能将在下一版本开放')).toBeVisible();
});

test('an unknown address shows 页面不存在', async ({ page }) => {
  // Loaded directly, so the server must answer unknown non-/api paths with index.html.
  await page.goto('/no-such-page');

  await expect(page.getByText('页面不存在', { exact: true })).toBeVisible();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the side menu is folded into a toggle that opens it as a drawer', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(page.getByText('系统运行正常')).toBeVisible();

    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav).toBeHidden();
    const toggle = page.getByRole('button', { name: '打开导航菜单' });
    await expect(toggle).toBeVisible();

    // Nothing may stick out sideways on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await toggle.click();
    await expect(nav).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('phone-menu.png'), animations: 'disabled' });

    await nav.getByRole('menuitem', { name: '台账' }).click();
    await expect(page).toHaveURL('/ledger');
    await expect(page.getByText('台账模块建设中')).toBeVisible();
    await expect(nav).toBeHidden();
  });
});
