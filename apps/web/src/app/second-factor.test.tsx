import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import type { SessionUser } from '@/features/auth/api/get-session';
import { apiError, noContent, ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildItemList, buildSessionUser } from '@/testing/data';
import { renderApp, setupUser } from '@/testing/test-utils';

const codeIssue = (field: string, message: string) =>
  apiError(400, message, { issues: [{ field: `body.${field}`, message }] });

const recoveryCodes = Array.from({ length: 10 }, (_, index) => `ABCDE-${String(index).padStart(5, '2')}`);

describe('the second factor at login', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** An API whose login opens a half session that owes its code (the account has an authenticator). */
  const startWithAuthenticator = async (account: SessionUser) => {
    let session: SessionUser | null = null;
    server = await startApiServer({
      'GET /api/auth/me': () => (session ? ok({ user: session }) : apiError(401, '请先登录')),
      'POST /api/auth/login': () => {
        session = { ...account, secondFactor: 'verify' };
        return ok({ user: session });
      },
      'POST /api/auth/logout': () => {
        session = null;
        return noContent;
      },
      'GET /api/items': ok(buildItemList([])),
      'GET /api/health': ok({ status: 'ok', db: 'ok' }),
    });
    return {
      server,
      /** The answer of a right second step: the session is complete from now on. */
      complete: () => {
        session = account;
        return ok({ user: account });
      },
    };
  };

  const logIn = async (user: ReturnType<typeof setupUser>) => {
    await user.type(await screen.findByLabelText('账号'), 'officer.hushu');
    await user.type(screen.getByLabelText('密码'), 'Ledger@2018');
    await user.click(screen.getByRole('button', { name: '登录' }));
  };

  test('the code is asked on the login page after the password, sent once complete, and a refused one is marked', async () => {
    const officer = buildSessionUser('UNIT_OFFICER', { username: 'officer.hushu', totpEnabled: true });
    const { server, complete } = await startWithAuthenticator(officer);
    server.use({
      'POST /api/auth/second-factor': ({ body }) =>
        (body as { code: string }).code === '246810'
          ? complete()
          : codeIssue('code', '验证码不正确，请核对手机时间后输入最新的验证码'),
    });
    const user = setupUser();
    const { location } = renderApp('/ledger?kind=task');
    await logIn(user);

    const code = await screen.findByLabelText('验证码');
    expect(location()).toBe('/login?next=%2Fledger%3Fkind%3Dtask');
    expect(
      screen.getByText(/请打开手机上的身份验证器，输入“officer.hushu”当前显示的 6 位验证码/),
    ).toBeInTheDocument();
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(code).toHaveAttribute('inputmode', 'numeric');

    // Six digits send themselves: no button press.
    await user.type(code, '135791');
    expect(await screen.findByText('验证码不正确，请核对手机时间后输入最新的验证码')).toBeInTheDocument();
    expect(location()).toBe('/login?next=%2Fledger%3Fkind%3Dtask');

    // As authenticators show it, with a space; only the digits are kept.
    await user.clear(code);
    await user.type(code, '246 810');
    expect(await screen.findByText('没有符合条件的事项')).toBeInTheDocument();
    expect(location()).toBe('/ledger?kind=task');
    expect(server.calls('POST /api/auth/second-factor').map((call) => call.body)).toEqual([
      { code: '135791' },
      { code: '246810' },
    ]);
  });

  test('a short code is refused before sending, with the message of totpCodeInput', async () => {
    const { server } = await startWithAuthenticator(buildSessionUser('UNIT_OFFICER', { totpEnabled: true }));
    const user = setupUser();
    renderApp('/login');
    await logIn(user);

    await user.type(await screen.findByLabelText('验证码'), '1234');
    await user.click(screen.getByRole('button', { name: '验证' }));

    expect(await screen.findByText('验证码为 6 位数字')).toBeInTheDocument();
    expect(server.calls('POST /api/auth/second-factor')).toEqual([]);
  });

  test('a recovery code can stand in for the code', async () => {
    const { server, complete } = await startWithAuthenticator(
      buildSessionUser('UNIT_OFFICER', { totpEnabled: true }),
    );
    server.use({
      'POST /api/auth/second-factor': ({ body }) =>
        (body as { recoveryCode: string }).recoveryCode === 'QRSTV-WXYZ2'
          ? complete()
          : codeIssue('recoveryCode', '恢复码不正确或已使用'),
    });
    const user = setupUser();
    const { location } = renderApp('/ledger');
    await logIn(user);

    await user.click(await screen.findByRole('button', { name: '使用恢复码' }));
    expect(screen.queryByLabelText('验证码')).toBeNull();
    await user.type(screen.getByLabelText('恢复码'), 'AAAAA-BBBBB');
    await user.click(screen.getByRole('button', { name: '验证' }));
    expect(await screen.findByText('恢复码不正确或已使用')).toBeInTheDocument();

    await user.clear(screen.getByLabelText('恢复码'));
    await user.type(screen.getByLabelText('恢复码'), 'QRSTV-WXYZ2');
    // The ending: after a request, antd leaves the loading icon (named "loading") in the button
    // under jsdom, whose CSS transitions never end.
    await user.click(screen.getByRole('button', { name: /验证$/ }));

    expect(await screen.findByText('没有符合条件的事项')).toBeInTheDocument();
    expect(location()).toBe('/ledger');
    expect(server.calls('POST /api/auth/second-factor').map((call) => call.body)).toEqual([
      { recoveryCode: 'AAAAA-BBBBB' },
      { recoveryCode: 'QRSTV-WXYZ2' },
    ]);
  });

  test('返回 ends the half session and starts the login over', async () => {
    const { server } = await startWithAuthenticator(buildSessionUser('UNIT_OFFICER', { totpEnabled: true }));
    const user = setupUser();
    renderApp('/login');
    await logIn(user);

    await user.click(await screen.findByRole('button', { name: '返回' }));

    expect(await screen.findByLabelText('账号')).toBeInTheDocument();
    expect(screen.queryByLabelText('验证码')).toBeNull();
    expect(server.calls('POST /api/auth/logout')).toHaveLength(1);
  });

  test('a lockout after wrong codes says until when', async () => {
    const { server } = await startWithAuthenticator(buildSessionUser('UNIT_OFFICER', { totpEnabled: true }));
    server.use({
      'POST /api/auth/second-factor': apiError(423, '登录失败次数过多，账号已锁定至 2026-11-29 14:35', {
        unlocksAt: '2026-11-29T06:35:00.000Z',
      }),
    });
    const user = setupUser();
    renderApp('/login');
    await logIn(user);

    await user.type(await screen.findByLabelText('验证码'), '000000');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('登录失败次数过多，账号已锁定至 2026-11-29 14:35');
    expect(alert).toHaveTextContent('请于 2026-11-29 14:35 后重试，或联系安全管理员解锁。');
  });
});

