import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildItemList, buildItemSummary, buildSessionUser, buildUnit, units } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

const overdueItem = buildItemSummary({
  number: 'GS-ZG-007',
  title: '半山地区废气整治',
  overdue: true,
  daysLeft: -3,
  deadline: '2026-11-26',
});
const dueSoonItem = buildItemSummary({
  number: 'GS-ZG-012',
  title: '湖墅南路噪声整治',
  dueSoon: true,
  daysLeft: 5,
});
const samplePetition = buildItemSummary({
  kind: 'PETITION',
  number: 'D330000201707150001',
  title: '某小区底商餐饮油烟扰民',
  category: null,
  pollutionTypes: ['CATERING_FUMES'],
  isSample: true,
});

/** The query strings the list asked the API for, in order. */
const listQueries = (server: ApiServer) =>
  server.calls('GET /api/items').map((request) => request.query.toString());

describe('the ledger list', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (role: 'UNIT_OFFICER' | 'COORDINATOR' = 'UNIT_OFFICER') => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser(role) }),
      'GET /api/items': ({ query }) =>
        ok(
          buildItemList(
            query.get('overdue') === 'true' ? [overdueItem] : [overdueItem, dueSoonItem, samplePetition],
            {
              // A one-character search matches more than the API counts (LIST_TOTAL_CAP).
              ...(query.get('q') === '水'
                ? { total: 10_000, totalCapped: true }
                : { total: query.get('overdue') === 'true' ? 1 : 45 }),
              page: Number(query.get('page') ?? 1),
            },
          ),
        ),
      'GET /api/units': ok({ units: [buildUnit({ ...units.hushu }), buildUnit({ ...units.banshan })] }),
    });
    return server;
  };

  test('on a desk: a table with overdue and due-soon rows marked, and sample data flagged', async () => {
    setScreenWidth(1280);
    await start();
    renderApp('/ledger');

    const overdueRow = (await screen.findByText('半山地区废气整治')).closest('tr')!;
    const table = screen.getByRole('table');
    expect(overdueRow).toHaveClass('ledger-row-overdue');
    expect(within(overdueRow).getByText('已逾期 3 天')).toBeInTheDocument();
    const dueSoonRow = within(table).getByText('湖墅南路噪声整治').closest('tr')!;
    expect(dueSoonRow).toHaveClass('ledger-row-due-soon');
    expect(within(dueSoonRow).getByText('5 天后到期')).toBeInTheDocument();
    const petitionRow = within(table).getByText('某小区底商餐饮油烟扰民').closest('tr')!;
    expect(within(petitionRow).getByText('示例数据')).toBeInTheDocument();
    // Labels from the domain vocabulary: kind, pollution type, status.
    expect(within(petitionRow).getByText('信访件')).toBeInTheDocument();
    expect(within(petitionRow).getByText('油烟')).toBeInTheDocument();
    expect(within(petitionRow).getByText('整改中')).toBeInTheDocument();
    expect(screen.getAllByText('共 45 项').length).toBeGreaterThan(0);
  });

  test('says "more than" when the API stopped counting, pointing to the filters', async () => {
    setScreenWidth(1280);
    await start();
    renderApp('/ledger?q=水');

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    expect(screen.getAllByText('超过 10,000 项，请用筛选缩小范围').length).toBeGreaterThan(0);
    expect(screen.queryByText(/共 10000 项/)).not.toBeInTheDocument();
  });

  test('filters, sorting and page live in the address, reach the API as they are, and come back with the back button', async () => {
    setScreenWidth(1280);
    await start();
    const user = setupUser();
    const { location, router } = renderApp('/ledger?overdue=true');

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: '只看已逾期' })).toBeChecked();
    expect(listQueries(server!)).toEqual(['overdue=true']);

    // Sorting by a column header (ascending is the API's default order, so it goes unsaid).
    await user.click(screen.getByRole('columnheader', { name: /编号/ }));
    await expect.poll(location).toBe('/ledger?overdue=true&sort=number');
    await expect.poll(() => listQueries(server!).at(-1)).toBe('overdue=true&sort=number');
    await user.click(screen.getByRole('columnheader', { name: /编号/ }));
    await expect.poll(location).toBe('/ledger?overdue=true&sort=number&order=desc');

    // A search term; the page starts again at 1.
    await user.type(screen.getByRole('searchbox', { name: '搜索' }), '废气{Enter}');
    await expect.poll(location).toBe('/ledger?overdue=true&q=%E5%BA%9F%E6%B0%94&sort=number&order=desc');

    // Unchecking 只看已逾期 drops the filter.
    await user.click(screen.getByRole('checkbox', { name: '只看已逾期' }));
    await expect.poll(location).toBe('/ledger?q=%E5%BA%9F%E6%B0%94&sort=number&order=desc');
    expect(await screen.findByText('湖墅南路噪声整治')).toBeInTheDocument();

    // Back, and back again: each step restores the filters it had.
    await act(() => router.navigate(-1));
    expect(location()).toBe('/ledger?overdue=true&q=%E5%BA%9F%E6%B0%94&sort=number&order=desc');
    await expect.poll(() => screen.getByRole('checkbox', { name: '只看已逾期' })).toBeChecked();
    expect(screen.getByRole('searchbox', { name: '搜索' })).toHaveValue('废气');
    await act(() => router.navigate(-3));
    expect(location()).toBe('/ledger?overdue=true');
    await expect.poll(() => screen.getByRole('searchbox', { name: '搜索' })).toHaveValue('');
  });

  test('choosing statuses and a unit writes them to the address for a coordinator', async () => {
    setScreenWidth(1280);
    await start('COORDINATOR');
    const user = setupUser();
    const { location } = renderApp('/ledger?page=2');

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();

    await user.click(screen.getByLabelText('状态'));
    await user.click(await screen.findByTitle('整改中'));
    await user.click(await screen.findByTitle('申请销号'));
    await expect.poll(location).toBe('/ledger?status=IN_PROGRESS&status=CLOSURE_REQUESTED');

    await user.click(screen.getByLabelText('责任单位'));
    await user.click(await screen.findByTitle('半山街道'));
    await expect
      .poll(location)
      .toBe(`/ledger?status=IN_PROGRESS&status=CLOSURE_REQUESTED&unitId=${units.banshan.id}`);
    await expect
      .poll(() => listQueries(server!).at(-1))
      .toBe(`status=IN_PROGRESS&status=CLOSURE_REQUESTED&unitId=${units.banshan.id}`);
  });

  test('a unit officer is not offered the unit filter: they only see their own unit', async () => {
    setScreenWidth(1280);
    await start('UNIT_OFFICER');
    renderApp('/ledger');

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    expect(screen.queryByLabelText('责任单位')).not.toBeInTheDocument();
    expect(server!.calls('GET /api/units')).toEqual([]);
  });

  test('on a phone: cards instead of a table, with the same tags, and page turns in the address', async () => {
    await start();
    const user = setupUser();
    const { location } = renderApp('/ledger');

    const card = (await screen.findByText('半山地区废气整治')).closest('.ant-card')! as HTMLElement;
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(within(card).getByText('已逾期 3 天')).toBeInTheDocument();
    expect(within(card).getByText('牵头单位：湖墅街道')).toBeInTheDocument();

    await user.click(screen.getByTitle('2'));
    await expect.poll(location).toBe('/ledger?page=2');
  });
});
