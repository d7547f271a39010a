import type { ItemList, ItemSummary } from '@ledger/domain/items';
import { expect, test } from '@playwright/test';

import { chromiumMissing } from './chromium';
import { apiAs, expectNoSidewaysScroll, login, pngPhoto, screenshot } from './support';

test.skip(chromiumMissing !== undefined, chromiumMissing);

/** Every item the coordinator sees (the whole demo ledger). */
async function allItems(baseURL: string): Promise<ItemSummary[]> {
  const api = await apiAs(baseURL, 'coordinator');
  const response = await api.get('/api/items?pageSize=200');
  expect(response.status()).toBe(200);
  const list = (await response.json()) as ItemList;
  await api.dispose();
  return list.items;
}

test('an officer filters to the overdue items, opens one and reports progress with a photo', async ({
  page,
}, testInfo) => {
  await login(page, 'officer.hushu', '/ledger');
  await expect(page).toHaveURL('/ledger');
  await expect(page.getByRole('table')).toBeVisible();

  await page.getByRole('checkbox', { name: '只看已逾期' }).click();
  await expect(page).toHaveURL('/ledger?overdue=true');
  const rows = page.locator('tr.ledger-row-overdue');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText(/已逾期 \d+ 天/);
  await screenshot(page, testInfo, 'ledger-overdue-desktop');

  // A reload keeps the filter: it lives in the address.
  await page.reload();
  await expect(page.getByRole('checkbox', { name: '只看已逾期' })).toBeChecked();
  await expect(rows.first()).toContainText(/已逾期 \d+ 天/);
  const count = await page.locator('tbody tr.ant-table-row').count();
  expect(await rows.count()).toBe(count);

  // Open the first overdue item.
  // (Officers may choose rows, to export their case files: the first cell is the row's checkbox.)
  const titleCell = rows.first().locator('td:not(.ant-table-selection-column)').nth(1);
  const title = (await titleCell.locator('a').first().textContent())!;
  await titleCell.locator('a').first().click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByText(/已逾期 \d+ 天/).first()).toBeVisible();

  // Report progress with a photo.
  await page.getByRole('button', { name: /填报进展/ }).click();
  const drawer = page.getByRole('dialog', { name: '填报整改进展' });
  await expect(drawer).toBeVisible();
  const narrative = `E2E 现场复查：油烟净化设施已全部安装并运行（${Date.now()}）。`;
  await drawer.getByLabel('进展情况').fill(narrative);
  await drawer
    .locator('input[type="file"][capture="environment"]')
    .setInputFiles({ name: 'site-photo.png', mimeType: 'image/png', buffer: pngPhoto() });
  await expect(drawer.getByRole('listitem', { name: 'site-photo.png' })).toBeVisible();
  await screenshot(page, testInfo, 'progress-form-desktop', { fullPage: false });
  await drawer.getByRole('button', { name: '提交进展' }).click();

  await expect(page.getByText('整改进展及 1 个佐证材料已提交')).toBeVisible();
  await expect(drawer).toBeHidden();
  const timeline = page.locator('.ant-card').filter({ hasText: '整改进展与留痕' });
  const entry = timeline.locator('.ant-timeline-item').filter({ hasText: narrative });
  await expect(entry).toBeVisible();
  // The photo is on the timeline as a thumbnail that loads from the API.
  const thumbnail = page.locator('.ant-image img[alt="site-photo.png"]').first();
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96);
  await screenshot(page, testInfo, 'item-after-progress-desktop');
});

test("an officer who opens another street's item by its address is told it is not there", async ({
  page,
  baseURL,
}) => {
  const items = await allItems(baseURL!);
  const banshanOnly = items.find(
    (item) =>
      item.leadUnit.name === '半山街道' && !item.cooperatingUnits.some((unit) => unit.name === '湖墅街道'),
  );
  expect(banshanOnly, 'the demo ledger has items of 半山街道 without 湖墅街道').toBeDefined();

  await login(page, 'officer.hushu');
  await page.goto(`/ledger/${banshanOnly!.id}`);

  await expect(page.getByText('事项不存在或不在本单位职责范围内')).toBeVisible();
  await expect(page.getByText(banshanOnly!.title)).toHaveCount(0);
});

