import type { ItemDetail } from '@ledger/domain/items';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';

import { chromiumMissing } from './chromium';
import { apiAs, expectNoSidewaysScroll, login, screenshot } from './support';

test.skip(chromiumMissing !== undefined, chromiumMissing);

/**
 * Chooses an option of a select by typing part of it and Enter, as with a keyboard (a click can
 * land on an option while its list is still opening).
 */
async function choose(page: Page, scope: Locator, label: string, search: string, option: string) {
  await scope.getByRole('combobox', { name: label }).fill(search);
  await page.keyboard.press('Enter');
  await expect(scope.locator('.ant-select').filter({ hasText: option })).toBeVisible();
}

/** Types a date into a date picker; leaving the field commits it (Enter would submit the form). */
async function typeDate(scope: Locator, label: string, date: string) {
  const input = scope.getByLabel(label, { exact: true });
  await input.fill(date);
  await input.press('Tab');
  await expect(input).toHaveValue(date);
}

/** Waiting for a page to load and answer: on a busy two-core machine it takes longer than 5 s. */
const pageLoad = { timeout: 20_000 };

async function unitId(api: APIRequestContext, name: string): Promise<string> {
  const { units } = (await (await api.get('/api/units')).json()) as { units: { id: string; name: string }[] };
  const unit = units.find((candidate) => candidate.name === name);
  expect(unit, `the demo data has the unit ${name}`).toBeDefined();
  return unit!.id;
}

test('a coordinator registers a task, edits its deadline, meets a stale edit, and bulk-reassigns two items', async ({
  page,
  baseURL,
}, testInfo) => {
  // One story from registration to bulk change: longer than the default 30 s on a two-core machine.
  test.setTimeout(120_000);
  const stamp = String(Date.now() % 1_000_000).padStart(6, '0');
  const prefix = `E2E-${stamp}`;
  const number = `${prefix}-A`;
  const title = `E2E 运河沿线餐饮油烟整治 ${stamp}`;
  const api = await apiAs(baseURL!, 'coordinator');

  // 新增事项, from the ledger.
  await login(page, 'coordinator', '/ledger');
  await page.getByRole('button', { name: /新增事项/ }).click();
  await expect(page).toHaveURL('/ledger/new', pageLoad);
  const form = page.locator('form#new-item');
  await form.getByLabel('编号', { exact: true }).fill(number);
  await form.getByLabel('标题', { exact: true }).fill(title);
  await choose(page, form, '督察轮次', '回头看', '督察“回头看”');
  await choose(page, form, '问题类别', '大气', '大气');
  await form.getByLabel('反馈问题', { exact: true }).fill('运河沿线部分餐饮企业油烟直排，群众反映强烈。');
  await form.getByLabel('整改目标', { exact: true }).fill('沿线餐饮企业油烟净化设施安装率达到 100%。');
  await form.getByLabel('整改措施 1', { exact: true }).fill('全面排查沿线餐饮企业');
  await form.getByRole('button', { name: /添加一项措施/ }).click();
  await form.getByLabel('整改措施 2', { exact: true }).fill('督促安装油烟净化设施并定期清洗');
  await form.getByLabel('销号标准', { exact: true }).fill('净化设施全部安装并正常运行，经第三方检测达标。');
  await choose(page, form, '牵头单位', '湖墅', '湖墅街道');
  await form.getByLabel('责任人', { exact: true }).fill('王丽');
  await typeDate(form, '整改时限', '2027-03-31');
  await choose(page, form, '时限类型', '短期', '短期攻坚');
  await screenshot(page, testInfo, 'new-item-desktop');
  await form.getByRole('button', { name: /登记/ }).click();

  await expect(page.getByText(`已新增事项 ${number}`)).toBeVisible();
  await expect(page.getByRole('heading', { name: title })).toBeVisible(pageLoad);
  const itemId = new URL(page.url()).pathname.split('/').at(-1)!;
  const deadlines = page.locator('.ant-card').filter({ hasText: '时限与进度' });
  await expect(deadlines).toContainText('2027-03-31');

  // The new item is in the ledger.
  await page.goto(`/ledger?q=${encodeURIComponent(number)}`);
  const row = page.locator('tr').filter({ hasText: number });
  await expect(row).toContainText(title, pageLoad);
  await expect(row).toContainText('湖墅街道');

  // 修改: a later deadline.
  await row.getByRole('link', { name: number }).click();
  await page.getByRole('button', { name: /修改/ }).click();
  const drawer = page.getByRole('dialog', { name: `修改事项：${number}` });
  await expect(drawer.getByLabel('标题', { exact: true })).toHaveValue(title, pageLoad);
  await typeDate(drawer, '整改时限', '2027-04-30');
  await drawer.getByRole('button', { name: /保存修改/ }).click();
  await expect(page.getByText(`已保存对 ${number} 的修改`)).toBeVisible();
  await expect(drawer).toBeHidden();
  await expect(deadlines).toContainText('2027-04-30');
  await expect(deadlines).toContainText('2027-03-31（已延期）');

  // Someone else saves between opening the form and saving it: the save is refused.
  await page.getByRole('button', { name: /修改/ }).click();
  await typeDate(drawer, '整改时限', '2027-05-31');
  const read = (await (await api.get(`/api/items/${itemId}`)).json()) as ItemDetail;
  const elsewhere = await api.patch(`/api/items/${itemId}`, {
    data: { version: read.version, title: `${title}（已核实）` },
  });
  expect(elsewhere.status(), await elsewhere.text()).toBe(200);
  await drawer.getByRole('button', { name: /保存修改/ }).click();

  const conflict = drawer.locator('.ant-alert').filter({ hasText: '该事项已被他人修改，您的修改未保存' });
  await expect(conflict).toContainText('他人修改了：标题。');
  await expect(conflict).toContainText('您本次修改的：整改时限。');
  await screenshot(page, testInfo, 'item-edit-conflict-desktop', { fullPage: false });
  // Nothing was overwritten: the other edit stands, our deadline was not saved.
  const afterConflict = (await (await api.get(`/api/items/${itemId}`)).json()) as ItemDetail;
  expect(afterConflict).toMatchObject({ title: `${title}（已核实）`, deadline: '2027-04-30' });

  await conflict.getByRole('button', { name: '载入最新记录' }).click();
  await expect(conflict).toBeHidden();
  await expect(drawer.getByLabel('标题', { exact: true })).toHaveValue(`${title}（已核实）`);
  await expect(page.getByRole('heading', { name: `${title}（已核实）` })).toBeVisible();
  await typeDate(drawer, '整改时限', '2027-05-31');
  await drawer.getByRole('button', { name: /保存修改/ }).click();
  await expect(page.getByText(`已保存对 ${number} 的修改`)).toBeVisible();
  await expect(drawer).toBeHidden();
  await expect(deadlines).toContainText('2027-05-31');
  expect(((await (await api.get(`/api/items/${itemId}`)).json()) as ItemDetail).title).toBe(
    `${title}（已核实）`,
  );

  // A second item, registered through the API, and both moved to another lead unit at once.
  const second = await api.post('/api/items', {
    data: {
      kind: 'TASK',
      number: `${prefix}-B`,
      title: `E2E 湖墅南路夜间施工噪声整治 ${stamp}`,
      leadUnitId: await unitId(api, '湖墅街道'),
      deadline: '2027-06-30',
      timeLimitType: 'SHORT_TERM',
      task: {
        inspectionRound: 'FIRST_ROUND',
        feedbackText: '湖墅南路沿线工地夜间施工噪声扰民。',
        category: 'NOISE',
        target: '夜间施工噪声达标。',
        measures: ['夜间施工审批从严'],
        closureStandard: '连续三个月无夜间施工噪声投诉。',
      },
    },
  });
  expect(second.status(), await second.text()).toBe(201);
  const secondId = ((await second.json()) as ItemDetail).id;

  await page.goto(`/ledger?q=${encodeURIComponent(prefix)}`);
  await expect(page.locator('tbody tr.ant-table-row')).toHaveCount(2, pageLoad);
  await page.getByRole('checkbox', { name: `选择 ${number}` }).check();
  await page.getByRole('checkbox', { name: `选择 ${prefix}-B` }).check();
  await expect(page.getByText('已选择 2 个事项')).toBeVisible();
  await page.getByRole('button', { name: '批量调整' }).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '将调整已选的 2 个事项' });
  await choose(page, dialog, '新的牵头单位', '半山', '半山街道');
  await screenshot(page, testInfo, 'bulk-update-desktop', { fullPage: false });
  await dialog.getByRole('button', { name: /确定调整/ }).click();

  await expect(page.getByText('已调整 2 个事项')).toBeVisible();
  await expect(dialog).toBeHidden();
  for (const id of [number, `${prefix}-B`]) {
    await expect(page.locator('tr').filter({ hasText: id })).toContainText('半山街道');
  }
  for (const id of [itemId, secondId]) {
    const item = (await (await api.get(`/api/items/${id}`)).json()) as ItemDetail;
    expect(item.leadUnit.name).toBe('半山街道');
  }
  await api.dispose();
});

