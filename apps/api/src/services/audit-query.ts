/**
 * Reading the audit trail (审计日志) for auditors: filtered, newest first, and the integrity check
 * of its hash chain. The trail itself is written by appendAudit (packages/db/src/audit.ts).
 */
import { appendAudit, verifyAuditChain } from '@ledger/db/audit';
import type { Prisma, PrismaClient } from '@ledger/db/client';
import { z } from 'zod';

import type { ActingUser } from './progress';

/** China has had no daylight saving since 1991: a ledger day is a fixed UTC+8 span. */
const LEDGER_UTC_OFFSET = '+08:00';

const instant = (label: string) =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: `${label}须为 YYYY-MM-DD 日期或带时区的 ISO 时间`,
  });

export const auditQuery = z
  .object({
    /** entity type, e.g. `EvidenceFile`, `ProgressEntry`, `User` */
    entity: z.string().trim().min(1).max(64).optional(),
    entityId: z.string().trim().min(1).max(64).optional(),
    /** a user id, or a part of the actor's name as recorded */
    actor: z.string().trim().min(1).max(64).optional(),
    /** exact action, e.g. `evidence.upload` */
    action: z.string().trim().min(1).max(64).optional(),
    /** from this instant, or from the start of this day (China Standard Time) */
    from: instant('起始时间').optional(),
    /** up to this instant, or to the end of this day (China Standard Time) */
    to: instant('截止时间').optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200, '每页最多 200 条').default(50),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditRecordView = z.object({
  id: z.string(),
  occurredAt: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  outcome: z.enum(['SUCCESS', 'FAILURE']),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditPage = z.object({
  records: z.array(auditRecordView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const auditVerification = z.union([
  z.object({
    ok: z.literal(true),
    checked: z.number(),
    /** the newest record's hash: written down elsewhere, it also reveals a later cut-off tail */
    lastHash: z.string(),
  }),
  z.object({ ok: z.literal(false), checked: z.number(), firstBrokenId: z.string() }),
]);

const isDateOnly = (value: string) => value.length === 10;
const DAY_MS = 86_400_000;

function startOf(value: string): Date {
  return isDateOnly(value) ? new Date(`${value}T00:00:00${LEDGER_UTC_OFFSET}`) : new Date(value);
}

/** The first instant after `value`: a whole day is included, an instant is exclusive. */
function endOf(value: string): Date {
  return isDateOnly(value) ? new Date(startOf(value).getTime() + DAY_MS) : new Date(value);
}

export async function queryAudit(prisma: PrismaClient, query: AuditQuery) {
  const actorIsId = query.actor !== undefined && z.uuid().safeParse(query.actor).success;
  const where: Prisma.AuditLogWhereInput = {
    entityType: query.entity,
    entityId: query.entityId,
    action: query.action,
    ...(query.actor === undefined
      ? {}
      : actorIsId
        ? { actorId: query.actor }
        : { actorName: { contains: query.actor, mode: 'insensitive' } }),
    ...(query.from || query.to
      ? {
          occurredAt: {
            ...(query.from ? { gte: startOf(query.from) } : {}),
            ...(query.to ? { lt: endOf(query.to) } : {}),
          },
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    prisma.auditLog.count({ where }),
    prisma.auditLog.findMany({
      where,
      // Ids follow the chain, which is the order the records were written in.
      orderBy: { id: 'desc' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return {
    records: rows.map((row) => ({
      id: row.id.toString(),
      occurredAt: row.occurredAt.toISOString(),
      actorId: row.actorId,
      actorName: row.actorName,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      before: row.before,
      after: row.after,
      ip: row.ip,
      outcome: row.outcome,
      prevHash: row.prevHash,
      hash: row.hash,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Recomputes the whole chain; the check itself goes on record, with what it found. */
export async function verifyAudit(prisma: PrismaClient, actor: ActingUser, ip: string) {
  const result = await verifyAuditChain(prisma);
  const answer = result.ok
    ? { ok: true as const, checked: result.checked, lastHash: result.lastHash }
    : { ok: false as const, checked: result.checked, firstBrokenId: result.firstBrokenId };
  await prisma.$transaction((tx) =>
    appendAudit(tx, {
      actor,
      action: 'audit.verify',
      entityType: 'AuditLog',
      after: answer,
      ip,
      outcome: result.ok ? 'SUCCESS' : 'FAILURE',
    }),
  );
  return answer;
}
