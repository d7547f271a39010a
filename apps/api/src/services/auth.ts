/**
 * Logins, sessions and passwords. Sessions live in the database (only the token's SHA-256 is
 * stored), so logout, password change and a disabled account end them at once; they expire
 * after SESSION_IDLE_MINUTES without a request and SESSION_ABSOLUTE_HOURS in any case.
 * Every login, failure, lock, logout and password change is an audit record written in the
 * same transaction as the change it records.
 *
 * A password opens a session that can do nothing but finish its second factor when the account
 * has an authenticator, or bind one when its role needs one (services/second-factor.ts); that
 * step ends the half session and starts a new one with a new token, as the login does: a token
 * is never carried from before a login step to after it (session fixation).
 */
import { createHash, randomBytes } from 'node:crypto';

import {
  LOCK_MINUTES,
  MAX_LOGIN_FAILURES,
  SESSION_ABSOLUTE_HOURS,
  SESSION_IDLE_MINUTES,
  requiresSecondFactor,
  type ChangePasswordInput,
  type CurrentUser,
  type LoginInput,
  type SecondFactorStep,
} from '@ledger/domain/accounts';
import { permissionsOf, type Role } from '@ledger/domain/permissions';
import { appendAudit } from '@ledger/db/audit';
import type { Prisma, PrismaClient, SessionStep } from '@ledger/db/client';
import { hashPassword, verifyPassword } from '@ledger/db/password';

import { HttpError, badRequest, unauthorized } from '../lib/http-errors';

const MINUTE_MS = 60_000;
/** lastSeenAt is refreshed at most this often: a write per request would be wasted work. */
const TOUCH_INTERVAL_MS = MINUTE_MS;
/** A half session (password given, second factor not yet) lasts this long. */
const PENDING_SESSION_MINUTES = 10;

/** The session's user; the permissions and the login's state are added when answering. */
export type SessionUser = Omit<CurrentUser, 'permissions' | 'secondFactor' | 'secondFactorRequired'>;

export interface ResolvedSession {
  sessionId: string;
  user: SessionUser;
  /** what the login still lacks; null for a complete session */
  pendingStep: SessionStep | null;
}

/** How logins treat second factors on this server. */
export interface LoginPolicy {
  /** demo mode: the seeded demo accounts may log in without a second factor */
  demoMode: boolean;
}

export const secondFactorStepOf: Record<SessionStep, SecondFactorStep> = {
  VERIFY_TOTP: 'verify',
  ENROL_TOTP: 'enrol',
};

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// Verifying against this hash when the account does not exist keeps the answer time the same,
// so response timing does not reveal which usernames exist.
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword(randomBytes(16).toString('hex')));

/** What a session needs of its user (second-factor steps read the same). */
export const sessionUserSelect = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  unitId: true,
  unit: { select: { name: true } },
  mustChangePassword: true,
  totpEnabledAt: true,
  status: true,
} as const;

export function toSessionUser(user: {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  unit: { name: string } | null;
  mustChangePassword: boolean;
  totpEnabledAt: Date | null;
}): SessionUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    unitId: user.unitId,
    unitName: user.unit?.name ?? null,
    mustChangePassword: user.mustChangePassword,
    totpEnabled: user.totpEnabledAt !== null,
  };
}

export function describeUser(user: SessionUser, pendingStep: SessionStep | null): CurrentUser {
  return {
    ...user,
    secondFactor: pendingStep ? secondFactorStepOf[pendingStep] : null,
    secondFactorRequired: requiresSecondFactor(user.role),
    permissions: [...permissionsOf(user.role)],
  };
}

/**
 * The step a login with the right password still owes: the code of a bound authenticator, or
 * binding one for a role that needs it (demo accounts are let off while the server is a demo).
 */
function pendingStepFor(
  account: { role: Role; totpEnabledAt: Date | null; demoAccount: boolean },
  policy: LoginPolicy,
): SessionStep | null {
  if (account.totpEnabledAt) return 'VERIFY_TOTP';
  if (requiresSecondFactor(account.role) && !(policy.demoMode && account.demoAccount)) return 'ENROL_TOTP';
  return null;
}

const WRONG_CREDENTIALS = '账号或密码错误';

