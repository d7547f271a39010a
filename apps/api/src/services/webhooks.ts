/**
 * 推送记录: webhook deliveries (a unit's DingTalk robot or the like). The daily run writes them
 * PENDING; the scheduler's delivery loop claims the due ones, POSTs each as JSON with a timeout,
 * and records the outcome: 2xx → DELIVERED; otherwise one more attempt, the error and the status
 * code, and the next try after an exponential backoff — FAILED after the last allowed attempt.
 * Each attempt is one audit record (the log of attempts the push log shows) written with the
 * outcome in one transaction. A FAILED delivery can be sent again by hand (`retryDelivery`).
 */
import { appendAudit, type AuditActor } from '@ledger/db/audit';
import type { Prisma, PrismaClient } from '@ledger/db/client';
import { toIsoDate } from '@ledger/domain/calendar';
import type { DeliveryList, DeliveryView, ListDeliveriesQuery } from '@ledger/domain/notifications';

import { conflict, notFound } from '../lib/http-errors';

export interface WebhookSettings {
  /** attempts before a delivery is given up as FAILED */
  maxAttempts: number;
  /** wait after the first failed attempt; doubled after each further one */
  backoffMs: number;
  /** the longest wait between attempts */
  maxBackoffMs?: number;
  /** how long one POST may take */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  maxAttempts: 6,
  backoffMs: 30_000,
  maxBackoffMs: 3_600_000,
  timeoutMs: 10_000,
};

/** Deliveries claimed per round. */
const BATCH_SIZE = 20;
/** What is kept of an error or an answer's body. */
const ERROR_LENGTH = 500;

interface ClaimedDelivery {
  id: string;
  url: string;
  payload: unknown;
  attempts: number;
}

/**
 * Claims due PENDING deliveries: locks them with SKIP LOCKED (another process claiming at the
 * same moment takes others) and leases them by moving nextTryAt past the time an attempt can
 * take, so that none is sent twice while its POST runs outside any transaction. A process that
 * dies mid-POST leaves its lease to expire, and the delivery is tried again.
 */
async function claimDue(prisma: PrismaClient, settings: WebhookSettings): Promise<ClaimedDelivery[]> {
  const leaseMs = settings.timeoutMs + 30_000;
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<ClaimedDelivery[]>`
      SELECT "id", "url", "payload", "attempts" FROM "WebhookDelivery"
      WHERE "status" = 'PENDING' AND ("nextTryAt" IS NULL OR "nextTryAt" <= now())
      ORDER BY "nextTryAt" NULLS FIRST, "id"
      LIMIT ${BATCH_SIZE}
      FOR UPDATE SKIP LOCKED`;
    if (rows.length > 0) {
      await tx.$executeRaw`UPDATE "WebhookDelivery"
        SET "nextTryAt" = now() + make_interval(secs => ${leaseMs / 1000}::float8)
        WHERE "id" = ANY(${rows.map((row) => row.id)}::uuid[])`;
    }
    return rows;
  });
}

interface AttemptOutcome {
  delivered: boolean;
  responseStatus: number | null;
  error: string | null;
}

/**
 * One POST. A redirect is not followed (the address an admin entered is the one trusted) and
 * counts as a failure. A DingTalk robot answers 200 with `errcode` ≠ 0 when it refuses a message
 * (bad token, keyword missing, rate limit), so such an answer is a failure too.
 */
export async function postWebhook(url: string, payload: unknown, timeoutMs: number): Promise<AttemptOutcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(payload),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return {
      delivered: false,
      responseStatus: null,
      error: timedOut ? `超时（${timeoutMs} 毫秒内无应答）` : `连接失败${cause || `: ${String(error)}`}`,
    };
  }
  const text = (await response.text().catch(() => '')).slice(0, ERROR_LENGTH);
  if (response.status < 200 || response.status >= 300) {
    return {
      delivered: false,
      responseStatus: response.status,
      error: `HTTP ${response.status}${text ? `: ${text}` : ''}`,
    };
  }
  const refusal = robotRefusal(text);
  if (refusal) return { delivered: false, responseStatus: response.status, error: refusal };
  return { delivered: true, responseStatus: response.status, error: null };
}

