/**
 * The second factor: TOTP (RFC 6238) authenticators and recovery codes.
 *
 * - Enrolment: a new secret is kept (sealed) on the caller's session until a first code proves
 *   the app has it; then it moves to the account, ten recovery codes are handed out once (only
 *   their SHA-256 is stored: each is 50 random bits, so a slow hash adds nothing) and the session
 *   is replaced by a complete one.
 * - Verification: the half session of a login is replaced by a complete one when the code (or an
 *   unused recovery code) is right. A code is accepted once (totpLastStep); wrong codes count
 *   towards the same lockout as wrong passwords.
 * Each outcome, success or failure, is one audit record in the transaction of its change.
 */
import { createHash, randomInt } from 'node:crypto';

import {
  RECOVERY_CODE_COUNT,
  TOTP_SETTINGS,
  requiresSecondFactor,
  type SecondFactorInput,
  type TotpEnrolment,
} from '@ledger/domain/accounts';
import { appendAudit } from '@ledger/db/audit';
import type { Prisma, PrismaClient } from '@ledger/db/client';
import { Secret, TOTP } from 'otpauth';

import { badRequest, conflict, forbidden, unauthorized } from '../lib/http-errors';
import type { SecretBox } from '../lib/secret-box';
import {
  lockedError,
  newSessionToken,
  recordLoginFailure,
  sessionUserSelect,
  startSession,
  toSessionUser,
  type ResolvedSession,
  type SessionUser,
} from './auth';

interface Context {
  ip: string;
  userAgent: string | undefined;
  secrets: SecretBox;
}

function totpFor(username: string, secret: string) {
  return new TOTP({
    issuer: TOTP_SETTINGS.issuer,
    label: username,
    algorithm: TOTP_SETTINGS.algorithm,
    digits: TOTP_SETTINGS.digits,
    period: TOTP_SETTINGS.period,
    secret: Secret.fromBase32(secret),
  });
}

/** The time step `code` belongs to, or null when it is not the code of now (± window). */
function acceptedStep(username: string, secret: string, code: string, now: Date): number | null {
  const timestamp = now.getTime();
  const delta = totpFor(username, secret).validate({ token: code, timestamp, window: TOTP_SETTINGS.window });
  if (delta === null) return null;
  return Math.floor(timestamp / 1000 / TOTP_SETTINGS.period) + delta;
}

const ALREADY_BOUND = '已绑定身份验证器；更换手机请联系安全管理员重置双因素认证';
const REPLAYED_CODE = '该验证码已使用过，请等待身份验证器显示新的验证码';

const codeError = (field: string, message: string) =>
  badRequest(message, { issues: [{ field: `body.${field}`, message }] });

/** Starts binding an authenticator: a new secret for the caller's session, shown once. */
export async function startEnrolment(
  prisma: PrismaClient,
  session: ResolvedSession,
  context: Context,
): Promise<TotpEnrolment> {
  if (session.pendingStep === 'VERIFY_TOTP') throw forbidden('请先输入身份验证器中的验证码');
  // Binding over a bound authenticator would need no code of it: a borrowed session could take
  // the second factor over. A lost phone is the security admin's reset.
  if (session.user.totpEnabled) throw conflict(ALREADY_BOUND);
  const secret = new Secret({ size: 20 }).base32;
  await prisma.session.update({
    where: { id: session.sessionId },
    data: { totpEnrolSecret: context.secrets.seal(secret) },
  });
  return { secret, otpauthUri: totpFor(session.user.username, secret).toString() };
}

/**
 * Confirms the authenticator with its first code: binds it to the account, hands out new
 * recovery codes and replaces the session (with a new token) by a complete one.
 */
