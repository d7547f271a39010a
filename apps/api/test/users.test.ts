import { MAX_LOGIN_FAILURES, password as passwordPolicy } from '@ledger/domain/accounts';
import { verifyAuditChain } from '@ledger/db/audit';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';

import { loginAs, useTestApp } from './helpers';

const INITIAL_PASSWORD = 'Start#2026ok';

describe('user administration', () => {
  const context = useTestApp({ seed: true });
  const inject = (options: InjectOptions) => context.app.inject(options);
  const prisma = () => context.db.prisma;

  const admin = async () => (await loginAs(context, 'admin')).cookie;
  const unitId = async (code: string) =>
    (await prisma().unit.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
  const userId = async (username: string) =>
    (await prisma().user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;

  /** Runs a request and answers it with the audit records it wrote. */
  async function withAudit(request: () => Promise<Awaited<ReturnType<typeof inject>>>) {
    const last = await prisma().auditLog.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    const response = await request();
    const records = await prisma().auditLog.findMany({
      where: { id: { gt: last?.id ?? 0n }, action: { startsWith: 'user.' } },
      orderBy: { id: 'asc' },
      omit: { id: true },
    });
    return { response, records };
  }

  async function createUser(cookie: string, overrides: Record<string, unknown> = {}) {
    return inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: {
        username: `u${Math.random().toString(36).slice(2, 10)}`,
        displayName: '湖墅街道 新同事',
        role: 'UNIT_OFFICER',
        unitId: await unitId('street-hushu'),
        phone: '0571-88000199',
        password: INITIAL_PASSWORD,
        ...overrides,
      },
    });
  }

  it('refuses every account endpoint to non-admins with 403 naming the permission, and 401 without a session', async () => {
    const target = await userId('officer.banshan');
    const endpoints: [InjectOptions, string][] = [
      [{ method: 'GET', url: '/api/users' }, 'read:user:any'],
      [{ method: 'GET', url: `/api/users/${target}` }, 'read:user:any'],
      [{ method: 'POST', url: '/api/users', payload: {} }, 'manage:user:any'],
      [{ method: 'PATCH', url: `/api/users/${target}`, payload: { status: 'DISABLED' } }, 'manage:user:any'],
      [{ method: 'POST', url: `/api/users/${target}/reset-password` }, 'manage:user:any'],
      [{ method: 'POST', url: `/api/users/${target}/unlock` }, 'unlock:user:any'],
      [{ method: 'POST', url: `/api/users/${target}/reset-second-factor` }, 'reset:second-factor:any'],
    ];
    for (const username of [
      'coordinator',
      'auditor',
      'leader',
      'officer.hushu',
      'head.hushu',
      'auditadmin',
    ]) {
      const { cookie } = await loginAs(context, username);
      for (const [endpoint, permission] of endpoints) {
        const response = await inject({ ...endpoint, headers: { cookie } });
        expect(response.statusCode, `${username} ${endpoint.method} ${endpoint.url}`).toBe(403);
        expect(response.json()).toMatchObject({ missingPermission: permission });
      }
    }
    for (const [endpoint] of endpoints) expect((await inject(endpoint)).statusCode).toBe(401);
    expect((await prisma().user.findUniqueOrThrow({ where: { id: target } })).status).toBe('ACTIVE');
  });

  it('lists users with unit, role, status, lockout and last login; filters and pages', async () => {
    const cookie = await admin();
    const all = await inject({ method: 'GET', url: '/api/users?pageSize=200', headers: { cookie } });
    expect(all.statusCode).toBe(200);
    const body = all.json();
    expect(body.total).toBe(await prisma().user.count());
    const hushu = body.users.find((user: { username: string }) => user.username === 'officer.hushu');
    expect(hushu).toMatchObject({
      displayName: '湖墅街道 王丽',
      role: 'UNIT_OFFICER',
      unit: { name: '湖墅街道' },
      status: 'ACTIVE',
      lockedUntil: null,
      mustChangePassword: false,
    });
    expect(hushu).toHaveProperty('lastLoginAt');
    expect(JSON.stringify(body)).not.toContain('argon2');

    const byUnit = await inject({
      method: 'GET',
      url: `/api/users?unitId=${await unitId('street-hushu')}&role=UNIT_HEAD`,
      headers: { cookie },
    });
    expect(byUnit.json().users.map((user: { username: string }) => user.username)).toEqual(['head.hushu']);

    const byName = await inject({ method: 'GET', url: '/api/users?q=王丽', headers: { cookie } });
    expect(byName.json().users.map((user: { username: string }) => user.username)).toEqual(['officer.hushu']);

    const page2 = await inject({ method: 'GET', url: '/api/users?page=2&pageSize=5', headers: { cookie } });
    expect(page2.json()).toMatchObject({ page: 2, pageSize: 5, total: body.total });
    expect(page2.json().users).toEqual(body.users.slice(5, 10));

    const bad = await inject({ method: 'GET', url: '/api/users?status=GONE', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('querystring.status');
  });

  it('creates a user who must change the password, with one audit record and no password in it', async () => {
    const cookie = await admin();
    const { response, records } = await withAudit(() => createUser(cookie, { username: 'officer.new' }));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().user).toMatchObject({
      username: 'officer.new',
      role: 'UNIT_OFFICER',
      unit: { name: '湖墅街道' },
      status: 'ACTIVE',
      mustChangePassword: true,
    });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      action: 'user.create',
      entityType: 'User',
      entityId: response.json().user.id,
      actorName: '系统管理员',
      outcome: 'SUCCESS',
      after: {
        username: 'officer.new',
        role: 'UNIT_OFFICER',
        unitName: '湖墅街道',
        mustChangePassword: true,
      },
    });
    expect(JSON.stringify(records)).not.toMatch(/argon2|passwordHash|Start#2026ok/);
  });

  it('refuses a duplicate username (409), a unit role without a unit, an unknown unit and a weak password (400 naming the field)', async () => {
    const cookie = await admin();
    for (const username of ['officer.hushu', 'Officer.Hushu']) {
      const duplicate = await createUser(cookie, { username });
      expect(duplicate.statusCode, username).toBe(409);
      expect(duplicate.json()).toMatchObject({ field: 'username' });
    }

    const noUnit = await createUser(cookie, { role: 'UNIT_HEAD', unitId: null });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().issues).toEqual([
      { field: 'body.unitId', message: expect.stringContaining('单位') },
    ]);

    const unknownUnit = await createUser(cookie, { unitId: '00000000-0000-7000-8000-000000000000' });
    expect(unknownUnit.statusCode).toBe(400);
    expect(unknownUnit.json().message).toContain('unitId');

    const weak = await createUser(cookie, { password: 'abcdefgh' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().message).toContain('body.password');

    // Roles that do not act for a unit need none.
    expect((await createUser(cookie, { role: 'DISTRICT_LEADER', unitId: null })).statusCode).toBe(201);
  });

  it('holds a new user to a password change: login → business endpoint 403 → change password → allowed', async () => {
    const cookie = await admin();
    expect((await createUser(cookie, { username: 'officer.first' })).statusCode).toBe(201);

    const { cookie: newcomer } = await loginAs(context, 'officer.first', INITIAL_PASSWORD);
    const held = await inject({ method: 'GET', url: '/api/units', headers: { cookie: newcomer } });
    expect(held.statusCode).toBe(403);
    expect(held.json()).toMatchObject({ mustChangePassword: true });
    const me = await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: newcomer } });
    expect(me.json().user).toMatchObject({ mustChangePassword: true });

    const changed = await inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: newcomer },
      payload: { currentPassword: INITIAL_PASSWORD, newPassword: 'Mine#2026ok' },
    });
    expect(changed.statusCode).toBe(204);
    const fresh = `ledger_session=${changed.cookies.find((candidate) => candidate.name === 'ledger_session')!.value}`;
    expect((await inject({ method: 'GET', url: '/api/units', headers: { cookie: fresh } })).statusCode).toBe(
      200,
    );
  });

  it('changes a user with one user.update record holding only what changed', async () => {
    const cookie = await admin();
    const id = (await createUser(cookie)).json().user.id;
    const xiaohe = await unitId('street-xiaohe');
    const { response, records } = await withAudit(() =>
      inject({
        method: 'PATCH',
        url: `/api/users/${id}`,
        headers: { cookie },
        payload: { displayName: '小河街道 调岗', unitId: xiaohe, role: 'UNIT_HEAD', phone: null },
      }),
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().user).toMatchObject({
      unit: { id: xiaohe, name: '小河街道' },
      role: 'UNIT_HEAD',
      phone: null,
    });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      action: 'user.update',
      before: {
        displayName: '湖墅街道 新同事',
        unitName: '湖墅街道',
        role: 'UNIT_OFFICER',
        phone: '0571-88000199',
      },
      after: { displayName: '小河街道 调岗', unitName: '小河街道', role: 'UNIT_HEAD', phone: null },
    });
    expect(Object.keys(records[0]!.after as object)).not.toContain('username');

    const unbound = await inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      headers: { cookie },
      payload: { unitId: null },
    });
    expect(unbound.statusCode).toBe(400);
    expect(unbound.json().issues[0].field).toBe('body.unitId');

    const missing = await inject({
      method: 'PATCH',
      url: '/api/users/00000000-0000-7000-8000-000000000000',
      headers: { cookie },
      payload: { displayName: '无此人' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('disables a user, ending their sessions at once; enabling does not revive them', async () => {
    const cookie = await admin();
    const { cookie: victim } = await loginAs(context, 'officer.banshan');
    expect((await inject({ method: 'GET', url: '/api/units', headers: { cookie: victim } })).statusCode).toBe(
      200,
    );
    const id = await userId('officer.banshan');

    const { response, records } = await withAudit(() =>
      inject({
        method: 'PATCH',
        url: `/api/users/${id}`,
        headers: { cookie },
        payload: { status: 'DISABLED' },
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().user.status).toBe('DISABLED');
    expect(records.map((record) => record.action)).toEqual(['user.disable']);
    expect(records[0]).toMatchObject({
      before: { status: 'ACTIVE' },
      after: { status: 'DISABLED', sessionsEnded: 1 },
    });
    expect((await inject({ method: 'GET', url: '/api/units', headers: { cookie: victim } })).statusCode).toBe(
      401,
    );
    const refused = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'officer.banshan', password: 'Ledger@2018' },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().message).toContain('停用');

    const enabled = await withAudit(() =>
      inject({
        method: 'PATCH',
        url: `/api/users/${id}`,
        headers: { cookie },
        payload: { status: 'ACTIVE' },
      }),
    );
    expect(enabled.records.map((record) => record.action)).toEqual(['user.enable']);
    expect((await inject({ method: 'GET', url: '/api/units', headers: { cookie: victim } })).statusCode).toBe(
      401,
    );
    await loginAs(context, 'officer.banshan');
  });

  it('does not let an admin disable themself or change their own role', async () => {
    const cookie = await admin();
    const self = await userId('admin');
    for (const [field, value] of [
      ['status', 'DISABLED'],
      ['role', 'AUDITOR'],
    ] as const) {
      const response = await inject({
        method: 'PATCH',
        url: `/api/users/${self}`,
        headers: { cookie },
        payload: { [field]: value },
      });
      expect(response.statusCode, field).toBe(400);
      expect(response.json().issues[0].field).toBe(`body.${field}`);
    }
    const admin2 = await prisma().user.findUniqueOrThrow({ where: { id: self } });
    expect(admin2).toMatchObject({ status: 'ACTIVE', role: 'ADMIN' });
    // Changing one's own name is fine.
    expect(
      (
        await inject({
          method: 'PATCH',
          url: `/api/users/${self}`,
          headers: { cookie },
          payload: { displayName: '系统管理员' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('resets a password: generated once, ends sessions, clears a lockout, forces a change at next login', async () => {
    const cookie = await admin();
    const { cookie: before } = await loginAs(context, 'officer.xiaohe');
    const id = await userId('officer.xiaohe');
    await prisma().user.update({
      where: { id },
      data: { lockedUntil: new Date(Date.now() + 600_000), failedLoginCount: 0 },
    });

    const { response, records } = await withAudit(() =>
      inject({ method: 'POST', url: `/api/users/${id}/reset-password`, headers: { cookie } }),
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { temporaryPassword, user } = response.json();
    expect(passwordPolicy.safeParse(temporaryPassword).success).toBe(true);
    expect(user).toMatchObject({ mustChangePassword: true, lockedUntil: null });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      action: 'user.password.reset',
      after: { mustChangePassword: true, lockedUntil: null, generated: true, sessionsEnded: 1 },
    });
    expect(JSON.stringify(records)).not.toContain(temporaryPassword);
    expect(JSON.stringify(records)).not.toContain('argon2');

    expect(
      (await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: before } })).statusCode,
    ).toBe(401);
    expect(
      (
        await inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'officer.xiaohe', password: 'Ledger@2018' },
        })
      ).statusCode,
    ).toBe(401);
    const { cookie: after } = await loginAs(context, 'officer.xiaohe', temporaryPassword);
    expect(
      (await inject({ method: 'GET', url: '/api/units', headers: { cookie: after } })).json(),
    ).toMatchObject({ mustChangePassword: true });

    // A password the admin chooses is checked by the policy and not echoed back.
    const weak = await inject({
      method: 'POST',
      url: `/api/users/${id}/reset-password`,
      headers: { cookie },
      payload: { password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().message).toContain('body.password');
    const chosen = await inject({
      method: 'POST',
      url: `/api/users/${id}/reset-password`,
      headers: { cookie },
      payload: { password: 'Chosen#2026' },
    });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json()).not.toHaveProperty('temporaryPassword');
    await loginAs(context, 'officer.xiaohe', 'Chosen#2026');

    const own = await inject({
      method: 'POST',
      url: `/api/users/${await userId('admin')}/reset-password`,
      headers: { cookie },
    });
    expect(own.statusCode).toBe(400);
  });

  it('unlocks a locked account (the security admin); the LOCKED filter finds it while the lock lasts', async () => {
    const { cookie } = await loginAs(context, 'secadmin');
    for (let n = 0; n < MAX_LOGIN_FAILURES; n++) {
      await inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'head.xiaohe', password: 'x' },
      });
    }
    const locked = await inject({ method: 'GET', url: '/api/users?status=LOCKED', headers: { cookie } });
    const row = locked.json().users.find((user: { username: string }) => user.username === 'head.xiaohe');
    expect(row.lockedUntil).not.toBeNull();

    const { response, records } = await withAudit(() =>
      inject({ method: 'POST', url: `/api/users/${row.id}/unlock`, headers: { cookie } }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().user.lockedUntil).toBeNull();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      action: 'user.unlock',
      before: { lockedUntil: row.lockedUntil },
      after: { lockedUntil: null, failedLoginCount: 0 },
    });
    await loginAs(context, 'head.xiaohe');
    const after = await inject({ method: 'GET', url: '/api/users?status=LOCKED', headers: { cookie } });
    expect(after.json().users.map((user: { username: string }) => user.username)).not.toContain(
      'head.xiaohe',
    );
  });

  it('never deletes a user', async () => {
    const cookie = await admin();
    const id = await userId('officer.banshan');
    const response = await inject({ method: 'DELETE', url: `/api/users/${id}`, headers: { cookie } });
    expect(response.statusCode).toBe(404);
    expect(await prisma().user.findUnique({ where: { id } })).not.toBeNull();
  });

  it('keeps the audit chain intact through all of it', async () => {
    expect(await verifyAuditChain(prisma())).toMatchObject({ ok: true });
  });
});