function robotRefusal(text: string): string | null {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null || !('errcode' in body)) return null;
    const { errcode, errmsg } = body as { errcode: unknown; errmsg?: unknown };
    return errcode === 0 || errcode === '0'
      ? null
      : `机器人拒收: errcode ${String(errcode)} ${String(errmsg ?? '')}`.trim();
  } catch {
    return null;
  }
}

/** The wait before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffAfter(attempts: number, settings: WebhookSettings): number {
  const wait = settings.backoffMs * 2 ** Math.max(attempts - 1, 0);
  return Math.min(wait, settings.maxBackoffMs ?? Number.POSITIVE_INFINITY);
}

/** Records an attempt's outcome and its audit record, unless the delivery changed meanwhile (a retry by hand). */
async function recordAttempt(
  prisma: PrismaClient,
  delivery: ClaimedDelivery,
  outcome: AttemptOutcome,
  settings: WebhookSettings,
) {
  const attempts = delivery.attempts + 1;
  const givenUp = !outcome.delivered && attempts >= settings.maxAttempts;
  const status = outcome.delivered ? 'DELIVERED' : givenUp ? 'FAILED' : 'PENDING';
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    const updated = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, status: 'PENDING', attempts: delivery.attempts },
      data: {
        status,
        attempts,
        responseStatus: outcome.responseStatus,
        lastError: outcome.error,
        deliveredAt: outcome.delivered ? now : null,
        nextTryAt: status === 'PENDING' ? new Date(now.getTime() + backoffAfter(attempts, settings)) : null,
      },
    });
    if (updated.count === 0) return;
    await appendAudit(tx, {
      actor: null,
      action: 'webhook.deliver',
      entityType: 'WebhookDelivery',
      entityId: delivery.id,
      after: { attempt: attempts, status, responseStatus: outcome.responseStatus, error: outcome.error },
      outcome: outcome.delivered ? 'SUCCESS' : 'FAILURE',
    });
  });
}

/**
 * Sends every due delivery, round after round until none is due; answers how many attempts were
 * made. `shouldStop` is asked between rounds (the app is closing).
 */
export async function deliverDueWebhooks(
  prisma: PrismaClient,
  settings: WebhookSettings,
  shouldStop: () => boolean = () => false,
): Promise<number> {
  let attempted = 0;
  while (!shouldStop()) {
    const due = await claimDue(prisma, settings);
    if (due.length === 0) break;
    await Promise.all(
      due.map(async (delivery) => {
        const outcome = await postWebhook(delivery.url, delivery.payload, settings.timeoutMs);
        await recordAttempt(prisma, delivery, outcome, settings);
      }),
    );
    attempted += due.length;
  }
  return attempted;
}

// ───────────────────────────── The push log ─────────────────────────────

/**
 * A webhook address as shown to whoever reads the push log but does not manage units: scheme,
 * host and path, every query value (a DingTalk robot's access_token) hidden.
 */