export async function confirmEnrolment(
  prisma: PrismaClient,
  session: ResolvedSession,
  code: string,
  context: Context,
): Promise<{ token: string; user: SessionUser; recoveryCodes: string[] }> {
  if (session.pendingStep === 'VERIFY_TOTP') throw forbidden('请先输入身份验证器中的验证码');
  const row = await prisma.session.findUniqueOrThrow({
    where: { id: session.sessionId },
    select: { totpEnrolSecret: true },
  });
  const secret = row.totpEnrolSecret ? context.secrets.open(row.totpEnrolSecret) : null;
  if (!secret) throw conflict('请先生成二维码，再输入身份验证器中的验证码');
  const now = new Date();
  const step = acceptedStep(session.user.username, secret, code, now);
  const actor = { id: session.user.id, name: session.user.displayName };
  if (step === null) {
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        actor,
        action: 'auth.totp.enrol',
        entityType: 'User',
        entityId: session.user.id,
        ip: context.ip,
        outcome: 'FAILURE',
        after: { reason: 'wrong-code' },
      }),
    );
    throw codeError('code', '验证码不正确，请核对手机时间后输入最新的验证码');
  }
  const recoveryCodes = newRecoveryCodes();
  const token = newSessionToken();
  const user = await prisma.$transaction(async (tx) => {
    // Only over no authenticator: one bound meanwhile (another session) is not replaced.
    const bound = await tx.user.updateMany({
      where: { id: session.user.id, totpEnabledAt: null },
      data: {
        totpSecret: context.secrets.seal(secret),
        totpEnabledAt: now,
        totpLastStep: step,
        ...(session.pendingStep ? { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } : {}),
      },
    });
    if (bound.count !== 1) throw conflict(ALREADY_BOUND);
    const account = await tx.user.findUniqueOrThrow({
      where: { id: session.user.id },
      select: sessionUserSelect,
    });
    await replaceRecoveryCodes(tx, session.user.id, recoveryCodes);
    const next = await replaceSession(tx, session, token, now, context);
    await appendAudit(tx, {
      actor,
      action: 'auth.totp.enrol',
      entityType: 'User',
      entityId: session.user.id,
      ip: context.ip,
      after: { sessionId: next.id, recoveryCodes: recoveryCodes.length },
    });
    return toSessionUser(account);
  });
  return { token, user, recoveryCodes };
}

/** The second step of a login: the authenticator's code or a recovery code. */
export async function verifySecondFactor(
  prisma: PrismaClient,
  session: ResolvedSession,
  input: SecondFactorInput,
  context: Context,
): Promise<{ token: string; user: SessionUser }> {
  if (session.pendingStep !== 'VERIFY_TOTP') throw conflict('当前登录无需输入验证码');
  const account = await prisma.user.findUniqueOrThrow({
    where: { id: session.user.id },
    select: {
      ...sessionUserSelect,
      totpSecret: true,
      totpLastStep: true,
      failedLoginCount: true,
      lockedUntil: true,
    },
  });
  const now = new Date();
  if (account.lockedUntil && account.lockedUntil > now) throw lockedError(account.lockedUntil);
  const secret = account.totpSecret ? context.secrets.open(account.totpSecret) : null;
  if (!secret) {
    // A key that no longer opens (the server's key changed) cannot be fixed by the user.
    throw forbidden('身份验证器密钥无法读取，请联系安全管理员重置双因素认证');
  }

  let step: number | null = null;
  let recoveryCodeId: string | null = null;
  let reason: string | null = null;
  if ('code' in input) {
    step = acceptedStep(account.username, secret, input.code, now);
    if (step === null) reason = 'wrong-code';
    else if (account.totpLastStep !== null && step <= account.totpLastStep) reason = 'replayed-code';
  } else {
    const found = await prisma.recoveryCode.findFirst({
      where: { userId: account.id, codeHash: hashRecoveryCode(input.recoveryCode), usedAt: null },
      select: { id: true },
    });
    recoveryCodeId = found?.id ?? null;
    if (!recoveryCodeId) reason = 'wrong-recovery-code';
  }
  if (reason) {
    await recordLoginFailure(prisma, account, now, { action: 'auth.second-factor', reason, ip: context.ip });
    if (reason === 'replayed-code') throw codeError('code', REPLAYED_CODE);
    if (reason === 'wrong-code') throw codeError('code', '验证码不正确，请核对手机时间后输入最新的验证码');
    throw codeError('recoveryCode', '恢复码不正确或已使用');
  }

  const token = newSessionToken();
  await prisma.$transaction(async (tx) => {
    // Conditional on the step being newer than the last one used, as the recovery code below:
    // two requests with one code (two half sessions of a stolen password) cannot both pass.
    const accepted = await tx.user.updateMany({
      where: {
        id: account.id,
        ...(step !== null ? { OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] } : {}),
      },
      data: {
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: now,
        ...(step !== null ? { totpLastStep: step } : {}),
      },
    });
    if (accepted.count !== 1) throw codeError('code', REPLAYED_CODE);
    if (recoveryCodeId) {
      // Conditional on still being unused: two requests with one code cannot both pass.
      const used = await tx.recoveryCode.updateMany({
        where: { id: recoveryCodeId, usedAt: null },
        data: { usedAt: now },
      });
      if (used.count !== 1) throw codeError('recoveryCode', '恢复码不正确或已使用');
    }
    const next = await replaceSession(tx, session, token, now, context);
    const remaining = recoveryCodeId
      ? await tx.recoveryCode.count({ where: { userId: account.id, usedAt: null } })
      : undefined;
    await appendAudit(tx, {
      actor: { id: account.id, name: account.displayName },
      action: 'auth.second-factor',
      entityType: 'Session',
      entityId: next.id,
      ip: context.ip,
      after: { method: recoveryCodeId ? 'recovery-code' : 'totp', recoveryCodesLeft: remaining },
    });
  });
  return { token, user: toSessionUser(account) };
}