export async function login(
  prisma: PrismaClient,
  input: LoginInput,
  context: { ip: string; userAgent: string | undefined },
  policy: LoginPolicy,
): Promise<{ token: string; user: SessionUser; pendingStep: SessionStep | null }> {
  const account = await prisma.user.findUnique({
    where: { username: input.username },
    select: {
      ...sessionUserSelect,
      passwordHash: true,
      failedLoginCount: true,
      lockedUntil: true,
      demoAccount: true,
    },
  });
  const now = new Date();
  const audit = { entityType: 'User', ip: context.ip, outcome: 'FAILURE' as const };

  if (!account) {
    await verifyPassword(await decoy(), input.password);
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        ...audit,
        actor: null,
        action: 'auth.login',
        after: { username: input.username, reason: 'unknown-user' },
      }),
    );
    throw unauthorized(WRONG_CREDENTIALS);
  }
  const actor = { id: account.id, name: account.displayName };

  if (account.lockedUntil && account.lockedUntil > now) {
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        ...audit,
        actor,
        action: 'auth.login',
        entityId: account.id,
        after: { reason: 'locked' },
      }),
    );
    throw lockedError(account.lockedUntil);
  }

  const passwordMatches = await verifyPassword(account.passwordHash, input.password);
  if (!passwordMatches) {
    await recordLoginFailure(prisma, account, now, {
      action: 'auth.login',
      reason: 'wrong-password',
      ip: context.ip,
    });
    throw unauthorized(WRONG_CREDENTIALS);
  }

  if (account.status !== 'ACTIVE') {
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        ...audit,
        actor,
        action: 'auth.login',
        entityId: account.id,
        after: { reason: 'disabled' },
      }),
    );
    throw unauthorized('账号已停用，请联系系统管理员');
  }

  const pendingStep = pendingStepFor(account, policy);
  const token = newSessionToken();
  await prisma.$transaction(async (tx) => {
    // Failures are forgiven only when the whole login succeeds: a password alone must not
    // reset the count that guards the second factor against guessing.
    if (!pendingStep) {
      await tx.user.update({
        where: { id: account.id },
        data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now },
      });
    }
    const session = await startSession(tx, account.id, token, now, context, pendingStep);
    await appendAudit(tx, {
      actor,
      action: 'auth.login',
      entityType: 'Session',
      entityId: session.id,
      ip: context.ip,
      ...(pendingStep ? { after: { secondFactor: secondFactorStepOf[pendingStep] } } : {}),
    });
  });
  return { token, user: toSessionUser(account), pendingStep };
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Counts a failed login step (wrong password, wrong code) against the account and locks it
 * after MAX_LOGIN_FAILURES in a row; throws 423 when it locks.
 */
export async function recordLoginFailure(
  prisma: PrismaClient,
  account: { id: string; displayName: string },
  now: Date,
  event: { action: string; reason: string; ip: string },
): Promise<void> {
  const actor = { id: account.id, name: account.displayName };
  // Every failed step is one FAILURE record naming the step and why; `detail` adds what followed.
  const auditFailure = (tx: Prisma.TransactionClient, detail: Record<string, unknown>) =>
    appendAudit(tx, {
      actor,
      action: event.action,
      entityType: 'User',
      entityId: account.id,
      ip: event.ip,
      outcome: 'FAILURE',
      after: { reason: event.reason, ...detail },
    });
  const lockedUntil = await prisma.$transaction(async (tx) => {
    // Counted in the database, under the row's lock: from a value read before, concurrent wrong
    // guesses would each write the same count, and a burst of them would never lock the account.
    const counted = await tx.user.update({
      where: { id: account.id },
      data: { failedLoginCount: { increment: 1 } },
      select: { failedLoginCount: true, lockedUntil: true },
    });
    if (counted.lockedUntil && counted.lockedUntil > now) {
      // A concurrent guess has locked it already: this one is refused, the lock is not extended
      // and the count stays where the lock left it.
      await tx.user.update({ where: { id: account.id }, data: { failedLoginCount: 0 } });
      await auditFailure(tx, { locked: true });
      return counted.lockedUntil;
    }
    // A lock that has run out starts the count afresh (the lock set it to 0).
    const failures = counted.failedLoginCount;
    const lockedUntil =
      failures >= MAX_LOGIN_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * MINUTE_MS) : null;
    await tx.user.update({
      where: { id: account.id },
      data: { failedLoginCount: lockedUntil ? 0 : failures, lockedUntil },
    });
    await auditFailure(tx, { failures });
    if (lockedUntil) {
      // A lock ends every session of the account, half ones included.
      await tx.session.updateMany({
        where: { userId: account.id, revokedAt: null },
        data: { revokedAt: now },
      });
      await appendAudit(tx, {
        actor,
        action: 'auth.lock',
        entityType: 'User',
        entityId: account.id,
        ip: event.ip,
        after: { lockedUntil, failures },
      });
    }
    return lockedUntil;
  });
  if (lockedUntil) throw lockedError(lockedUntil);
}

