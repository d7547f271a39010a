import { LOCK_MINUTES, MAX_LOGIN_FAILURES, SESSION_IDLE_MINUTES } from '@ledger/domain/accounts';
import { verifyAuditChain } from '@ledger/db/audit';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';

import { loginAs, useTestApp } from './helpers';

describe('accounts and sessions', () => {
  const context = useTestApp({ seed: true });
  const inject = (options: InjectOptions) => context.app.inject(options);

  it('logs in with an HttpOnly, SameSite=Strict cookie and tells who the user is', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'officer.hushu', password: 'Ledger@2018' },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((candidate) => candidate.name === 'ledger_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.secure).toBeFalsy();

    const me = await inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `ledger_session=${cookie.value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({
      username: 'officer.hushu',
      role: 'UNIT_OFFICER',
      unitName: '湖墅街道',
      permissions: expect.arrayContaining(['read:item:own-unit', 'create:progress:own-unit']),
    });
  });

  it('answers an unknown API path with a JSON 404 naming it, once logged in', async () => {
    const { cookie } = await loginAs(context, 'coordinator');
    const response = await inject({ method: 'GET', url: '/api/no-such-thing?x=1', headers: { cookie } });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toContain('/api/no-such-thing');
  });

  it('marks the cookie Secure behind TLS', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { username: 'auditor', password: 'Ledger@2018' },
    });
    expect(response.cookies.find((candidate) => candidate.name === 'ledger_session')?.secure).toBe(true);
  });

  it('answers 401 without a session, and the same message for an unknown user and a wrong password', async () => {
    expect((await inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const unknown = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'x' },
    });
    const wrong = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'leader', password: 'x' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().message).toBe(wrong.json().message);
  });

  it(`locks the account for ${LOCK_MINUTES} minutes after ${MAX_LOGIN_FAILURES} failures in a row, audited`, async () => {
    const attempt = (password: string) =>
      inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'officer.banshan', password } });
    for (let n = 1; n < MAX_LOGIN_FAILURES; n++) expect((await attempt('wrong')).statusCode).toBe(401);
    const locking = await attempt('wrong');
    expect(locking.statusCode).toBe(423);
    const unlocksAt = new Date(locking.json().unlocksAt).getTime();
    expect(unlocksAt - Date.now()).toBeGreaterThan((LOCK_MINUTES - 1) * 60_000);
    expect(locking.json().message).toContain('锁定');

    // Even the right password is refused while locked.
    expect((await attempt('Ledger@2018')).statusCode).toBe(423);

    const records = await context.db.prisma.auditLog.findMany({
      where: { action: { in: ['auth.login', 'auth.lock'] }, actorName: { contains: '半山街道' } },
      orderBy: { id: 'asc' },
    });
    expect(
      records.filter((record) => record.action === 'auth.login' && record.outcome === 'FAILURE'),
    ).toHaveLength(MAX_LOGIN_FAILURES + 1);
    expect(records.filter((record) => record.action === 'auth.lock')).toHaveLength(1);

    // Once the lock has run out, the right password works again.
    await context.db.prisma.user.update({
      where: { username: 'officer.banshan' },
      data: { lockedUntil: new Date(Date.now() - 1_000) },
    });
    expect((await attempt('Ledger@2018')).statusCode).toBe(200);
  });

  it(`ends a session idle for ${SESSION_IDLE_MINUTES} minutes, and one past its absolute limit`, async () => {
    const { cookie } = await loginAs(context, 'leader');
    const { cookie: other } = await loginAs(context, 'leader');
    const sessions = await context.db.prisma.session.findMany({
      where: { user: { username: 'leader' }, revokedAt: null },
      orderBy: { createdAt: 'asc' },
    });
    const [idle, old] = sessions.slice(-2);
    await context.db.prisma.session.update({
      where: { id: idle!.id },
      data: { lastSeenAt: new Date(Date.now() - SESSION_IDLE_MINUTES * 60_000 - 1_000) },
    });
    await context.db.prisma.session.update({
      where: { id: old!.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect((await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect(
      (await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: other } })).statusCode,
    ).toBe(401);
  });

  it('ends the session server-side at logout', async () => {
    const { cookie } = await loginAs(context, 'auditor');
    expect((await inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(
      204,
    );
    expect((await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('changes the password by policy, ends the other sessions and keeps the caller logged in', async () => {
    const { cookie: elsewhere } = await loginAs(context, 'head.hushu');
    const { cookie } = await loginAs(context, 'head.hushu');
    const weak = await inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: 'Ledger@2018', newPassword: 'abcdefgh' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().message).toContain('newPassword');

    const changed = await inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: 'Ledger@2018', newPassword: 'Gongshu#2026' },
    });
    expect(changed.statusCode).toBe(204);
    const fresh = `ledger_session=${changed.cookies.find((candidate) => candidate.name === 'ledger_session')!.value}`;
    expect(
      (await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: elsewhere } })).statusCode,
    ).toBe(401);
    expect((await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect(
      (await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: fresh } })).statusCode,
    ).toBe(200);
    await loginAs(context, 'head.hushu', 'Gongshu#2026');
  });

  it('keeps the audit chain intact through all of it', async () => {
    expect(await verifyAuditChain(context.db.prisma)).toMatchObject({ ok: true });
  });
});
