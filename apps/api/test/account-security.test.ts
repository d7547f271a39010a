/**
 * The second factor (TOTP + recovery codes), 三员 resets, session fixation, CSRF and the login
 * rate limits — on an app NOT in demo mode, so that the privileged demo accounts must bind an
 * authenticator like real ones. Codes are computed from the secret the API hands out, with an
 * independent TOTP implementation's settings (RFC 6238: SHA-1, 6 digits, 30 s); the clock is
 * moved on by whole steps (Date only) where a test needs a fresh code, since a code is accepted once.
 */
import { MAX_LOGIN_FAILURES, RECOVERY_CODE_COUNT } from '@ledger/domain/accounts';
import { verifyAuditChain } from '@ledger/db/audit';
import { DEMO_PASSWORD } from '@ledger/db/seed/accounts';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { buildApp } from '../src/app';
import { IMPORT_RATE_LIMIT } from '../src/routes/api/imports/index';
import { useTestApp } from './helpers';

const STEP_MS = 30_000;

function codeFor(secret: string, at = Date.now()): string {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({
    timestamp: at,
  });
}

function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((candidate) => candidate.name === 'ledger_session');
  expect(cookie, response.body).toBeDefined();
  return `ledger_session=${cookie!.value}`;
}

let clockAheadMs = 0;
/**
 * Moves the clock (Date only) on by `steps` TOTP steps, so that a new code exists. The lead only
 * grows over the file: a code of a step already used stays refused.
 */
function nextStep(steps = 1) {
  clockAheadMs += steps * STEP_MS;
  vi.useFakeTimers({ toFake: ['Date'], now: performance.timeOrigin + performance.now() + clockAheadMs });
}