export function maskWebhookUrl(url: string): string {
  if (!URL.canParse(url)) return '***';
  const parsed = new URL(url);
  const query = [...parsed.searchParams.keys()].map((key) => `${key}=***`).join('&');
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query ? `?${query}` : ''}`;
}

const deliverySelect = {
  id: true,
  unit: { select: { id: true, name: true } },
  url: true,
  kind: true,
  digestOn: true,
  status: true,
  attempts: true,
  responseStatus: true,
  lastError: true,
  nextTryAt: true,
  deliveredAt: true,
  createdAt: true,
  payload: true,
} as const satisfies Prisma.WebhookDeliverySelect;

type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof deliverySelect }>;

function contentOf(payload: unknown): string {
  const content = (payload as { text?: { content?: unknown } } | null)?.text?.content;
  return typeof content === 'string' ? content : JSON.stringify(payload);
}

const attemptRecord = (after: unknown) =>
  (after ?? {}) as { attempt?: number; responseStatus?: number | null; error?: string | null };

async function toViews(
  prisma: PrismaClient,
  rows: DeliveryRow[],
  revealUrl: boolean,
): Promise<DeliveryView[]> {
  const records =
    rows.length === 0
      ? []
      : await prisma.auditLog.findMany({
          where: {
            entityType: 'WebhookDelivery',
            action: 'webhook.deliver',
            entityId: { in: rows.map((row) => row.id) },
          },
          select: { entityId: true, occurredAt: true, outcome: true, after: true },
          orderBy: { id: 'asc' },
        });
  return rows.map((row) => ({
    id: row.id,
    unit: row.unit,
    url: revealUrl ? row.url : maskWebhookUrl(row.url),
    kind: row.kind,
    digestOn: row.digestOn ? toIsoDate(row.digestOn) : null,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.responseStatus,
    lastError: row.lastError,
    nextTryAt: row.nextTryAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    content: contentOf(row.payload),
    attemptLog: records
      .filter((record) => record.entityId === row.id)
      .map((record) => {
        const after = attemptRecord(record.after);
        return {
          at: record.occurredAt.toISOString(),
          attempt: after.attempt ?? 0,
          delivered: record.outcome === 'SUCCESS',
          responseStatus: after.responseStatus ?? null,
          error: after.error ?? null,
        };
      }),
  }));
}

/** The push log, newest first; `revealUrl` for those who manage units (they entered the addresses). */
export async function listDeliveries(
  prisma: PrismaClient,
  query: ListDeliveriesQuery,
  options: { revealUrl: boolean },
): Promise<DeliveryList> {
  const where: Prisma.WebhookDeliveryWhereInput = {
    ...(query.unitId ? { unitId: query.unitId } : {}),
    ...(query.status ? { status: query.status } : {}),
  };
  const [rows, total] = await Promise.all([
    prisma.webhookDelivery.findMany({
      where,
      select: deliverySelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma.webhookDelivery.count({ where }),
  ]);
  return {
    deliveries: await toViews(prisma, rows, options.revealUrl),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * 重新推送: a FAILED delivery goes back to PENDING with a fresh count of attempts, to the unit's
 * current address — the usual reason to retry is that an admin corrected it.
 */
export async function retryDelivery(
  prisma: PrismaClient,
  id: string,
  context: { actor: AuditActor; ip: string; revealUrl: boolean },
): Promise<DeliveryView> {
  const row = await prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ status: string; unitId: string; url: string }[]>`
      SELECT "status"::text AS "status", "unitId", "url" FROM "WebhookDelivery" WHERE "id" = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound('推送记录不存在');
    if (locked.status !== 'FAILED') {
      throw conflict(
        locked.status === 'PENDING' ? '该推送正在等待发送，无需重新推送' : '该推送已送达，无需重新推送',
        {
          status: locked.status,
        },
      );
    }
    const unit = await tx.unit.findUniqueOrThrow({
      where: { id: locked.unitId },
      select: { webhookUrl: true },
    });
    if (!unit.webhookUrl) throw conflict('该单位已不再设置预警推送地址，无法重新推送');
    const updated = await tx.webhookDelivery.update({
      where: { id },
      data: { status: 'PENDING', attempts: 0, nextTryAt: new Date(), url: unit.webhookUrl },
      select: deliverySelect,
    });
    await appendAudit(tx, {
      actor: context.actor,
      action: 'webhook.retry',
      entityType: 'WebhookDelivery',
      entityId: id,
      before: { status: 'FAILED', url: maskWebhookUrl(locked.url) },
      after: { status: 'PENDING', url: maskWebhookUrl(unit.webhookUrl) },
      ip: context.ip,
    });
    return updated;
  });
  const [view] = await toViews(prisma, [row], context.revealUrl);
  return view!;
}