describe('guards of a login that owes a step', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('a half session opening a page is sent to the code step, and back to the page after it', async () => {
    let step: SessionUser['secondFactor'] = 'verify';
    const officer = () => buildSessionUser('UNIT_OFFICER', { totpEnabled: true, secondFactor: step });
    server = await startApiServer({
      'GET /api/auth/me': () => ok({ user: officer() }),
      'POST /api/auth/second-factor': () => {
        step = null;
        return ok({ user: officer() });
      },
      'GET /api/items': ok(buildItemList([])),
    });
    const user = setupUser();
    const { location } = renderApp('/ledger');

    await user.type(await screen.findByLabelText('验证码'), '123456');

    expect(await screen.findByText('没有符合条件的事项')).toBeInTheDocument();
    expect(location()).toBe('/ledger');
  });

  test('a 403 asking for the second factor from any request sends the user to the code step', async () => {
    let step: SessionUser['secondFactor'] = null;
    server = await startApiServer({
      'GET /api/auth/me': () => ok({ user: buildSessionUser('UNIT_OFFICER', { secondFactor: step }) }),
      'GET /api/items': () => {
        step = 'verify';
        return apiError(403, '请先输入身份验证器中的验证码', { secondFactor: 'verify' });
      },
    });
    const { location } = renderApp('/ledger?overdue=true');

    expect(await screen.findByLabelText('验证码')).toBeInTheDocument();
    expect(location()).toBe('/login?next=%2Fledger%3Foverdue%3Dtrue');
  });

  test('a role that must bind an authenticator does so first, sees its recovery codes once, then changes its password', async () => {
    const coordinator = buildSessionUser('COORDINATOR', {
      username: 'coordinator',
      displayName: '协调小组 陈志远',
      mustChangePassword: true,
    });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: { ...coordinator, secondFactor: 'enrol' } }),
      'POST /api/auth/totp/enrolment': ok({
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        otpauthUri:
          'otpauth://totp/%E6%8B%B1%E5%A2%85%E5%8C%BA%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6:coordinator?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      }),
      'POST /api/auth/totp/enrolment/confirm': ({ body }) =>
        (body as { code: string }).code === '112233'
          ? ok({ user: { ...coordinator, totpEnabled: true }, recoveryCodes })
          : codeIssue('code', '验证码不正确，请核对手机时间后输入最新的验证码'),
    });
    const user = setupUser();
    const { location } = renderApp('/ledger');

    expect(await screen.findByText('请先绑定身份验证器')).toBeInTheDocument();
    expect(location()).toBe('/security/second-factor?next=%2Fledger');
    expect(screen.getByText(/您的角色（区整改协调小组）须使用双因素认证/)).toBeInTheDocument();
    // Nothing leads around it but logging out.
    expect(screen.queryByRole('link', { name: '返回' })).toBeNull();
    expect(screen.getByRole('button', { name: '退出登录' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '生成绑定二维码' }));
    const qr = await screen.findByRole('img', { name: '身份验证器绑定二维码' });
    expect(qr.querySelector('svg')).not.toBeNull();
    expect(screen.getByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')).toBeInTheDocument();
    expect(screen.getByText(/账号填写 coordinator/)).toBeInTheDocument();

    await user.type(screen.getByLabelText('验证码'), '999999');
    expect(await screen.findByText('验证码不正确，请核对手机时间后输入最新的验证码')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('验证码'));
    await user.type(screen.getByLabelText('验证码'), '112233');

    const sheet = await screen.findByRole('region', { name: '恢复码' });
    expect(
      within(sheet)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(recoveryCodes);
    expect(screen.getByText('恢复码只显示这一次')).toBeInTheDocument();
    const proceed = screen.getByRole('button', { name: '继续' });
    expect(proceed).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: '我已妥善保存恢复码' }));
    await user.click(proceed);

    expect(await screen.findByText('请先修改密码')).toBeInTheDocument();
    expect(location()).toBe('/change-password?next=%2Fledger');
    expect(screen.queryByText(recoveryCodes[0]!)).toBeNull();
    expect(server.calls('POST /api/auth/totp/enrolment/confirm').map((call) => call.body)).toEqual([
      { code: '999999' },
      { code: '112233' },
    ]);
  });

  test('the password page of a half session sends it to its second factor first', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({
        user: buildSessionUser('AUDITOR', { secondFactor: 'enrol', mustChangePassword: true }),
      }),
    });
    const { location } = renderApp('/change-password');

    expect(await screen.findByText('请先绑定身份验证器')).toBeInTheDocument();
    expect(location()).toBe('/security/second-factor?next=%2Fchange-password');
  });
});

