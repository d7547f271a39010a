/**
 * Units (单位): the streets, parks, departments and the coordination group. Every logged-in user
 * reads the list (filters and forms need it); only an admin creates and changes units, and none
 * is ever deleted — items, progress and the audit trail refer to them — a unit is disabled instead.
 */
import { appendAudit, type AuditActor } from '@ledger/db/audit';
import { Prisma, type PrismaClient } from '@ledger/db/client';
import { text } from '@ledger/domain/items';
import { unitType } from '@ledger/domain/vocabulary';
import { z } from 'zod';

import { auditDiff } from '../lib/audit-diff';
import { conflict, notFound } from '../lib/http-errors';

/**
 * A webhook (e.g. a DingTalk robot) receives deadline warnings, so it must be encrypted and must
 * name a host: https only, a domain name rather than an IP literal (keeps the server from being
 * pointed at internal addresses by number), no credentials in the URL.
 */
export const webhookUrl = z
  .url({ protocol: /^https$/, hostname: z.regexes.domain, error: '推送地址须为 https:// 开头的域名网址' })
  .max(2_000, '推送地址不能超过 2000 个字符')
  .refine((value) => {
    // Zod runs this check even after the URL check failed; that failure is already reported.
    const url = URL.canParse(value) ? new URL(value) : null;
    return !url?.username && !url?.password;
  }, '推送地址不能包含账号或密码');

const unitFields = z.object({
  /** the stable key imports and the seed refer to, e.g. `street-hushu` */
  code: z
    .string({ error: '请输入单位编码' })
    .trim()
    .min(2, '单位编码至少 2 个字符')
    .max(64, '单位编码不能超过 64 个字符')
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, '单位编码只能包含小写字母、数字和连字符'),
  name: text('单位名称', 64),
  type: unitType.schema,
  sortOrder: z.number({ error: '排序须为数字' }).int('排序须为整数').min(0).max(1_000_000),
  disabled: z.boolean(),
  webhookUrl: webhookUrl.nullable(),
});

export const createUnitInput = unitFields
  .extend({
    sortOrder: unitFields.shape.sortOrder.default(0),
    disabled: unitFields.shape.disabled.default(false),
    webhookUrl: unitFields.shape.webhookUrl.default(null),
  })
  .strict();
export type CreateUnitInput = z.infer<typeof createUnitInput>;

export const updateUnitInput = unitFields
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, '请至少修改一项');
export type UpdateUnitInput = z.infer<typeof updateUnitInput>;

const unitSelect = {
  id: true,
  code: true,
  name: true,
  type: true,
  sortOrder: true,
  disabled: true,
  webhookUrl: true,
} as const;
export type UnitView = Prisma.UnitGetPayload<{ select: typeof unitSelect }>;

/**
 * Every unit, disabled ones included (old items still name them), in the district's order.
 * The webhook address stays with the admins: it usually carries the robot's access token.
 */
export async function listUnits(
  prisma: PrismaClient,
  options: { withWebhook: boolean },
): Promise<(Omit<UnitView, 'webhookUrl'> & { webhookUrl?: string | null })[]> {
  const units = await prisma.unit.findMany({
    select: unitSelect,
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
  });
  return options.withWebhook ? units : units.map(({ webhookUrl: _hidden, ...unit }) => unit);
}

interface Context {
  actor: AuditActor;
  ip: string;
}

export async function createUnit(prisma: PrismaClient, input: CreateUnitInput, context: Context) {
  return withUniqueFields(prisma, input, () =>
    prisma.$transaction(async (tx) => {
      await assertUnique(tx, input);
      const unit = await tx.unit.create({ data: input, select: unitSelect });
      await appendAudit(tx, {
        actor: context.actor,
        action: 'unit.create',
        entityType: 'Unit',
        entityId: unit.id,
        after: unit,
        ip: context.ip,
      });
      return unit;
    }),
  );
}

export async function updateUnit(prisma: PrismaClient, id: string, input: UpdateUnitInput, context: Context) {
  return withUniqueFields(prisma, { ...input, id }, () =>
    prisma.$transaction(async (tx) => {
      const before = await tx.unit.findUnique({ where: { id }, select: unitSelect });
      if (!before) throw notFound('单位不存在');
      await assertUnique(tx, { ...input, id });
      const unit = await tx.unit.update({ where: { id }, data: input, select: unitSelect });
      await appendAudit(tx, {
        actor: context.actor,
        action: 'unit.update',
        entityType: 'Unit',
        entityId: id,
        ...auditDiff(before, unit),
        ip: context.ip,
      });
      return unit;
    }),
  );
}

type UniqueProbe = { id?: string; code?: string; name?: string };

/** Names the field that clashes, which a database error alone would not tell a person. */
async function assertUnique(prisma: Pick<PrismaClient, 'unit'>, probe: UniqueProbe) {
  for (const field of ['code', 'name'] as const) {
    const value = probe[field];
    if (value === undefined) continue;
    const other = await prisma.unit.findFirst({
      where: { [field]: value, ...(probe.id ? { id: { not: probe.id } } : {}) },
      select: { id: true },
    });
    if (other) {
      throw conflict(`${field === 'code' ? '单位编码' : '单位名称'}“${value}”已被其他单位使用`, {
        field,
      });
    }
  }
}

/** Two admins saving the same name at once: the loser's unique violation becomes the same 409. */
async function withUniqueFields<T>(prisma: PrismaClient, probe: UniqueProbe, run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      await assertUnique(prisma, probe);
      throw conflict('单位编码或名称已被其他单位使用');
    }
    throw error;
  }
}
