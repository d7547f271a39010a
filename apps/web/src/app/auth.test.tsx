import { screen } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, noContent, ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildItemList, buildItemSummary, buildSessionUser } from '@/testing/data';
import { renderApp, setupUser } from '@/testing/test-utils';

describe('logging in and out', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('a page behind the login sends a visitor to the login page and back there afterwards', async () => {
    const officer = buildSessionUser('UNIT_OFFICER', { displayName: '湖墅街道 王丽' });
    let loggedIn = false;
    server = await startApiServer({
      'GET /api/auth/me': () => (loggedIn ? ok({ user: officer }) : apiError(401, '请先登录')),
      'POST /api/auth/login': () => {
        loggedIn = true;
        return ok({ user: officer });
      },
      'GET /api/items': ok(
        buildItemList([buildItemSummary({ title: '已逾期的事项', overdue: true, daysLeft: -3 })]),
      ),
    });
    const user = setupUser();
    const { location } = renderApp('/ledger?overdue=true');

    expect(await screen.findByRole('button', { name: '登录' })).toBeInTheDocument();
    expect(location()).toBe('/login?next=%2Fledger%3Foverdue%3Dtrue');

    await user.type(screen.getByLabelText('账号'), 'officer.hushu');
    await user.type(screen.getByLabelText('密码'), 'Ledger@2018');
    await user.click(screen.getByRole('button', { name: '登录' }));

    expect(await screen.findByText('已逾期的事项')).toBeInTheDocument();
    expect(location()).toBe('/ledger?overdue=true');
    expect(server.calls('POST /api/auth/login')[0]?.body).toEqual({
      username: 'officer.hushu',
      password: 'Ledger@2018',
    });
    expect(screen.getByRole('button', { name: /当前用户：湖墅街道 王丽（湖墅街道）/ })).toBeInTheDocument();
  });

  test('the login form asks for what is missing with the messages of loginInput, sending nothing', async () => {
    server = await startApiServer({ 'GET /api/auth/me': apiError(401, '请先登录') });
    const user = setupUser();
    renderApp('/login');

    await user.click(await screen.findByRole('button', { name: '登录' }));

    expect(await screen.findByText('请输入账号')).toBeInTheDocument();
    expect(screen.getByText('请输入密码')).toBeInTheDocument();
    expect(server.calls('POST /api/auth/login')).toEqual([]);
  });

  test("a wrong password shows the server's message", async () => {
    server = await startApiServer({
      'GET /api/auth/me': apiError(401, '请先登录'),
      'POST /api/auth/login': apiError(401, '账号或密码错误'),
    });
    const user = setupUser();
    renderApp('/login');

    await user.type(await screen.findByLabelText('账号'), 'officer.hushu');
    await user.type(screen.getByLabelText('密码'), 'wrong');
    await user.click(screen.getByRole('button', { name: '登录' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('账号或密码错误');
  });

  test('a locked account is told until when', async () => {
    server = await startApiServer({
      'GET /api/auth/me': apiError(401, '请先登录'),
      'POST /api/auth/login': apiError(423, '登录失败次数过多，账号已锁定至 2026-11-29 14:35', {
        unlocksAt: '2026-11-29T06:35:00.000Z',
      }),
    });
    const user = setupUser();
    renderApp('/login');

    await user.type(await screen.findByLabelText('账号'), 'officer.hushu');
    await user.type(screen.getByLabelText('密码'), 'wrong');
    await user.click(screen.getByRole('button', { name: '登录' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('登录失败次数过多，账号已锁定至 2026-11-29 14:35');
    // In the ledger's time zone (China Standard Time), whatever the machine's.
    expect(alert).toHaveTextContent('请于 2026-11-29 14:35 后重试，或联系安全管理员解锁。');
  });

  test('a pending password change comes first, checked with the password policy of changePasswordInput', async () => {
    const fresh = buildSessionUser('UNIT_OFFICER', { mustChangePassword: true });
    let changed = false;
    server = await startApiServer({
      'GET /api/auth/me': () => ok({ user: { ...fresh, mustChangePassword: !changed } }),
      'POST /api/auth/password': () => {
        changed = true;
        return noContent;
      },
      'GET /api/health': ok({ status: 'ok', db: 'ok' }),
      'GET /api/items': ok(buildItemList([])),
    });
    const user = setupUser();
    const { location } = renderApp('/ledger');

    expect(await screen.findByText('请先修改密码')).toBeInTheDocument();
    expect(location()).toBe('/change-password?next=%2Fledger');

    await user.type(screen.getByLabelText('当前密码'), 'Initial@2018');
    await user.type(screen.getByLabelText('新密码'), 'short');
    await user.type(screen.getByLabelText('确认新密码'), 'other');
    await user.click(screen.getByRole('button', { name: '修改密码' }));
    expect(await screen.findByText('密码至少 8 位')).toBeInTheDocument();
    expect(screen.getByText('两次输入的新密码不一致')).toBeInTheDocument();

    await user.clear(screen.getByLabelText('新密码'));
    await user.type(screen.getByLabelText('新密码'), 'Initial@2018');
    expect(await screen.findByText('新密码不能与当前密码相同')).toBeInTheDocument();

    await user.clear(screen.getByLabelText('新密码'));
    await user.type(screen.getByLabelText('新密码'), 'Better#2026');
    await user.clear(screen.getByLabelText('确认新密码'));
    await user.type(screen.getByLabelText('确认新密码'), 'Better#2026');
    await user.click(screen.getByRole('button', { name: '修改密码' }));

    expect(await screen.findByText('没有符合条件的事项')).toBeInTheDocument();
    expect(location()).toBe('/ledger');
    expect(server.calls('POST /api/auth/password')[0]?.body).toEqual({
      currentPassword: 'Initial@2018',
      newPassword: 'Better#2026',
    });
  });

  test('a session that ends meanwhile (any request answering 401) leads back to the login page', async () => {
    let expired = false;
    server = await startApiServer({
      'GET /api/auth/me': () =>
        expired ? apiError(401, '登录已失效，请重新登录') : ok({ user: buildSessionUser() }),
      'GET /api/items': () => {
        expired = true;
        return apiError(401, '登录已失效，请重新登录');
      },
    });
    const { location } = renderApp('/ledger?kind=task');

    expect(await screen.findByRole('button', { name: '登录' })).toBeInTheDocument();
    expect(location()).toBe('/login?next=%2Fledger%3Fkind%3Dtask');
  });

  test('logout ends the session and shows the login page', async () => {
    let loggedIn = true;
    server = await startApiServer({
      'GET /api/auth/me': () => (loggedIn ? ok({ user: buildSessionUser() }) : apiError(401, '请先登录')),
      'POST /api/auth/logout': () => {
        loggedIn = false;
        return noContent;
      },
      'GET /api/health': ok({ status: 'ok', db: 'ok' }),
      'GET /api/items': ok(buildItemList([])),
    });
    const user = setupUser();
    const { location } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: /当前用户/ }));
    await user.click(await screen.findByRole('menuitem', { name: /退出登录/ }));

    expect(await screen.findByRole('button', { name: '登录' })).toBeInTheDocument();
    expect(location()).toBe('/login');
    expect(server.calls('POST /api/auth/logout')).toHaveLength(1);
  });
});