describe('the 双因素认证 page of a complete session', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('an officer opens it from the account menu, renews the recovery codes and turns it off', async () => {
    let enabled = true;
    server = await startApiServer({
      'GET /api/auth/me': () => ok({ user: buildSessionUser('UNIT_OFFICER', { totpEnabled: enabled }) }),
      'GET /api/health': ok({ status: 'ok', db: 'ok' }),
      'POST /api/auth/totp/recovery-codes': ok({ recoveryCodes }),
      'POST /api/auth/totp/disable': ({ body }) => {
        if ((body as { code: string }).code !== '654321') {
          return codeIssue('code', '验证码不正确或已使用过，请输入身份验证器中的最新验证码');
        }
        enabled = false;
        return noContent;
      },
    });
    const user = setupUser();
    const { location } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: /当前用户/ }));
    await user.click(await screen.findByRole('menuitem', { name: /双因素认证/ }));
    expect(await screen.findByText('已绑定')).toBeInTheDocument();
    expect(location()).toBe('/security/second-factor');
    expect(screen.getByRole('link', { name: '返回' })).toHaveAttribute('href', '/');

    await user.click(screen.getByRole('button', { name: '重新生成恢复码' }));
    await user.type(screen.getByLabelText('验证码'), '123456');
    const sheet = await screen.findByRole('region', { name: '恢复码' });
    expect(within(sheet).getAllByRole('listitem')).toHaveLength(10);
    await user.click(screen.getByRole('checkbox', { name: '我已妥善保存恢复码' }));
    await user.click(screen.getByRole('button', { name: '完成' }));
    expect(screen.queryByRole('region', { name: '恢复码' })).toBeNull();
    expect(server.calls('POST /api/auth/totp/recovery-codes')[0]?.body).toEqual({ code: '123456' });

    await user.click(screen.getByRole('button', { name: '关闭双因素认证' }));
    await user.type(screen.getByLabelText('验证码'), '111111');
    expect(
      await screen.findByText('验证码不正确或已使用过，请输入身份验证器中的最新验证码'),
    ).toBeInTheDocument();
    await user.clear(screen.getByLabelText('验证码'));
    await user.type(screen.getByLabelText('验证码'), '654321');

    expect(await screen.findByText('未绑定')).toBeInTheDocument();
    expect(screen.getByText('已关闭双因素认证')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '绑定身份验证器' })).toBeInTheDocument();
  });

  test('a role that needs a second factor cannot turn it off and is told whom to ask', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR', { totpEnabled: true }) }),
    });
    renderApp('/security/second-factor');

    expect(await screen.findByText('已绑定')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '重新生成恢复码' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '关闭双因素认证' })).toBeNull();
    expect(screen.getByText(/请联系安全管理员重置双因素认证/)).toBeInTheDocument();
  });
});