describe('second factor', () => {
  // A low per-address login limit, so that reaching it takes few (slow, argon2) attempts.
  const context = useTestApp({ seed: true, demoMode: false, loginsPerAddress: 40 });
  const inject = (options: InjectOptions) => context.app.inject(options);
  const prisma = () => context.db.prisma;
  /** each account's bound secret, by username */
  const secrets = new Map<string, string>();

  afterEach(() => {
    vi.useRealTimers();
  });
  // Each test starts from where the clock was last moved to.
  beforeEach(() => {
    nextStep(0);
  });

  const passwordStep = (username: string, headers: Record<string, string> = {}) =>
    inject({
      method: 'POST',
      url: '/api/auth/login',
      headers,
      payload: { username, password: DEMO_PASSWORD },
    });

  /** Logs in with password and (binding first, if needed) a fresh code; answers the Cookie header. */
  async function completeLogin(username: string): Promise<string> {
    const first = await passwordStep(username);
    expect(first.statusCode, first.body).toBe(200);
    const cookie = sessionCookie(first);
    const step = first.json().user.secondFactor as 'verify' | 'enrol' | null;
    if (step === null) return cookie;
    if (step === 'enrol') {
      const enrolment = await inject({
        method: 'POST',
        url: '/api/auth/totp/enrolment',
        headers: { cookie },
      });
      expect(enrolment.statusCode, enrolment.body).toBe(200);
      const { secret } = enrolment.json() as { secret: string };
      const confirmed = await inject({
        method: 'POST',
        url: '/api/auth/totp/enrolment/confirm',
        headers: { cookie },
        payload: { code: codeFor(secret) },
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      secrets.set(username, secret);
      return sessionCookie(confirmed);
    }
    nextStep();
    const verified = await inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: { cookie },
      payload: { code: codeFor(secrets.get(username)!) },
    });
    expect(verified.statusCode, verified.body).toBe(200);
    return sessionCookie(verified);
  }

  it('makes a coordinator without an authenticator bind one before anything else; binding replaces the session', async () => {
    const login = await passwordStep('coordinator');
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({
      secondFactor: 'enrol',
      secondFactorRequired: true,
      totpEnabled: false,
    });
    const half = sessionCookie(login);

    const refused = await inject({ method: 'GET', url: '/api/items', headers: { cookie: half } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ secondFactor: 'enrol' });
    expect(refused.json().message).toContain('身份验证器');
    expect(
      (await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: half } })).json().user,
    ).toMatchObject({ secondFactor: 'enrol' });
    // Nothing to verify yet, and no confirmation before a secret was made.
    expect(
      (
        await inject({
          method: 'POST',
          url: '/api/auth/second-factor',
          headers: { cookie: half },
          payload: { code: '123456' },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await inject({
          method: 'POST',
          url: '/api/auth/totp/enrolment/confirm',
          headers: { cookie: half },
          payload: { code: '123456' },
        })
      ).statusCode,
    ).toBe(409);

    const enrolment = await inject({
      method: 'POST',
      url: '/api/auth/totp/enrolment',
      headers: { cookie: half },
    });
    expect(enrolment.statusCode).toBe(200);
    expect(enrolment.headers['cache-control']).toBe('no-store');
    const { secret, otpauthUri } = enrolment.json() as { secret: string; otpauthUri: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/.*coordinator\?/);
    expect(new URL(otpauthUri).searchParams.get('secret')).toBe(secret);

    const wrong = await inject({
      method: 'POST',
      url: '/api/auth/totp/enrolment/confirm',
      headers: { cookie: half },
      payload: { code: codeFor(secret, Date.now() - 10 * STEP_MS) },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues[0].field).toBe('body.code');
    const malformed = await inject({
      method: 'POST',
      url: '/api/auth/totp/enrolment/confirm',
      headers: { cookie: half },
      payload: { code: '12ab' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().message).toContain('6 位数字');

    const confirmed = await inject({
      method: 'POST',
      url: '/api/auth/totp/enrolment/confirm',
      headers: { cookie: half },
      payload: { code: codeFor(secret) },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.headers['cache-control']).toBe('no-store');
    const { user, recoveryCodes } = confirmed.json() as {
      user: { secondFactor: null; totpEnabled: boolean };
      recoveryCodes: string[];
    };
    expect(user).toMatchObject({ secondFactor: null, totpEnabled: true });
    expect(recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(recoveryCodes).size).toBe(RECOVERY_CODE_COUNT);
    secrets.set('coordinator', secret);
    const full = sessionCookie(confirmed);
    expect(full).not.toBe(half);

    // The half session is over; the new one works.
    expect((await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: half } })).statusCode).toBe(
      401,
    );
    expect((await inject({ method: 'GET', url: '/api/items', headers: { cookie: full } })).statusCode).toBe(
      200,
    );

    // Stored sealed and hashed: neither the secret nor a recovery code is in the database as given.
    const row = await prisma().user.findUniqueOrThrow({
      where: { username: 'coordinator' },
      select: { totpSecret: true, totpEnabledAt: true, recoveryCodes: { select: { codeHash: true } } },
    });
    expect(row.totpEnabledAt).not.toBeNull();
    expect(row.totpSecret).not.toContain(secret);
    expect(row.recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    for (const code of recoveryCodes) {
      expect(row.recoveryCodes.some(({ codeHash }) => codeHash.includes(code.replace('-', '')))).toBe(false);
    }
    const audit = await prisma().auditLog.findMany({
      where: { action: 'auth.totp.enrol', actorId: await userId('coordinator') },
      orderBy: { id: 'asc' },
      select: { outcome: true },
    });
    expect(audit.map((record) => record.outcome)).toEqual(['FAILURE', 'SUCCESS']);
  });

  async function userId(username: string) {
    return (await prisma().user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
  }

  it('asks a bound account for its code at every login; a code is accepted once; a recovery code once', async () => {
    const secret = secrets.get('coordinator')!;
    nextStep();
    const login = await passwordStep('coordinator');
    expect(login.json().user.secondFactor).toBe('verify');
    const half = sessionCookie(login);
    const refused = await inject({ method: 'GET', url: '/api/items', headers: { cookie: half } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ secondFactor: 'verify' });

    const code = codeFor(secret);
    const verified = await inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: { cookie: half },
      payload: { code },
    });
    expect(verified.statusCode, verified.body).toBe(200);
    const full = sessionCookie(verified);
    expect(full).not.toBe(half);
    expect((await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: half } })).statusCode).toBe(
      401,
    );
    expect((await inject({ method: 'GET', url: '/api/items', headers: { cookie: full } })).statusCode).toBe(
      200,
    );

    // The same code again, on a new login within its 30 s: refused as used.
    const again = sessionCookie(await passwordStep('coordinator'));
    const replay = await inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: { cookie: again },
      payload: { code },
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().message).toContain('已使用');

    // A recovery code: new codes need a current code (the next step's).
    nextStep();
    const regenerated = await inject({
      method: 'POST',
      url: '/api/auth/totp/recovery-codes',
      headers: { cookie: full },
      payload: { code: codeFor(secret) },
    });
    expect(regenerated.statusCode, regenerated.body).toBe(200);
    const [recoveryCode] = regenerated.json().recoveryCodes as string[];
    const withRecovery = await inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: { cookie: again },
      payload: { recoveryCode: recoveryCode!.toLowerCase() },
    });
    expect(withRecovery.statusCode, withRecovery.body).toBe(200);
    const usedAgain = sessionCookie(await passwordStep('coordinator'));
    const reused = await inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: { cookie: usedAgain },
      payload: { recoveryCode },
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().issues[0].field).toBe('body.recoveryCode');
    const methods = await prisma().auditLog.findMany({
      where: { action: 'auth.second-factor', actorId: await userId('coordinator'), outcome: 'SUCCESS' },
      select: { after: true },
    });
    expect(methods.map((record) => (record.after as { method: string }).method).sort()).toEqual([
      'recovery-code',
      'totp',
    ]);
  });

  it(`locks the account after ${MAX_LOGIN_FAILURES} wrong codes in a row and ends its half session`, async () => {
    await completeLogin('auditor');
    const half = sessionCookie(await passwordStep('auditor'));
    let last: LightMyRequestResponse | undefined;
    for (let n = 0; n < MAX_LOGIN_FAILURES; n++) {
      last = await inject({
        method: 'POST',
        url: '/api/auth/second-factor',
        headers: { cookie: half },
        payload: { code: '000000' },
      });
    }
    expect(last!.statusCode).toBe(423);
    expect((await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: half } })).statusCode).toBe(
      401,
    );
    expect((await passwordStep('auditor')).statusCode).toBe(423);
    await prisma().user.update({
      where: { username: 'auditor' },
      data: { lockedUntil: null, failedLoginCount: 0 },
    });
  });

  it('accepts one code once even when it arrives on several half sessions at the same moment', async () => {
    const secret = secrets.get('coordinator')!;
    nextStep();
    const halves = await Promise.all(Array.from({ length: 4 }, () => passwordStep('coordinator')));
    const code = codeFor(secret);
    const answers = await Promise.all(
      halves.map((half) =>
        inject({
          method: 'POST',
          url: '/api/auth/second-factor',
          headers: { cookie: sessionCookie(half) },
          payload: { code },
        }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 400, 400, 400]);
  });

  it('counts wrong codes sent in parallel one by one: a burst locks the account', async () => {
    await completeLogin('leader');
    const half = sessionCookie(await passwordStep('leader'));
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        inject({
          method: 'POST',
          url: '/api/auth/second-factor',
          headers: { cookie: half },
          payload: { code: '000000' },
        }),
      ),
    );
    expect(
      answers.some((answer) => answer.statusCode === 423),
      answers.map((a) => a.statusCode).join(),
    ).toBe(true);
    const row = await prisma().user.findUniqueOrThrow({
      where: { username: 'leader' },
      select: { lockedUntil: true },
    });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    await prisma().user.update({
      where: { username: 'leader' },
      data: { lockedUntil: null, failedLoginCount: 0 },
    });
  });

  it('does not let a logged-in session bind a second authenticator over the first, nor guess codes without limit', async () => {
    const cookie = await completeLogin('coordinator');
    const rebind = await inject({ method: 'POST', url: '/api/auth/totp/enrolment', headers: { cookie } });
    expect(rebind.statusCode).toBe(409);
    expect(rebind.json().message).toContain('安全管理员');
    const before = await prisma().user.findUniqueOrThrow({
      where: { username: 'coordinator' },
      select: { failedLoginCount: true },
    });
    const wrong = await inject({
      method: 'POST',
      url: '/api/auth/totp/recovery-codes',
      headers: { cookie },
      payload: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(400);
    const after = await prisma().user.findUniqueOrThrow({
      where: { username: 'coordinator' },
      select: { failedLoginCount: true },
    });
    expect(after.failedLoginCount).toBe(before.failedLoginCount + 1);
  });

  it('lets roles that do not need it log in without, bind one voluntarily, and turn it off; the coordinator cannot', async () => {
    const login = await passwordStep('officer.hushu');
    expect(login.json().user).toMatchObject({ secondFactor: null, secondFactorRequired: false });
    const cookie = sessionCookie(login);
    const { secret } = (
      await inject({ method: 'POST', url: '/api/auth/totp/enrolment', headers: { cookie } })
    ).json();
    const confirmed = await inject({
      method: 'POST',
      url: '/api/auth/totp/enrolment/confirm',
      headers: { cookie },
      payload: { code: codeFor(secret) },
    });
    expect(confirmed.statusCode).toBe(200);
    secrets.set('officer.hushu', secret);
    const full = await completeLogin('officer.hushu');
    nextStep(2);
    const off = await inject({
      method: 'POST',
      url: '/api/auth/totp/disable',
      headers: { cookie: full },
      payload: { code: codeFor(secret) },
    });
    expect(off.statusCode, off.body).toBe(204);
    expect((await passwordStep('officer.hushu')).json().user.secondFactor).toBeNull();

    const coordinator = await completeLogin('coordinator');
    nextStep(3);
    const refused = await inject({
      method: 'POST',
      url: '/api/auth/totp/disable',
      headers: { cookie: coordinator },
      payload: { code: codeFor(secrets.get('coordinator')!) },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('lets only the security admin reset a second factor: audited, sessions ended, binding again at next login', async () => {
    const coordinator = await completeLogin('coordinator');
    const target = await userId('coordinator');
    const admin = await completeLogin('admin');
    const byAdmin = await inject({
      method: 'POST',
      url: `/api/users/${target}/reset-second-factor`,
      headers: { cookie: admin },
    });
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json()).toMatchObject({ missingPermission: 'reset:second-factor:any' });

    const security = await completeLogin('secadmin');
    const self = await inject({
      method: 'POST',
      url: `/api/users/${await userId('secadmin')}/reset-second-factor`,
      headers: { cookie: security },
    });
    expect(self.statusCode).toBe(400);
    const reset = await inject({
      method: 'POST',
      url: `/api/users/${target}/reset-second-factor`,
      headers: { cookie: security },
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().user.totpEnabled).toBe(false);
    expect(
      (await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: coordinator } })).statusCode,
    ).toBe(401);
    expect(await prisma().recoveryCode.count({ where: { userId: target } })).toBe(0);
    const record = await prisma().auditLog.findFirstOrThrow({
      where: { action: 'user.second-factor.reset', entityId: target },
      select: { actorId: true, after: true },
    });
    expect(record.actorId).toBe(await userId('secadmin'));
    expect(record.after).toMatchObject({ totpEnabled: false, recoveryCodesRemoved: RECOVERY_CODE_COUNT });
    expect((await passwordStep('coordinator')).json().user.secondFactor).toBe('enrol');
    // The system admin cannot read the trail; the audit admin can, and changes no account.
    expect((await inject({ method: 'GET', url: '/api/audit', headers: { cookie: admin } })).statusCode).toBe(
      403,
    );
    const auditAdmin = await completeLogin('auditadmin');
    expect(
      (await inject({ method: 'GET', url: '/api/audit', headers: { cookie: auditAdmin } })).statusCode,
    ).toBe(200);
    expect(
      (await inject({ method: 'GET', url: '/api/users', headers: { cookie: auditAdmin } })).statusCode,
    ).toBe(403);
  });

  it('never keeps a session token chosen before the login (session fixation)', async () => {
    const fixed = 'ledger_session=attacker-chosen-token';
    const login = await passwordStep('officer.banshan', { cookie: fixed });
    const issued = sessionCookie(login);
    expect(issued).not.toBe(fixed);
    expect(
      (await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: fixed } })).statusCode,
    ).toBe(401);
    expect(
      (await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: issued } })).statusCode,
    ).toBe(200);
  });

  it('refuses state-changing requests from another site (Origin, Referer, Sec-Fetch-Site); same-origin ones pass', async () => {
    const cookie = await completeLogin('officer.banshan');
    const logout = (headers: Record<string, string>) =>
      inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, ...headers } });
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/page' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'http://localhost:80' },
      { origin: 'http://localhost:80.evil.example' },
    ]) {
      const response = await logout(headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response.json()).toMatchObject({ crossSite: true });
    }
    // Still logged in: none of those reached the route.
    expect((await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    // Reading is not refused (a link from elsewhere may open a page).
    expect(
      (
        await inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: { cookie, origin: 'https://evil.example' },
        })
      ).statusCode,
    ).toBe(200);
    // The public objection form too.
    const objection = await inject({
      method: 'POST',
      url: '/api/public/notices/00000000-0000-7000-8000-000000000000/objections',
      headers: { origin: 'https://evil.example' },
      payload: { content: '异议' },
    });
    expect(objection.statusCode).toBe(403);
    const same = await logout({
      origin: 'http://localhost:80',
      'sec-fetch-site': 'same-origin',
      host: 'localhost:80',
    });
    expect(same.statusCode, same.body).toBe(204);
  });

  it('rate-limits logins per address and account name, and per address over all names', async () => {
    const from = { 'x-forwarded-for': '203.0.113.7' };
    const statuses: number[] = [];
    for (let n = 0; n < 11; n++) {
      const response = await inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: from,
        payload: { username: 'nobody.here', password: 'x' },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Another address is not affected.
    const other = await inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-for': '203.0.113.8' },
      payload: { username: 'nobody.here', password: 'x' },
    });
    expect(other.statusCode).toBe(401);

    const spray = { 'x-forwarded-for': '203.0.113.9' };
    let refused: LightMyRequestResponse | undefined;
    for (let n = 0; n < 50 && !refused; n++) {
      const response = await inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: spray,
        payload: { username: `spray.${n}`, password: 'x' },
      });
      if (response.statusCode === 429) refused = response;
    }
    expect(refused, 'no 429 after 50 names from one address').toBeDefined();
    expect(refused!.json().message).toContain('频繁');
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it(`rate-limits workbook uploads per user (${IMPORT_RATE_LIMIT.max} in ${IMPORT_RATE_LIMIT.timeWindow / 60_000} minutes)`, async () => {
    const cookie = await completeLogin('coordinator');
    const statuses: number[] = [];
    for (let n = 0; n <= IMPORT_RATE_LIMIT.max; n++) {
      // Not a workbook: refused as such, and counted all the same.
      const response = await inject({
        method: 'POST',
        url: '/api/imports',
        headers: { cookie, 'content-type': 'application/json' },
        payload: {},
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, IMPORT_RATE_LIMIT.max).every((status) => status >= 400 && status < 429)).toBe(
      true,
    );
    expect(statuses.at(-1)).toBe(429);
    // Another coordinator is not affected.
    const { passwordHash, unitId } = await prisma().user.findUniqueOrThrow({
      where: { username: 'coordinator' },
    });
    await prisma().user.create({
      data: {
        username: 'coordinator.second',
        displayName: '协调小组 第二',
        role: 'COORDINATOR',
        unitId,
        passwordHash,
      },
    });
    const other = await completeLogin('coordinator.second');
    const accepted = await inject({
      method: 'POST',
      url: '/api/imports',
      headers: { cookie: other, 'content-type': 'application/json' },
      payload: {},
    });
    expect(accepted.statusCode).not.toBe(429);
  });

  it('sends strict security headers: CSP without inline scripts, no framing, no sniffing, HSTS', async () => {
    const response = await inject({ method: 'GET', url: '/api/health' });
    const csp = String(response.headers['content-security-policy']);
    const directives = new Map(
      csp.split(';').map((directive) => {
        const [name, ...values] = directive.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toContain('max-age=');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('keeps the audit chain intact', async () => {
    expect(await verifyAuditChain(context.db.prisma)).toMatchObject({ ok: true });
  });
});

describe('second factor in demo mode', () => {
  const context = useTestApp({ seed: true, demoMode: true });
  let strict: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    // The same database without demo mode: what a production server would ask of the same accounts.
    strict = await buildApp({ db: context.db, evidence: { dir: context.evidenceDir, maxBytes: 1_000_000 } });
    await strict.ready();
    return () => strict.close();
  });

  it('lets demo accounts skip it only on a demo server; an account an admin created never', async () => {
    const login = (app: typeof strict, username: string, password = DEMO_PASSWORD) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    expect((await login(context.app, 'coordinator')).json().user.secondFactor).toBeNull();
    expect((await login(strict, 'coordinator')).json().user.secondFactor).toBe('enrol');

    const admin = sessionCookie(await login(context.app, 'admin'));
    const created = await context.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin },
      payload: {
        username: 'coordinator.new',
        displayName: '协调小组 新人',
        role: 'COORDINATOR',
        unitId: null,
        password: 'Start#2026ok',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((await login(context.app, 'coordinator.new', 'Start#2026ok')).json().user.secondFactor).toBe(
      'enrol',
    );
  });
});
