import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildItemSummary, buildSessionUser, buildTodoList } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

const health = ok({ status: 'ok', db: 'ok' });

describe('the to-do page', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const toSign = buildItemSummary({
    number: 'GS-ZG-011',
    title: '运河沿线餐饮油烟整治',
    status: 'CLOSURE_REQUESTED',
  });
  const overdueStart = buildItemSummary({
    number: 'GS-ZG-012',
    title: '湖墅南路夜间施工噪声整治',
    status: 'REGISTERED',
    overdue: true,
    daysLeft: -3,
  });
  const todo = buildTodoList({ 'to-start': [overdueStart], 'to-rework': [], 'to-sign': [toSign] });

  test('on a desk, each group of the head lists its items in a table, with counts and links', async () => {
    setScreenWidth(1280);
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_HEAD') }),
      'GET /api/todo': ok(todo),
    });
    renderApp('/todo');

    const toSignGroup = await screen.findByRole('region', { name: '待签字的销号申请' });
    expect(within(toSignGroup).getByText('1 项')).toBeInTheDocument();
    expect(within(toSignGroup).getByText('办理：签字确认、退回申请')).toBeInTheDocument();
    const row = within(toSignGroup).getByRole('row', { name: /GS-ZG-011/ });
    expect(within(row).getByRole('link', { name: 'GS-ZG-011' })).toHaveAttribute(
      'href',
      `/ledger/${toSign.id}`,
    );
    expect(within(row).getByRole('link', { name: '运河沿线餐饮油烟整治' })).toHaveAttribute(
      'href',
      `/ledger/${toSign.id}`,
    );
    expect(within(row).getByText('申请销号')).toBeInTheDocument();

    const toStart = screen.getByRole('region', { name: '待开始整改' });
    expect(within(toStart).getByText('已逾期 3 天')).toBeInTheDocument();
    // A group with nothing in it says so, rather than vanishing.
    const rework = screen.getByRole('region', { name: '被退回、验收未通过或反弹，待重新整改' });
    expect(within(rework).getByText('0 项')).toBeInTheDocument();
    expect(within(rework).getByText('暂无')).toBeInTheDocument();
    // The groups in the order of the path, as the API answers them.
    expect(screen.getAllByRole('region').map((region) => region.getAttribute('aria-label'))).toEqual([
      '待开始整改',
      '被退回、验收未通过或反弹，待重新整改',
      '待签字的销号申请',
    ]);
  });

  test('on a phone the items are cards, and one leads to the item', async () => {
    const item = buildItemSummary({
      number: 'GS-ZG-021',
      title: '半山矿区生态修复',
      status: 'AWAITING_VERIFICATION',
    });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/todo': ok(buildTodoList({ 'to-verify': [item], 'to-start-notice': [] })),
      'GET /api/items/:id': apiError(404, '事项不存在或不在本单位职责范围内'),
    });
    const user = setupUser();
    const { location } = renderApp('/todo');

    const group = await screen.findByRole('region', { name: '待验收' });
    expect(within(group).queryByRole('table')).not.toBeInTheDocument();
    const card = within(group).getByRole('article', { name: 'GS-ZG-021 半山矿区生态修复' });
    expect(within(card).getByText('待验收')).toBeInTheDocument();
    await user.click(within(card).getByRole('link', { name: '半山矿区生态修复' }));
    expect(await screen.findByText('事项不存在或不在本单位职责范围内')).toBeInTheDocument();
    expect(location()).toBe(`/ledger/${item.id}`);
  });

  test('a group with more items than listed says how many there are', async () => {
    const list = buildTodoList({ 'to-sign-off': [buildItemSummary({ status: 'AWAITING_SIGN_OFF' })] });
    list.groups[0]!.total = 140;
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('DISTRICT_LEADER') }),
      'GET /api/todo': ok(list),
    });
    renderApp('/todo');

    const group = await screen.findByRole('region', { name: '待审签' });
    expect(within(group).getByText('140 项')).toBeInTheDocument();
    expect(within(group).getByText('共 140 项，此处列出整改时限最近的 1 项')).toBeInTheDocument();
  });

  test('a group counted up to the cap reads 500+ and 超过', async () => {
    const list = buildTodoList({ 'to-sign-off': [buildItemSummary({ status: 'AWAITING_SIGN_OFF' })] });
    Object.assign(list.groups[0]!, { total: 500, totalCapped: true });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('DISTRICT_LEADER') }),
      'GET /api/todo': ok(list),
    });
    renderApp('/todo');

    const group = await screen.findByRole('region', { name: '待审签' });
    expect(within(group).getByText('500+ 项')).toBeInTheDocument();
    expect(within(group).getByText('超过 500 项，此处列出整改时限最近的 1 项')).toBeInTheDocument();
  });

  test('the overview shows the counts that wait, each linking to its group', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_HEAD') }),
      'GET /api/health': health,
      'GET /api/items': ok({ items: [], total: 0, totalCapped: false, page: 1, pageSize: 1 }),
      'GET /api/todo': ok(todo),
    });
    renderApp('/');

    const link = await screen.findByRole('link', { name: /待签字的销号申请/ });
    expect(link).toHaveAttribute('href', '/todo#todo-to-sign');
    expect(link).toHaveTextContent('1 项');
    expect(screen.getByRole('link', { name: /待开始整改/ })).toHaveAttribute('href', '/todo#todo-to-start');
    // Groups with nothing waiting are left out of the overview.
    expect(screen.queryByRole('link', { name: /待重新整改/ })).not.toBeInTheDocument();
  });

  test('an auditor, who takes no workflow step, has no to-do menu entry, page or request', async () => {
    setScreenWidth(1280);
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('AUDITOR') }),
      'GET /api/health': health,
      'GET /api/items': ok({ items: [], total: 0, totalCapped: false, page: 1, pageSize: 1 }),
    });
    renderApp('/todo');

    expect(await screen.findByText('无权访问')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: '主导航' });
    expect(within(nav).queryByRole('menuitem', { name: /待办/ })).not.toBeInTheDocument();
    expect(within(nav).getByRole('menuitem', { name: /台账/ })).toBeInTheDocument();
    expect(server.calls('GET /api/todo')).toEqual([]);
  });
});
