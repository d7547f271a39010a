import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildSessionUser, buildUnit, buildUserAccount, units } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

import type { UserAccount } from '../api/get-users';

/**
 * The open modal with this title. (By role and name it cannot be found: under test, antd gives
 * every modal title the same id, so aria-labelledby does not tell them apart.)
 */
const findDialog = async (title: string) => {
  const heading = await screen.findByText(title, { selector: '.ant-modal-title' });
  return heading.closest('[role="dialog"]') as HTMLElement;
};

describe('user administration', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (accounts: UserAccount[], viewer = buildSessionUser('ADMIN')) => {
    const stored = [...accounts];
    const saved = (id: string, change: Partial<UserAccount>) => {
      const index = stored.findIndex((account) => account.id === id);
      stored[index] = { ...stored[index]!, ...change };
      return ok({ user: stored[index] });
    };
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: viewer }),
      'GET /api/units': ok({ units: [buildUnit({ ...units.hushu }), buildUnit({ ...units.banshan })] }),
      'GET /api/users': () => ok({ users: stored, total: stored.length, page: 1, pageSize: 20 }),
      'POST /api/users': ({ body }) => {
        const input = body as {
          username: string;
          displayName: string;
          role: UserAccount['role'];
          unitId: string;
        };
        const created = buildUserAccount({ ...input, unit: units.banshan, mustChangePassword: true });
        stored.push(created);
        return { status: 201, body: { user: created } };
      },
      'POST /api/users/:id/reset-password': ({ params }) =>
        ok({
          user: { ...stored.find((account) => account.id === params.id)!, mustChangePassword: true },
          temporaryPassword: 'Tmp#8xQ2-kL9',
        }),
      'POST /api/users/:id/unlock': ({ params }) => saved(params.id!, { lockedUntil: null }),
      'POST /api/users/:id/reset-second-factor': ({ params }) => saved(params.id!, { totpEnabled: false }),
    });
    return server;
  };

  test('a new user is checked with createUserInput, sent, and then listed', async () => {
    setScreenWidth(1280);
    await start([buildUserAccount({ username: 'officer.hushu', displayName: '湖墅街道 王丽' })]);
    const user = setupUser();
    renderApp('/admin/users');

    expect(await screen.findByText('officer.hushu')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /新增用户/ }));
    const dialog = await findDialog('新增用户');

    await user.type(within(dialog).getByLabelText('账号'), '王 丽');
    await user.type(within(dialog).getByLabelText('初始密码'), 'password');
    await user.click(within(dialog).getByRole('combobox', { name: '角色' }));
    await user.click(await screen.findByTitle('经办人'));
    await user.click(within(dialog).getByRole('button', { name: '保存' }));

    expect(await within(dialog).findByText('账号只能包含字母、数字、点、下划线和连字符')).toBeInTheDocument();
    expect(within(dialog).getByText('请输入姓名')).toBeInTheDocument();
    expect(
      within(dialog).getByText('密码须包含大写字母、小写字母、数字、符号中的至少三类'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('经办人须属于一个单位')).toBeInTheDocument();
    expect(server!.calls('POST /api/users')).toEqual([]);

    await user.clear(within(dialog).getByLabelText('账号'));
    await user.type(within(dialog).getByLabelText('账号'), 'officer.banshan2');
    await user.type(within(dialog).getByLabelText('姓名'), '半山街道 赵敏');
    await user.click(within(dialog).getByRole('combobox', { name: '所属单位' }));
    await user.click(await screen.findByTitle('半山街道'));
    await user.click(within(dialog).getByRole('button', { name: '生成' }));
    const password = (within(dialog).getByLabelText('初始密码') as HTMLInputElement).value;
    await user.click(within(dialog).getByRole('button', { name: '保存' }));

    expect(await screen.findByText('已新增用户 officer.banshan2')).toBeInTheDocument();
    expect(server!.calls('POST /api/users')[0]?.body).toEqual({
      username: 'officer.banshan2',
      displayName: '半山街道 赵敏',
      role: 'UNIT_OFFICER',
      unitId: units.banshan.id,
      phone: null,
      password,
    });
    expect(await screen.findByText('半山街道 赵敏')).toBeInTheDocument();
  });

  test('a password reset shows the temporary password once', async () => {
    setScreenWidth(1280);
    const locked = buildUserAccount({
      username: 'officer.hushu',
      displayName: '湖墅街道 王丽',
      lockedUntil: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    await start([locked, buildUserAccount({ username: 'head.hushu' })]);
    const user = setupUser();
    renderApp('/admin/users');

    const row = (await screen.findByText('officer.hushu')).closest('tr')!;
    await user.click(within(row).getByRole('button', { name: '重置密码' }));
    // Asked within the confirmation: naming every button of the table is slow in jsdom.
    await user.click(within(await screen.findByRole('tooltip')).getByRole('button', { name: '重置' }));

    const dialog = await findDialog('临时密码');
    expect(within(dialog).getByText('Tmp#8xQ2-kL9')).toBeInTheDocument();
    expect(dialog).toHaveTextContent('此密码只显示这一次');
    await user.click(within(dialog).getByRole('button', { name: '我已记下' }));
    await expect.poll(() => screen.queryByText('Tmp#8xQ2-kL9')).toBeNull();
  });

  // The actions are found by their text: naming every button of a table row is slow in jsdom.
  const actionsOf = (row: HTMLElement) =>
    [...row.querySelectorAll('button')].map((button) => button.textContent);

  test('the system admin manages accounts, but neither unlocks them nor resets second factors', async () => {
    setScreenWidth(1280);
    await start([
      buildUserAccount({
        username: 'officer.hushu',
        totpEnabled: true,
        lockedUntil: new Date(Date.now() + 10 * 60_000).toISOString(),
      }),
      buildUserAccount({ username: 'coordinator', role: 'COORDINATOR', unit: null, unitId: null }),
    ]);
    renderApp('/admin/users');

    const row = (await screen.findByText('officer.hushu')).closest('tr')!;
    expect(screen.getByText('新增用户')).toBeInTheDocument();
    expect(actionsOf(row)).toEqual(['编辑', '停用', '重置密码']);
    expect(screen.getByText('双因素认证', { selector: 'th' })).toBeInTheDocument();
    expect(within(row).getByText('已绑定')).toBeInTheDocument();
    expect(within(screen.getByText('coordinator').closest('tr')!).getByText('未绑定')).toBeInTheDocument();
  });

  test('the security admin unlocks accounts and resets second factors, and changes nothing else', async () => {
    setScreenWidth(1280);
    const viewer = buildSessionUser('SECURITY_ADMIN', { username: 'secadmin', totpEnabled: true });
    await start(
      [
        buildUserAccount({
          username: 'officer.hushu',
          displayName: '湖墅街道 王丽',
          totpEnabled: true,
          lockedUntil: new Date(Date.now() + 10 * 60_000).toISOString(),
        }),
        buildUserAccount({ username: 'head.hushu' }),
        buildUserAccount({ id: viewer.id, username: 'secadmin', role: 'SECURITY_ADMIN', totpEnabled: true }),
      ],
      viewer,
    );
    const user = setupUser();
    renderApp('/admin/users');

    const row = (await screen.findByText('officer.hushu')).closest('tr')!;
    expect(screen.queryByText('新增用户')).toBeNull();
    expect(actionsOf(row)).toEqual(['解除锁定', '重置双因素认证']);
    // Only a bound authenticator can be reset, and not one's own (the API refuses it).
    expect(actionsOf(screen.getByText('head.hushu').closest('tr')!)).toEqual([]);
    expect(actionsOf(screen.getByText('secadmin').closest('tr')!)).toEqual([]);

    await user.click(within(row).getByText('重置双因素认证'));
    const confirm = await screen.findByRole('tooltip');
    expect(confirm).toHaveTextContent('重置 湖墅街道 王丽 的双因素认证？');
    expect(confirm).toHaveTextContent('将解绑其身份验证器、作废全部恢复码并结束其所有登录会话。');
    await user.click(within(confirm).getByRole('button', { name: '重置' }));

    expect(await screen.findByText('已重置 湖墅街道 王丽 的双因素认证')).toBeInTheDocument();
    await expect
      .poll(() => actionsOf(screen.getByText('officer.hushu').closest('tr')!))
      .toEqual(['解除锁定']);
    expect(server!.calls('POST /api/users/:id/reset-second-factor')).toHaveLength(1);

    await user.click(within(screen.getByText('officer.hushu').closest('tr')!).getByText('解除锁定'));
    await user.click(
      within(await screen.findByRole('tooltip', { name: /解除/ })).getByRole('button', { name: '解锁' }),
    );
    expect(await screen.findByText('已解除 湖墅街道 王丽 的锁定')).toBeInTheDocument();
    expect(server!.calls('POST /api/users/:id/unlock')).toHaveLength(1);
  });

  test('the audit admin has no user list', async () => {
    await start([buildUserAccount()], buildSessionUser('AUDIT_ADMIN'));
    renderApp('/admin/users');

    expect(await screen.findByText('无权访问')).toBeInTheDocument();
    expect(server!.calls('GET /api/users')).toEqual([]);
  });
});
