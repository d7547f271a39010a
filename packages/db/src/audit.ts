/**
 * The audit trail: append-only (a database trigger refuses UPDATE, DELETE and TRUNCATE, see
 * migration audit_log_append_only) and hash-chained — each record's hash is SHA-256 over the
 * previous record's hash and the record's own content in RFC 8785 canonical JSON, so a record
 * edited or removed behind the application's back breaks the chain at that point.
 *
 * Records are written inside the caller's transaction, so a change and its record commit or
 * roll back together. A transaction-scoped advisory lock serialises the appends, so concurrent
 * writers never fork the chain; it is held only from the append to the commit.
 */
import { createHash } from 'node:crypto';

import canonicalize from 'canonicalize';

import type { Prisma, PrismaClient } from './generated/prisma/client';

/** The hash that the first record of the chain points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/** pg_advisory_xact_lock key for audit appends ("audit" in ASCII). */
const AUDIT_LOCK_KEY = 0x61756469;

export interface AuditActor {
  id: string;
  name: string;
}

export interface AuditEntry {
  /** null for the system or an anonymous visitor (e.g. a failed login of an unknown user) */
  actor: AuditActor | null;
  /** `<entity>.<verb>`, e.g. `item.update`, `auth.login` */
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  outcome?: 'SUCCESS' | 'FAILURE';
}

/** What the hash covers: every field of the record but its id and hash. */
interface HashedContent {
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  outcome: 'SUCCESS' | 'FAILURE';
}

export function auditHash(prevHash: string, content: HashedContent): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalize(content) ?? '')
    .digest('hex');
}

/**
 * JSON as the database gives it back (jsonb drops undefined, Dates become strings): the hash is
 * computed over exactly what verification will read.
 */
function asStoredJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

export async function appendAudit(tx: Prisma.TransactionClient, entry: AuditEntry) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
  const last = await tx.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content: HashedContent = {
    occurredAt: new Date().toISOString(),
    actorId: entry.actor?.id ?? null,
    actorName: entry.actor?.name ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: asStoredJson(entry.before),
    after: asStoredJson(entry.after),
    ip: entry.ip ?? null,
    outcome: entry.outcome ?? 'SUCCESS',
  };
  return tx.auditLog.create({
    data: {
      ...content,
      occurredAt: new Date(content.occurredAt),
      before: content.before ?? undefined,
      after: content.after ?? undefined,
      prevHash,
      hash: auditHash(prevHash, content),
    },
  });
}

export type ChainVerification =
  { ok: true; checked: number; lastHash: string } | { ok: false; checked: number; firstBrokenId: string };

/**
 * Walks the whole chain in id order, in pages, recomputing every hash. Reports the first record
 * whose link or content does not match.
 */
export async function verifyAuditChain(prisma: PrismaClient, pageSize = 5_000): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let cursor: bigint | undefined;
  for (;;) {
    const page = await prisma.auditLog.findMany({
      orderBy: { id: 'asc' },
      take: pageSize,
      ...(cursor === undefined ? {} : { cursor: { id: cursor }, skip: 1 }),
    });
    for (const record of page) {
      const content: HashedContent = {
        occurredAt: record.occurredAt.toISOString(),
        actorId: record.actorId,
        actorName: record.actorName,
        action: record.action,
        entityType: record.entityType,
        entityId: record.entityId,
        before: record.before,
        after: record.after,
        ip: record.ip,
        outcome: record.outcome,
      };
      if (record.prevHash !== prevHash || record.hash !== auditHash(prevHash, content)) {
        return { ok: false, checked, firstBrokenId: record.id.toString() };
      }
      prevHash = record.hash;
      checked += 1;
    }
    if (page.length < pageSize) return { ok: true, checked, lastHash: prevHash };
    cursor = page.at(-1)!.id;
  }
}