test.describe('on a phone (375 × 812)', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test('the ledger is a list of cards and an item reads without sideways scrolling', async ({
    page,
  }, testInfo) => {
    await login(page, 'officer.hushu', '/ledger?overdue=true');

    const cards = page.locator('.ant-card');
    await expect(cards.first()).toBeVisible();
    await expect(page.getByRole('table')).toHaveCount(0);
    await expect(cards.first()).toContainText(/已逾期 \d+ 天/);
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'ledger-overdue-phone');

    // The filters open in a drawer.
    await page.getByRole('button', { name: /筛选/ }).click();
    await expect(page.getByRole('checkbox', { name: '只看已逾期' })).toBeChecked();
    await screenshot(page, testInfo, 'ledger-filters-phone', { fullPage: false });
    await page.getByRole('button', { name: '查看结果' }).click();

    await cards.first().locator('.ant-card-head a').click();
    await expect(page.getByText('基本信息').or(page.getByText('交办信息')).first()).toBeVisible();
    await expect(page.getByText('整改进展与留痕')).toBeVisible();
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'item-phone');
    await screenshot(page, testInfo, 'item-phone-top', { fullPage: false });

    await page.getByRole('button', { name: /填报进展/ }).click();
    const drawer = page.getByRole('dialog', { name: '填报整改进展' });
    await expect(drawer).toBeVisible();
    await drawer
      .locator('input[type="file"][capture="environment"]')
      .setInputFiles({ name: 'IMG_20261129_093000.png', mimeType: 'image/png', buffer: pngPhoto() });
    await expect(drawer.getByRole('listitem', { name: 'IMG_20261129_093000.png' })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'progress-form-phone', { fullPage: false });
  });
});

test('an admin creates a user and finds it in the list', async ({ page }, testInfo) => {
  const username = `e2e.officer.${Date.now() % 1_000_000}`;
  await login(page, 'admin', '/admin/users');
  await expect(page.getByRole('table')).toBeVisible();

  await page.getByRole('button', { name: /新增用户/ }).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '新增用户' });
  await dialog.getByLabel('账号').fill(username);
  await dialog.getByLabel('姓名').fill('湖墅街道 测试员');
  // Choosing by typing and Enter, as with a keyboard: a click can land on an option while its list
  // is still opening.
  await dialog.getByRole('combobox', { name: '角色' }).fill('经办人');
  await page.keyboard.press('Enter');
  await expect(dialog.locator('.ant-select').filter({ hasText: '经办人' })).toBeVisible();
  await dialog.getByRole('combobox', { name: '所属单位' }).fill('湖墅');
  await page.keyboard.press('Enter');
  await expect(dialog.locator('.ant-select').filter({ hasText: '湖墅街道' })).toBeVisible();
  await dialog.getByRole('button', { name: '生成' }).click();
  await screenshot(page, testInfo, 'admin-new-user', { fullPage: false });
  await dialog.getByRole('button', { name: '保存' }).click();

  await expect(page.getByText(`已新增用户 ${username}`)).toBeVisible();
  // The dialog's closing animation must end before the page behind it takes clicks again.
  await expect(dialog).toBeHidden();
  await page.getByRole('searchbox', { name: '搜索用户' }).fill(username);
  await page.getByRole('searchbox', { name: '搜索用户' }).press('Enter');
  const row = page.locator('tr').filter({ hasText: username });
  await expect(row).toContainText('湖墅街道 测试员');
  await expect(row).toContainText('经办人');
  await expect(row).toContainText('待改密');
  await screenshot(page, testInfo, 'admin-users');

  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '单位管理' }).click();
  await expect(page.locator('tr').filter({ hasText: 'street-hushu' })).toContainText('湖墅街道');
  await screenshot(page, testInfo, 'admin-units');
});
