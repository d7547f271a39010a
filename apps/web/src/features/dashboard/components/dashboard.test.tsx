import { drillDown } from '@ledger/domain/dashboard';
import { handlingState, taskReportBucket } from '@ledger/domain/vocabulary';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { ledgerHref } from '@/lib/ledger-address';
import { apiError, ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildDashboardSummary } from '@/testing/dashboard-data';
import { buildItemList, buildItemSummary, buildSessionUser, buildUnit, units } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

const summary = buildDashboardSummary();

/** The address a figure's link opens, found by how it is read out (逾期 9 项). */
const hrefOf = (name: string) => screen.getByRole('link', { name }).getAttribute('href');

const unitNames = new Map(Object.values(units).map((unit) => [unit.id, unit.name]));

/** The unit names down the unit table, in the order shown (antd keys each row by its unit). */
const unitOrder = () =>
  [...screen.getByRole('table').querySelectorAll('tbody tr[data-row-key]')].map((row) =>
    unitNames.get(row.getAttribute('data-row-key')!),
  );

describe('统计看板', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test("the coordinator sees the district's figures, each number a link to exactly its rows", async () => {
    setScreenWidth(1280);
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/dashboard/summary': ok(summary),
    });
    renderApp('/dashboard');

    expect(await screen.findByRole('heading', { name: '统计看板' })).toBeInTheDocument();
    expect(screen.getByText('全区')).toBeInTheDocument();
    // asOf 06:35 UTC is 14:35 in Gongshu.
    expect(screen.getByText('数据截至 2018-11-29 14:35')).toBeInTheDocument();

    expect(hrefOf('逾期 9 项')).toBe('/ledger?overdue=true');
    expect(hrefOf('临期（7日内） 3 项')).toBe('/ledger?dueWithinDays=7');
    expect(hrefOf('整改任务 50 项')).toBe('/ledger?kind=task');
    expect(hrefOf('信访件 73 件')).toBe('/ledger?kind=petition');
    expect(hrefOf('未达序时进度 7 项')).toBe('/ledger?bucket=BEHIND');
    // Every bucket, in the official order, with its own drill-down.
    for (const { value, label } of taskReportBucket.options) {
      const count = summary.tasks.buckets[value];
      expect(hrefOf(`${label} ${count} 项`)).toBe(ledgerHref(drillDown.bucket(value)));
    }
    for (const { value, label } of handlingState.options) {
      const count = summary.petitions.buckets[value];
      expect(hrefOf(`${label} ${count} 件`)).toBe(ledgerHref(drillDown.bucket(value)));
    }

    // The unit table: the API's order (worst first), each count opening that unit's rows.
    expect(unitOrder()).toEqual(['半山街道', '生态环境拱墅分局', '湖墅街道']);
    expect(hrefOf('半山街道 逾期 4 项')).toBe(`/ledger?leadUnitId=${units.banshan.id}&overdue=true`);
    expect(hrefOf('半山街道 牵头事项 14 项')).toBe(`/ledger?leadUnitId=${units.banshan.id}`);
    expect(hrefOf('半山街道 已销号 5 项')).toBe(`/ledger?status=CLOSED&leadUnitId=${units.banshan.id}`);
    expect(hrefOf('湖墅街道 曾反弹 2 项')).toBe(`/ledger?leadUnitId=${units.hushu.id}&rebound=true`);
    expect(screen.getByLabelText('半山街道 完成率 35.7%')).toBeInTheDocument();

    // The charts' boxes are there, named for screen readers.
    expect(screen.getByRole('img', { name: /按问题类别/ })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /按污染类型/ })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /累计销号/ })).toBeInTheDocument();
  });

  test('the unit table sorts by any column and back to the worst first', async () => {
    setScreenWidth(1280);
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/dashboard/summary': ok(summary),
    });
    const user = setupUser();
    renderApp('/dashboard');

    await screen.findByRole('table');
    await user.click(screen.getByRole('columnheader', { name: /完成率/ }));
    expect(unitOrder()).toEqual(['湖墅街道', '生态环境拱墅分局', '半山街道']);
    await user.click(screen.getByRole('columnheader', { name: /完成率/ }));
    expect(unitOrder()).toEqual(['半山街道', '生态环境拱墅分局', '湖墅街道']);
    await user.click(screen.getByRole('columnheader', { name: /牵头事项/ }));
    expect(unitOrder()).toEqual(['生态环境拱墅分局', '半山街道', '湖墅街道']);
  });

  test("a unit's overdue count opens the ledger with that unit's overdue items, the filters shown", async () => {
    setScreenWidth(1280);
    const overdueItem = buildItemSummary({
      title: '半山地区废气整治',
      leadUnit: units.banshan,
      overdue: true,
      daysLeft: -3,
    });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/dashboard/summary': ok(summary),
      'GET /api/items': ok(buildItemList([overdueItem])),
      'GET /api/units': ok({ units: [buildUnit({ ...units.hushu }), buildUnit({ ...units.banshan })] }),
    });
    const user = setupUser();
    const { location } = renderApp('/dashboard');

    await user.click(await screen.findByRole('link', { name: '半山街道 逾期 4 项' }));

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    expect(location()).toBe(`/ledger?leadUnitId=${units.banshan.id}&overdue=true`);
    expect(server.calls('GET /api/items').map((request) => request.query.toString())).toEqual([
      `leadUnitId=${units.banshan.id}&overdue=true`,
    ]);
    const applied = screen.getByRole('group', { name: '已选条件' });
    expect(await within(applied).findByText('牵头单位：半山街道')).toBeInTheDocument();
    expect(within(applied).getByText('已逾期')).toBeInTheDocument();
  });

  test("a unit's officer sees their own unit's figures under its name", async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }),
      'GET /api/dashboard/summary': ok(
        buildDashboardSummary({
          scope: { kind: 'unit', unitId: units.hushu.id, unitName: units.hushu.name },
          units: [summary.units[2]!],
        }),
      ),
    });
    renderApp('/dashboard');

    expect(await screen.findByRole('heading', { name: '统计看板' })).toBeInTheDocument();
    expect(screen.queryByText('全区')).not.toBeInTheDocument();
    const header = screen.getByRole('heading', { name: '统计看板' }).parentElement!;
    expect(within(header).getByText('湖墅街道')).toBeInTheDocument();
    expect(unitOrder()).toEqual(['湖墅街道']);
  });

  test('a failed load says so with the server’s words and loads again on 重试', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/dashboard/summary': apiError(503, '统计服务暂不可用'),
    });
    const user = setupUser();
    renderApp('/dashboard');

    expect(await screen.findByText('统计数据加载失败')).toBeInTheDocument();
    expect(screen.getByText('统计服务暂不可用')).toBeInTheDocument();

    server.use({ 'GET /api/dashboard/summary': ok(summary) });
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByRole('link', { name: '逾期 9 项' })).toBeInTheDocument();
  });

  test('the administrator, who reads no figures, is not let in', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('ADMIN') }),
    });
    renderApp('/dashboard');

    expect(await screen.findByText('无权访问')).toBeInTheDocument();
    expect(server.calls('GET /api/dashboard/summary')).toEqual([]);
  });
});
