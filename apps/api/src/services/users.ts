/**
 * Accounts, as the system admin (系统管理员) manages them: create, change, disable (never delete:
 * the ledger and the audit trail refer to users), reset a password; and as the security admin
 * (安全管理员) looks after them: clear a lockout, reset a lost second factor.
 *
 * A created or reset account must change its password at the next login (the auth gate holds it
 * to that). Disabling and resetting end the user's sessions at once. Every change writes exactly
 * one audit record in its transaction, with the changed fields — never a password or its hash.
 */
import { randomInt } from 'node:crypto';

import {
  unitBoundRoles,
  type CreateUserInput,
  type ListUsersQuery,
  type ResetPasswordInput,
  type UpdateUserInput,
  type UserAccount,
} from '@ledger/domain/accounts';
import { role } from '@ledger/domain/vocabulary';
import { appendAudit, type AuditActor } from '@ledger/db/audit';
import { Prisma, type PrismaClient } from '@ledger/db/client';
import { hashPassword } from '@ledger/db/password';

import { auditDiff } from '../lib/audit-diff';
import { badRequest, conflict, notFound } from '../lib/http-errors';

type Tx = Prisma.TransactionClient;
type RoleCode = (typeof role.codes)[number];

const userSelect = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  unitId: true,
  unit: { select: { id: true, name: true } },
  phone: true,
  status: true,
  mustChangePassword: true,
  failedLoginCount: true,
  lockedUntil: true,
  totpEnabledAt: true,
  lastLoginAt: true,
  createdAt: true,
} as const;
type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

function toView(user: UserRow, now = new Date()): UserAccount {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    unitId: user.unitId,
    unit: user.unit,
    phone: user.phone,
    status: user.status,
    mustChangePassword: user.mustChangePassword,
    lockedUntil: user.lockedUntil && user.lockedUntil > now ? user.lockedUntil.toISOString() : null,
    totpEnabled: user.totpEnabledAt !== null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

/** What the audit trail keeps of an account: its administrable fields, by value. */
function auditedFields(user: UserRow) {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    unitId: user.unitId,
    unitName: user.unit?.name ?? null,
    phone: user.phone,
    status: user.status,
    mustChangePassword: user.mustChangePassword,
  };
}

interface Context {
  actor: AuditActor;
  ip: string;
}

