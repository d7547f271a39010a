import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildItemList, buildSessionUser } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

const health = ok({ status: 'ok', db: 'ok' });
const noTodo = ok({ groups: [], supervision: [] });

describe('the app shell', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('the overview greets the user and shows the system status', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR', { displayName: '协调小组 陈志远' }) }),
      'GET /api/health': health,
      'GET /api/items': ok(buildItemList([], { total: 12 })),
      'GET /api/todo': noTodo,
    });
    renderApp('/');

    expect(await screen.findByRole('link', { name: '拱墅区中央环保督察整改台账' })).toBeInTheDocument();
    expect(await screen.findByText('系统运行正常')).toBeInTheDocument();
    expect(screen.getByText(/协调小组 陈志远，您好/)).toBeInTheDocument();
    // The shortcut to the overdue items carries the filter in its address.
    expect(screen.getByRole('link', { name: '已逾期' })).toHaveAttribute('href', '/ledger?overdue=true');
  });

  test('on a narrow screen the menu opens from a toggle and leads to a module', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }),
      'GET /api/health': health,
      'GET /api/items': ok(buildItemList([])),
      'GET /api/todo': noTodo,
    });
    const user = setupUser();
    const { location } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: '打开导航菜单' }));
    const nav = await screen.findByRole('navigation', { name: '主导航' });
    await user.click(within(nav).getByRole('menuitem', { name: /台账/ }));

    expect(await screen.findByText('没有符合条件的事项')).toBeInTheDocument();
    expect(location()).toBe('/ledger');
  });

  test.each([
    ['ADMIN', ['概览', '用户管理', '单位管理', '推送记录', '公开信息']],
    ['UNIT_OFFICER', ['概览', '待办', '台账', '统计看板', '督办', '导出记录', '公开信息']],
    [
      'COORDINATOR',
      ['概览', '待办', '台账', '统计看板', '督办', '通报', '导出记录', '导入台账', '推送记录', '公开信息'],
    ],
  ] as const)('the menu offers a %s only what their permissions open', async (role, expected) => {
    setScreenWidth(1280);
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser(role) }),
      'GET /api/health': health,
      'GET /api/items': ok(buildItemList([])),
      'GET /api/todo': noTodo,
    });
    renderApp('/');

    const nav = await screen.findByRole('navigation', { name: '主导航' });
    await expect
      .poll(() =>
        within(nav)
          .queryAllByRole('menuitem')
          .map((item) => item.textContent),
      )
      .toEqual(expected);
  });

  test('a unit officer gets no admin pages, even by address', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }),
    });
    renderApp('/admin/users');

    expect(await screen.findByText('无权访问')).toBeInTheDocument();
    expect(server.calls('GET /api/users')).toEqual([]);
  });

  test('an unknown address shows 页面不存在', async () => {
    server = await startApiServer({ 'GET /api/auth/me': apiError(401, '请先登录') });
    renderApp('/no-such-page');

    expect(await screen.findByText('页面不存在')).toBeInTheDocument();
  });
});
