/**
 * 三色督办 from issue to 办结, each step by its own person on a phone: the coordinator issues a
 * yellow notice on an overdue item of 湖墅街道 from its page, the street's officer finds it under
 * 待办 and answers with a photo, the coordinator closes it from the 督办 page; the item's timeline
 * shows every step.
 */
import type { ItemDetail } from '@ledger/domain/items';
import { expect, test, type Browser, type Page } from '@playwright/test';

import { chromiumMissing } from './chromium';
import { apiAs, expectNoSidewaysScroll, login, pngPhoto, screenshot } from './support';

test.skip(chromiumMissing !== undefined, chromiumMissing);

const pageLoad = { timeout: 20_000 };
const phone = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };

async function personAt(browser: Browser, baseURL: string, username: string, next: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...phone,
  });
  const page = await context.newPage();
  await login(page, username, next);
  return page;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

test('a yellow notice on an overdue item is issued, answered with a photo and closed, all on phones', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  const stamp = String(Date.now() % 1_000_000).padStart(6, '0');
  const title = `E2E 湖墅街道餐饮油烟整治 ${stamp}`;
  const coordinatorApi = await apiAs(baseURL!, 'coordinator');
  const { units } = (await (await coordinatorApi.get('/api/units')).json()) as {
    units: { id: string; name: string }[];
  };
  const created = await coordinatorApi.post('/api/items', {
    data: {
      kind: 'TASK',
      number: `E2E-SV-${stamp}`,
      title,
      leadUnitId: units.find((unit) => unit.name === '湖墅街道')!.id,
      deadline: isoDay(new Date(Date.now() - 20 * 86_400_000)),
      timeLimitType: 'SHORT_TERM',
      task: {
        inspectionRound: 'FIRST_ROUND',
        feedbackText: '湖墅街道部分餐饮店油烟直排。',
        category: 'AIR',
        target: '油烟净化设施安装率 100%。',
        measures: ['排查餐饮店'],
        closureStandard: '全部安装并正常运行。',
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const itemAddress = `/ledger/${((await created.json()) as ItemDetail).id}`;

  // ── The coordinator, on the item's page: 督办.
  const coordinator = await personAt(browser, baseURL!, 'coordinator', itemAddress);
  const card = coordinator.getByRole('region', { name: '督办' });
  await expect(card).toBeVisible(pageLoad);
  await card.getByRole('button', { name: '督办' }).click();
  const issue = coordinator.getByRole('dialog', { name: '下发督办' });
  await issue.getByLabel('督办事由').fill('该事项已逾期 20 天，请加快推进并按期反馈整改情况。');
  await expectNoSidewaysScroll(coordinator);
  await screenshot(coordinator, testInfo, 'supervision-issue-phone', { fullPage: false });
  await issue.getByRole('button', { name: '确认下发' }).click();
  await expect(issue).toBeHidden();
  await expect(card.getByText('已下发，待反馈')).toBeVisible();

  // ── 湖墅街道经办人: 待办 → the item → 反馈督办 with a new photo.
  const officer = await personAt(browser, baseURL!, 'officer.hushu', '/todo');
  const waiting = officer.getByRole('region', { name: '待反馈的督办' });
  await expect(waiting).toBeVisible(pageLoad);
  await waiting.getByRole('link', { name: title }).click();
  const officerCard = officer.getByRole('region', { name: '督办' });
  await officerCard.getByRole('button', { name: '反馈督办' }).click();
  const drawer = officer.getByRole('dialog', { name: /反馈督办/ });
  await drawer
    .getByLabel('反馈内容')
    .fill('已约谈 12 家餐饮店，9 家完成油烟净化设施安装，其余本月底前完成。');
  await drawer
    .locator('input[type="file"]')
    .setInputFiles({ name: 'fumes-after.png', mimeType: 'image/png', buffer: pngPhoto() });
  await expect(drawer.getByRole('checkbox', { name: /fumes-after\.png/ })).toBeChecked(pageLoad);
  await expectNoSidewaysScroll(officer);
  await screenshot(officer, testInfo, 'supervision-respond-phone', { fullPage: false });
  await drawer.getByRole('button', { name: '提交反馈' }).click();
  await expect(drawer).toBeHidden();
  await expect(officerCard.getByText('已反馈，待审核')).toBeVisible();
  await officer.context().close();

  // ── The coordinator, on the 督办 page: the answered notice, 审核办结.
  await coordinator.goto('/supervision');
  await coordinator.getByRole('tab', { name: '督办列表' }).click();
  const notice = coordinator.getByRole('article', { name: `督办 E2E-SV-${stamp}` });
  await expect(notice).toBeVisible(pageLoad);
  await expect(notice.getByRole('link', { name: 'fumes-after.png' })).toBeVisible();
  await notice.getByRole('button', { name: '审核办结' }).click();
  const closing = coordinator.getByRole('dialog', { name: '审核办结督办' });
  await closing.getByLabel('审核意见（选填）').fill('反馈属实，予以办结。');
  await closing.getByRole('button', { name: '确认办结' }).click();
  await expect(notice.getByText('已办结')).toBeVisible();
  await expectNoSidewaysScroll(coordinator);
  await screenshot(coordinator, testInfo, 'supervision-list-phone');

  await coordinator.goto(itemAddress);
  for (const step of ['下发督办（', '反馈督办，附佐证材料 1 份', '督办审核办结']) {
    await expect(coordinator.getByText(step, { exact: false }).first()).toBeVisible(pageLoad);
  }
  await coordinator.context().close();
});