export async function listUsers(prisma: PrismaClient, query: ListUsersQuery) {
  const now = new Date();
  const where: Prisma.UserWhereInput = {
    ...(query.role ? { role: query.role } : {}),
    ...(query.unitId ? { unitId: query.unitId } : {}),
    ...(query.status === 'LOCKED' ? { lockedUntil: { gt: now } } : {}),
    ...(query.status === 'ACTIVE' || query.status === 'DISABLED' ? { status: query.status } : {}),
    ...(query.q
      ? {
          OR: [
            { username: { contains: query.q, mode: 'insensitive' } },
            { displayName: { contains: query.q, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  // One transaction rather than Promise.all: the page and its total come from one snapshot, and
  // the embedded database's single connection drops when two queries race for it.
  const [rows, total] = await prisma.$transaction([
    prisma.user.findMany({
      where,
      select: userSelect,
      orderBy: [{ unit: { sortOrder: 'asc' } }, { username: 'asc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma.user.count({ where }),
  ]);
  return { users: rows.map((row) => toView(row, now)), total, page: query.page, pageSize: query.pageSize };
}

export async function getUser(prisma: PrismaClient, id: string): Promise<UserAccount> {
  const user = await prisma.user.findUnique({ where: { id }, select: userSelect });
  if (!user) throw notFound('用户不存在');
  return toView(user);
}

export async function createUser(prisma: PrismaClient, input: CreateUserInput, context: Context) {
  const passwordHash = await hashPassword(input.password);
  return withUniqueUsername(prisma, input.username, () =>
    prisma.$transaction(async (tx) => {
      await checkUnit(tx, input.role, input.unitId);
      await assertUsernameFree(tx, input.username);
      const user = await tx.user.create({
        data: {
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          unitId: input.unitId,
          phone: input.phone ?? null,
          passwordHash,
          mustChangePassword: true,
        },
        select: userSelect,
      });
      await appendAudit(tx, {
        actor: context.actor,
        action: 'user.create',
        entityType: 'User',
        entityId: user.id,
        after: auditedFields(user),
        ip: context.ip,
      });
      return toView(user);
    }),
  );
}

export async function updateUser(
  prisma: PrismaClient,
  id: string,
  input: UpdateUserInput,
  context: Context,
): Promise<UserAccount> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: userSelect });
    if (!before) throw notFound('用户不存在');
    if (id === context.actor.id) {
      // An admin who locks themself out of administration may leave the system without one.
      if (input.status === 'DISABLED') throw fieldError('status', '不能停用自己的账号');
      if (input.role !== undefined && input.role !== before.role) {
        throw fieldError('role', '不能修改自己的角色');
      }
    }
    const unitId = input.unitId === undefined ? before.unitId : input.unitId;
    // A unit disabled after the user joined it does not block other changes to the user.
    await checkUnit(tx, input.role ?? before.role, unitId, { checkExists: unitId !== before.unitId });

    const user = await tx.user.update({ where: { id }, data: input, select: userSelect });
    const disabling = before.status === 'ACTIVE' && user.status === 'DISABLED';
    const enabling = before.status === 'DISABLED' && user.status === 'ACTIVE';
    // The auth gate already refuses a disabled user's sessions; ending them too means that
    // enabling the account again does not bring the old sessions back.
    const ended = disabling ? await endSessions(tx, id) : undefined;
    const diff = auditDiff(auditedFields(before), auditedFields(user));
    await appendAudit(tx, {
      actor: context.actor,
      action: disabling ? 'user.disable' : enabling ? 'user.enable' : 'user.update',
      entityType: 'User',
      entityId: id,
      before: diff.before,
      after: ended === undefined ? diff.after : { ...diff.after, sessionsEnded: ended },
      ip: context.ip,
    });
    return toView(user);
  });
}

/**
 * Sets a temporary password that must be changed at the next login, ends the user's sessions and
 * clears a lockout (the usual reason for the call is a user who cannot get in).
 */
export async function resetPassword(
  prisma: PrismaClient,
  id: string,
  input: ResetPasswordInput,
  context: Context,
): Promise<{ user: UserAccount; temporaryPassword?: string }> {
  if (id === context.actor.id) {
    // Resetting needs no current password; for oneself that would let a borrowed session take
    // the account over. One's own password is changed with POST /api/auth/password.
    throw badRequest('不能重置自己的密码，请在个人设置中修改密码');
  }
  const temporaryPassword = input.password ?? generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const user = await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: userSelect });
    if (!before) throw notFound('用户不存在');
    const now = new Date();
    const after = await tx.user.update({
      where: { id },
      data: {
        passwordHash,
        mustChangePassword: true,
        passwordChangedAt: now,
        failedLoginCount: 0,
        lockedUntil: null,
      },
      select: userSelect,
    });
    const sessionsEnded = await endSessions(tx, id);
    await appendAudit(tx, {
      actor: context.actor,
      action: 'user.password.reset',
      entityType: 'User',
      entityId: id,
      before: lockState(before),
      after: { ...lockState(after), generated: input.password === undefined, sessionsEnded },
      ip: context.ip,
    });
    return toView(after, now);
  });
  return input.password === undefined ? { user, temporaryPassword } : { user };
}

export async function unlockUser(prisma: PrismaClient, id: string, context: Context): Promise<UserAccount> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: userSelect });
    if (!before) throw notFound('用户不存在');
    const after = await tx.user.update({
      where: { id },
      data: { failedLoginCount: 0, lockedUntil: null },
      select: userSelect,
    });
    // Recorded even when there was nothing to clear: the admin acted, and the trail says so.
    await appendAudit(tx, {
      actor: context.actor,
      action: 'user.unlock',
      entityType: 'User',
      entityId: id,
      before: lockState(before),
      after: lockState(after),
      ip: context.ip,
    });
    return toView(after);
  });
}