/** A new server-side session for `token` (only its hash is stored). */
export function startSession(
  tx: Prisma.TransactionClient,
  userId: string,
  token: string,
  now: Date,
  context: { ip: string; userAgent: string | undefined },
  pendingStep: SessionStep | null = null,
) {
  const lifetimeMs = pendingStep
    ? PENDING_SESSION_MINUTES * MINUTE_MS
    : SESSION_ABSOLUTE_HOURS * 60 * MINUTE_MS;
  return tx.session.create({
    data: {
      tokenHash: hashToken(token),
      userId,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + lifetimeMs),
      pendingStep,
      ip: context.ip,
      userAgent: context.userAgent?.slice(0, 500) ?? null,
    },
  });
}

export function lockedError(lockedUntil: Date) {
  return new HttpError(423, `登录失败次数过多，账号已锁定至 ${formatTime(lockedUntil)}`, {
    unlocksAt: lockedUntil.toISOString(),
  });
}

function formatTime(date: Date): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(date);
}

/**
 * The session a cookie token stands for, or null when it is unknown, ended, expired or idle too
 * long, or its user is disabled.
 */
export async function resolveSession(prisma: PrismaClient, token: string): Promise<ResolvedSession | null> {
  const session = await prisma.session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      pendingStep: true,
      user: { select: sessionUserSelect },
    },
  });
  const now = Date.now();
  if (
    !session ||
    session.revokedAt ||
    session.expiresAt.getTime() <= now ||
    session.lastSeenAt.getTime() + SESSION_IDLE_MINUTES * MINUTE_MS <= now ||
    session.user.status !== 'ACTIVE'
  ) {
    return null;
  }
  if (now - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  return { sessionId: session.id, user: toSessionUser(session.user), pendingStep: session.pendingStep };
}

export async function logout(prisma: PrismaClient, session: ResolvedSession, ip: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.session.update({ where: { id: session.sessionId }, data: { revokedAt: new Date() } });
    await appendAudit(tx, {
      actor: { id: session.user.id, name: session.user.displayName },
      action: 'auth.logout',
      entityType: 'Session',
      entityId: session.sessionId,
      ip,
    });
  });
}

/**
 * Changes the caller's password and ends every session of the user; the caller gets a fresh
 * session so that changing the password does not log them out of the page they are on.
 */
export async function changePassword(
  prisma: PrismaClient,
  session: ResolvedSession,
  input: ChangePasswordInput,
  context: { ip: string; userAgent: string | undefined },
): Promise<{ token: string }> {
  const account = await prisma.user.findUniqueOrThrow({
    where: { id: session.user.id },
    select: { passwordHash: true },
  });
  const actor = { id: session.user.id, name: session.user.displayName };
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    // Counted like a wrong login: a borrowed session must not be a way to guess the password.
    await recordLoginFailure(
      prisma,
      { id: session.user.id, displayName: session.user.displayName },
      new Date(),
      {
        action: 'auth.password.change',
        reason: 'wrong-current-password',
        ip: context.ip,
      },
    );
    throw badRequest('当前密码不正确', {
      issues: [{ field: 'body.currentPassword', message: '当前密码不正确' }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const token = newSessionToken();
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: session.user.id },
      data: { passwordHash, mustChangePassword: false, passwordChangedAt: now },
    });
    const ended = await tx.session.updateMany({
      where: { userId: session.user.id, revokedAt: null },
      data: { revokedAt: now },
    });
    await startSession(tx, session.user.id, token, now, context);
    await appendAudit(tx, {
      actor,
      action: 'auth.password.change',
      entityType: 'User',
      entityId: session.user.id,
      ip: context.ip,
      after: { sessionsEnded: ended.count },
    });
  });
  return { token };
}