test.describe('on a phone (375 × 812)', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test('the register, edit and bulk forms fit the screen', async ({ page }, testInfo) => {
    await login(page, 'coordinator', '/ledger/new');
    const form = page.locator('form#new-item');
    await expect(form.getByLabel('反馈问题', { exact: true })).toBeVisible(pageLoad);
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'new-item-phone');
    // An empty form sent: the messages fit as well.
    await form.getByRole('button', { name: /登记/ }).click();
    await expect(form.getByText('编号不能为空')).toBeVisible();
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'new-item-errors-phone', { fullPage: false });

    await form.getByText('信访件', { exact: true }).click();
    await expect(form.getByText('问责情况')).toBeVisible();
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'new-petition-phone');

    // Two cards chosen for a bulk change (overdue items are open ones, which may be edited).
    await page.goto('/ledger?overdue=true');
    const cards = page.locator('.ant-card');
    await expect(cards.first()).toBeVisible(pageLoad);
    await cards.nth(0).getByRole('checkbox').check();
    await cards.nth(1).getByRole('checkbox').check();
    await expect(page.getByText('已选择 2 个事项')).toBeVisible();
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: '批量调整' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '将调整已选的 2 个事项' });
    await expect(dialog.getByLabel('新的牵头单位', { exact: true })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'bulk-update-phone', { fullPage: false });
    await dialog.getByRole('button', { name: '取消' }).click();

    // An item's edit form, full width.
    await cards.first().locator('.ant-card-head a').click();
    await page.getByRole('button', { name: /修改/ }).click();
    const drawer = page.getByRole('dialog', { name: /^修改事项：/ });
    await expect(drawer.getByLabel('标题', { exact: true })).toBeVisible(pageLoad);
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'item-edit-phone', { fullPage: false });
  });
});