/** New recovery codes for a complete session, proven with a current code; the old ones stop working. */
export async function regenerateRecoveryCodes(
  prisma: PrismaClient,
  session: ResolvedSession,
  code: string,
  context: Context,
): Promise<string[]> {
  const account = await checkOwnCode(prisma, session, code, context, 'auth.recovery-codes.regenerate');
  const recoveryCodes = newRecoveryCodes();
  await prisma.$transaction(async (tx) => {
    await useStep(tx, account.id, account.step);
    await replaceRecoveryCodes(tx, account.id, recoveryCodes);
    await appendAudit(tx, {
      actor: { id: account.id, name: account.displayName },
      action: 'auth.recovery-codes.regenerate',
      entityType: 'User',
      entityId: account.id,
      ip: context.ip,
      after: { recoveryCodes: recoveryCodes.length },
    });
  });
  return recoveryCodes;
}

/** Turns one's own second factor off — only for a role that does not need one. */
export async function disableOwnSecondFactor(
  prisma: PrismaClient,
  session: ResolvedSession,
  code: string,
  context: Context,
): Promise<void> {
  if (requiresSecondFactor(session.user.role)) {
    throw forbidden('您的角色须使用双因素认证，不能关闭；更换手机请联系安全管理员重置');
  }
  const account = await checkOwnCode(prisma, session, code, context, 'auth.totp.disable');
  await prisma.$transaction(async (tx) => {
    await useStep(tx, account.id, account.step);
    await tx.user.update({
      where: { id: account.id },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
    });
    await tx.recoveryCode.deleteMany({ where: { userId: account.id } });
    await appendAudit(tx, {
      actor: { id: account.id, name: account.displayName },
      action: 'auth.totp.disable',
      entityType: 'User',
      entityId: account.id,
      ip: context.ip,
    });
  });
}

/** Marks `step` used, unless a concurrent request has used it (or a later one) first. */
async function useStep(tx: Prisma.TransactionClient, userId: string, step: number) {
  const used = await tx.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  if (used.count !== 1) throw codeError('code', REPLAYED_CODE);
}

/**
 * The caller's account when `code` is its authenticator's current, unused code; else 400, and the
 * wrong code counts towards the lockout as at login (a borrowed session must not get unlimited
 * guesses at the code that guards new recovery codes).
 */
async function checkOwnCode(
  prisma: PrismaClient,
  session: ResolvedSession,
  code: string,
  context: Context,
  action: string,
) {
  const account = await prisma.user.findUniqueOrThrow({
    where: { id: session.user.id },
    select: { id: true, username: true, displayName: true, totpSecret: true, totpLastStep: true },
  });
  const secret = account.totpSecret ? context.secrets.open(account.totpSecret) : null;
  if (!secret) throw conflict('尚未绑定身份验证器');
  const now = new Date();
  const step = acceptedStep(account.username, secret, code, now);
  if (step === null || (account.totpLastStep !== null && step <= account.totpLastStep)) {
    await recordLoginFailure(prisma, account, now, {
      action,
      reason: step === null ? 'wrong-code' : 'replayed-code',
      ip: context.ip,
    });
    throw codeError('code', '验证码不正确或已使用过，请输入身份验证器中的最新验证码');
  }
  return { ...account, step };
}

/** Ends `session` and starts a complete one for its user with `token`. */
async function replaceSession(
  tx: Prisma.TransactionClient,
  session: ResolvedSession,
  token: string,
  now: Date,
  context: Context,
) {
  // Conditional on still being open: one half session cannot be finished twice at once.
  const ended = await tx.session.updateMany({
    where: { id: session.sessionId, revokedAt: null },
    data: { revokedAt: now, totpEnrolSecret: null },
  });
  if (ended.count !== 1) throw unauthorized('登录已失效，请重新登录');
  return startSession(tx, session.user.id, token, now, context);
}

// Crockford-style: no 0/O, 1/I/L, so codes read off paper are typed right.
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const characters = Array.from(
      { length: 10 },
      () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)],
    );
    return `${characters.slice(0, 5).join('')}-${characters.slice(5).join('')}`;
  });
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, '')).digest('hex');
}

async function replaceRecoveryCodes(tx: Prisma.TransactionClient, userId: string, codes: string[]) {
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })),
  });
}
