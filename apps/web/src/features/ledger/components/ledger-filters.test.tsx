import { screen } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildItemList, buildItemSummary, buildSessionUser, buildUnit, units } from '@/testing/data';
import { formControls } from '@/testing/form-controls';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

/** A dashboard drill-down address carrying every filter only the dashboard's figures set. */
const fromDashboard = [
  `leadUnitId=${units.banshan.id}`,
  'bucket=BEHIND',
  'rebound=true',
  'originalDeadlineFrom=2018-09-03',
  'originalDeadlineTo=2018-09-09',
  'closedFrom=2018-10-01',
  'closedTo=2018-10-07',
].join('&');

/** The chips' words, in the order shown (a chip's close button has an icon, no text). */
const chipsShown = () =>
  [...(screen.queryByRole('group', { name: '已选条件' })?.querySelectorAll('.ant-tag') ?? [])].map(
    (chip) => chip.textContent,
  );

describe('the ledger filters a link arrives with', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (role: 'COORDINATOR' | 'UNIT_OFFICER') => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser(role) }),
      'GET /api/items': ok(buildItemList([buildItemSummary({ title: '半山地区废气整治' })])),
      'GET /api/units': ok({ units: [buildUnit({ ...units.hushu }), buildUnit({ ...units.banshan })] }),
    });
    return server;
  };

  test('are shown in words, and each one is removed on its own', async () => {
    setScreenWidth(1280);
    await start('COORDINATOR');
    const user = setupUser();
    const { location } = renderApp(`/ledger?${fromDashboard}`);

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    await expect
      .poll(chipsShown)
      .toEqual([
        '统计口径：未达序时进度',
        '牵头单位：半山街道',
        '曾反弹',
        '原整改时限：2018-09-03 至 2018-09-09',
        '销号日期：2018-10-01 至 2018-10-07',
      ]);
    expect(server!.calls('GET /api/items').at(-1)!.query.toString()).toBe(fromDashboard);

    await user.click(screen.getByRole('button', { name: '移除 曾反弹' }));
    await expect.poll(location).toBe(`/ledger?${fromDashboard.replace('&rebound=true', '')}`);

    await user.click(screen.getByRole('button', { name: '移除 销号日期：2018-10-01 至 2018-10-07' }));
    await user.click(screen.getByRole('button', { name: '移除 原整改时限：2018-09-03 至 2018-09-09' }));
    await expect.poll(location).toBe(`/ledger?leadUnitId=${units.banshan.id}&bucket=BEHIND`);
    expect(chipsShown()).toEqual(['统计口径：未达序时进度', '牵头单位：半山街道']);

    // 重置 clears them as it clears the others.
    await user.click(screen.getByRole('button', { name: '重置' }));
    await expect.poll(location).toBe('/ledger');
    expect(screen.queryByRole('group', { name: '已选条件' })).not.toBeInTheDocument();
  });

  test('统计口径 and 牵头单位 can be chosen in the filters too', async () => {
    setScreenWidth(1280);
    await start('COORDINATOR');
    const user = setupUser();
    const { location } = renderApp('/ledger?kind=task');
    const { choose } = formControls(user, document.body);

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    // The unit list arrives after the page.
    await screen.findByRole('combobox', { name: '牵头单位' });
    await choose('牵头单位', '半山街道');
    await expect.poll(location).toBe(`/ledger?kind=task&leadUnitId=${units.banshan.id}`);

    await choose('统计口径', '未达序时进度');
    await expect.poll(location).toBe(`/ledger?kind=task&leadUnitId=${units.banshan.id}&bucket=BEHIND`);

    // A petition's 办结状态 finds petitions only: the 整改任务 kind would contradict it and goes.
    await choose('统计口径', '未办结');
    await expect.poll(location).toBe(`/ledger?leadUnitId=${units.banshan.id}&bucket=NOT_CONCLUDED`);
    expect(chipsShown()).toEqual(['统计口径：未办结', '牵头单位：半山街道']);
  });

  test("on a phone the applied filters show beside the search, naming an officer's own unit", async () => {
    await start('UNIT_OFFICER');
    const user = setupUser();
    const { location } = renderApp(`/ledger?leadUnitId=${units.hushu.id}&overdue=true`);

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    expect(chipsShown()).toEqual(['牵头单位：湖墅街道', '已逾期']);
    // Named from the session: a unit's officer does not load the unit list.
    expect(server!.calls('GET /api/units')).toEqual([]);

    await user.click(screen.getByRole('button', { name: '移除 已逾期' }));
    await expect.poll(location).toBe(`/ledger?leadUnitId=${units.hushu.id}`);
  });
});