/**
 * Unbinds a user's authenticator (a lost phone): the user binds a new one at the next login if
 * the role needs one. Recovery codes go with it, and the user's sessions end.
 */
export async function resetSecondFactor(
  prisma: PrismaClient,
  id: string,
  context: Context,
): Promise<UserAccount> {
  if (id === context.actor.id) {
    // Otherwise a borrowed session could strip its owner's second factor.
    throw badRequest('不能重置自己的双因素认证');
  }
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: userSelect });
    if (!before) throw notFound('用户不存在');
    const after = await tx.user.update({
      where: { id },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
      select: userSelect,
    });
    const recoveryCodesRemoved = (await tx.recoveryCode.deleteMany({ where: { userId: id } })).count;
    const sessionsEnded = await endSessions(tx, id);
    await appendAudit(tx, {
      actor: context.actor,
      action: 'user.second-factor.reset',
      entityType: 'User',
      entityId: id,
      before: { totpEnabled: before.totpEnabledAt !== null },
      after: { totpEnabled: false, recoveryCodesRemoved, sessionsEnded },
      ip: context.ip,
    });
    return toView(after);
  });
}

function lockState(user: UserRow) {
  return {
    mustChangePassword: user.mustChangePassword,
    failedLoginCount: user.failedLoginCount,
    lockedUntil: user.lockedUntil,
  };
}

async function endSessions(tx: Tx, userId: string): Promise<number> {
  const ended = await tx.session.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return ended.count;
}

/** Unit-bound roles act for a unit and need one; a named unit must exist and be in use. */
async function checkUnit(
  prisma: Pick<PrismaClient, 'unit'>,
  roleCode: RoleCode,
  unitId: string | null,
  { checkExists = true } = {},
) {
  if (unitId === null) {
    if ((unitBoundRoles as readonly string[]).includes(roleCode)) {
      throw fieldError('unitId', `${role.label(roleCode)}须属于一个单位`);
    }
    return;
  }
  if (!checkExists) return;
  const unit = await prisma.unit.findUnique({ where: { id: unitId }, select: { disabled: true } });
  if (!unit) throw fieldError('unitId', '单位不存在');
  if (unit.disabled) throw fieldError('unitId', '单位已停用');
}

function fieldError(field: string, message: string) {
  // The same shape as a schema validation failure, so that forms show it beside the field.
  return badRequest(`请求参数有误: body.${field} ${message}`, {
    issues: [{ field: `body.${field}`, message }],
  });
}

async function assertUsernameFree(prisma: Pick<PrismaClient, 'user'>, name: string) {
  // Case-insensitive: `Admin` beside `admin` would be two accounts a person cannot tell apart.
  const taken = await prisma.user.findFirst({
    where: { username: { equals: name, mode: 'insensitive' } },
    select: { id: true },
  });
  if (taken) throw conflict(`账号“${name}”已存在`, { field: 'username' });
}

async function withUniqueUsername<T>(prisma: PrismaClient, name: string, run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      await assertUsernameFree(prisma, name);
    }
    throw error;
  }
}

const alphabets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '#%+=@'] as const;

/**
 * 14 characters from all four classes (policy needs three), without look-alikes (0/O, 1/l/I),
 * because the admin reads it out or hands it over on paper.
 */
export function generateTemporaryPassword(length = 14): string {
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)]!;
  const characters = alphabets.map(pick);
  const all = alphabets.join('');
  while (characters.length < length) characters.push(pick(all));
  for (let i = characters.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [characters[i], characters[j]] = [characters[j]!, characters[i]!];
  }
  return characters.join('');
}
