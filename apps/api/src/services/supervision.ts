/**
 * 三色督办: issuing supervision notices (one item, or a unit's set of overdue items), the unit's
 * response, escalation from yellow to red, the coordinator's closing, the daily overdue flag, and
 * the reads (list, suggestions, to-do). The lifecycle in packages/domain/src/supervision.ts decides
 * what is allowed; this service gathers its facts and performs each step in one transaction:
 *
 *   lock the row(s) → load the facts → decide → write the notice → one WorkflowEvent on the item
 *   (its timeline) → one audit record.
 *
 * Nothing is sent on its own: suggestions only list what a person may choose to issue.
 */
import { randomUUID } from 'node:crypto';

import { appendAudit } from '@ledger/db/audit';
import { Prisma, type PrismaClient } from '@ledger/db/client';
import { toIsoDate } from '@ledger/domain/calendar';
import { hasPermission, readScope, type Actor } from '@ledger/domain/permissions';
import {
  decideIssue,
  decideNoticeAction,
  decideNoticeRead,
  effectiveNoticeStatus,
  OPEN_NOTICE_STATUSES,
  supervisionRules,
  type NoticeLevel,
  type SupervisionAction,
  type SupervisionEvent,
} from '@ledger/domain/supervision';
import type {
  CloseNoticeInput,
  EscalateNoticeInput,
  IssueBatchInput,
  IssueNoticeInput,
  ListNoticesQuery,
  NoticeList,
  RespondNoticeInput,
  SuggestionsQuery,
  SupervisionSuggestions,
} from '@ledger/domain/supervision-inputs';
import {
  supervisionTodoGroup,
  supervisionTodoGroupRules,
  TODO_GROUP_LIMIT,
  type TodoList,
} from '@ledger/domain/todo';

import { conflict, forbidden, invalidFields, notFound } from '../lib/http-errors';
import { loadSummaries } from './items';
import {
  NOTICE_OF_NO_UNIT,
  noticeFactsOf,
  noticeOrder,
  noticeSelect,
  toNoticeView,
  type NoticeRow,
} from './supervision-views';

type Tx = Prisma.TransactionClient;
type ItemStatus = NoticeRow['item']['status'];

export interface SupervisionActor extends Actor {
  id: string;
  name: string;
}

export interface SupervisionContext {
  ip: string;
  /** the app's ledger date (`app.ledgerToday()`) */
  today: Date;
}

const dateOf = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const openStatuses = [...OPEN_NOTICE_STATUSES];
const itemOutOfSight = () => notFound('事项不存在或不在本单位职责范围内');
const noticeOutOfSight = () => notFound('督办不存在或不在本单位职责范围内');

/**
 * The step's record on the item's timeline and in the audit trail, in the step's transaction.
 * The event keeps the item's status on both sides: a notice does not move the item's workflow.
 */
async function recordStep(
  tx: Tx,
  step: {
    event: SupervisionEvent;
    item: { id: string; status: ItemStatus };
    actor: SupervisionActor | null;
    note: string | null;
    details: Record<string, unknown>;
  },
) {
  await tx.workflowEvent.create({
    data: {
      itemId: step.item.id,
      action: step.event,
      fromStatus: step.item.status,
      toStatus: step.item.status,
      actorId: step.actor?.id ?? null,
      note: step.note,
      details: step.details as Prisma.InputJsonObject,
    },
  });
}

async function audit(
  tx: Tx,
  actor: SupervisionActor | null,
  action: string,
  entry: { entityId: string | null; before?: Record<string, unknown>; after: Record<string, unknown> },
  ip: string | null,
) {
  await appendAudit(tx, {
    actor: actor && { id: actor.id, name: actor.name },
    action,
    entityType: 'SupervisionNotice',
    entityId: entry.entityId,
    before: entry.before,
    after: entry.after,
    ip,
  });
}

// ───────────────────────────── Issuing ─────────────────────────────

/** Locks the items (in id order, so two batches never wait on each other crosswise). */
async function lockItems(tx: Tx, itemIds: string[]) {
  await tx.$queryRaw`SELECT "id" FROM "LedgerItem" WHERE "id" = ANY(${itemIds}::uuid[])
    ORDER BY "id" FOR NO KEY UPDATE`;
}

const issueItemSelect = {
  id: true,
  number: true,
  status: true,
  deadline: true,
  leadUnitId: true,
  cooperatingUnits: { select: { unitId: true } },
  supervisionNotices: {
    where: { status: { in: openStatuses } },
    select: { level: true, status: true },
    take: 1,
  },
} as const satisfies Prisma.LedgerItemSelect;

type IssueItemRow = Prisma.LedgerItemGetPayload<{ select: typeof issueItemSelect }>;

const issueFactsOf = (row: IssueItemRow) => ({
  status: row.status,
  leadUnitId: row.leadUnitId,
  cooperatingUnitIds: row.cooperatingUnits.map((unit) => unit.unitId),
  openNotice: row.supervisionNotices[0] ?? null,
});

interface NewNotice {
  item: { id: string; status: ItemStatus; leadUnitId: string };
  level: NoticeLevel;
  reason: string;
  responseDueOn: string;
  batchId: string | null;
  escalatedFromId: string | null;
}

/** Writes one notice, addressed to the item's lead unit, with its event; the caller audits. */
async function createNotice(tx: Tx, actor: SupervisionActor, notice: NewNotice) {
  const created = await tx.supervisionNotice.create({
    data: {
      itemId: notice.item.id,
      unitId: notice.item.leadUnitId,
      level: notice.level,
      reason: notice.reason,
      responseDueOn: dateOf(notice.responseDueOn),
      issuedById: actor.id,
      batchId: notice.batchId,
      escalatedFromId: notice.escalatedFromId,
    },
    select: { id: true },
  });
  const details = {
    noticeId: created.id,
    level: notice.level,
    responseDueOn: notice.responseDueOn,
    unitId: notice.item.leadUnitId,
    ...(notice.batchId ? { batchId: notice.batchId } : {}),
    ...(notice.escalatedFromId ? { escalatedFromId: notice.escalatedFromId } : {}),
  };
  await recordStep(tx, {
    event: notice.escalatedFromId ? 'supervision.escalate' : 'supervision.issue',
    item: notice.item,
    actor,
    note: notice.reason,
    details,
  });
  return { id: created.id, details };
}

/** 下发督办 on one item. Answers the new notice's id. */
export function issueNotice(
  prisma: PrismaClient,
  actor: SupervisionActor,
  itemId: string,
  input: IssueNoticeInput,
  context: SupervisionContext,
): Promise<string> {
  return prisma.$transaction(async (tx) => {
    await lockItems(tx, [itemId]);
    const row = await tx.ledgerItem.findUnique({ where: { id: itemId }, select: issueItemSelect });
    const decision = decideIssue(
      actor,
      row ? issueFactsOf(row) : { ...NOTICE_OF_NO_UNIT.item, openNotice: null },
    );
    if (!decision.allowed && decision.status === 403) {
      throw forbidden(decision.message, { missingPermission: decision.missing });
    }
    if (!row || (!decision.allowed && decision.status === 404)) throw itemOutOfSight();
    if (!decision.allowed) throw conflict(decision.message, { status: row.status });
    const created = await createNotice(tx, actor, {
      item: row,
      level: input.level,
      reason: input.reason,
      responseDueOn: input.responseDueOn,
      batchId: null,
      escalatedFromId: null,
    });
    await audit(
      tx,
      actor,
      'supervision.issue',
      { entityId: created.id, after: { ...created.details, itemId, reason: input.reason } },
      context.ip,
    );
    return created.id;
  });
}

/**
 * 下发督办 on a unit's set of overdue items: one notice per item, all sharing a batch id, all or
 * none. Every item must be an overdue open item the unit leads, without a notice waiting; the
 * refusal names each item that is not, by its number.
 */
export function issueBatch(
  prisma: PrismaClient,
  actor: SupervisionActor,
  input: IssueBatchInput,
  context: SupervisionContext,
): Promise<{ batchId: string; noticeIds: string[] }> {
  return prisma.$transaction(async (tx) => {
    const unit = await tx.unit.findUnique({ where: { id: input.unitId }, select: { id: true } });
    if (!unit) throw invalidFields([{ field: 'body.unitId', message: '被督办单位不存在' }]);
    await lockItems(tx, input.itemIds);
    const rows = await tx.ledgerItem.findMany({
      where: { id: { in: input.itemIds } },
      select: issueItemSelect,
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const today = toIsoDate(context.today);
    const issues = input.itemIds.flatMap((id, index) => {
      const field = `body.itemIds.${index}`;
      const row = byId.get(id);
      if (!row) return [{ field, message: '事项不存在' }];
      if (row.leadUnitId !== input.unitId) {
        return [{ field, message: `事项 ${row.number} 不是该单位牵头的事项` }];
      }
      if (row.status === 'CLOSED' || toIsoDate(row.deadline) >= today) {
        return [{ field, message: `事项 ${row.number} 未逾期，不能按逾期事项批量督办` }];
      }
      const decision = decideIssue(actor, issueFactsOf(row));
      return decision.allowed
        ? []
        : [
            {
              field,
              message: `事项 ${row.number}：${decision.status === 409 ? decision.message : '不能督办'}`,
            },
          ];
    });
    if (issues.length > 0) throw invalidFields(issues);

    const batchId = randomUUID();
    const created: Record<string, unknown>[] = [];
    for (const id of input.itemIds) {
      const notice = await createNotice(tx, actor, {
        item: byId.get(id)!,
        level: input.level,
        reason: input.reason,
        responseDueOn: input.responseDueOn,
        batchId,
        escalatedFromId: null,
      });
      created.push({ ...notice.details, itemId: id });
    }
    // One request, one record: the batch names every notice it wrote (as a bulk item change does).
    await audit(
      tx,
      actor,
      'supervision.issue-batch',
      {
        entityId: null,
        after: {
          batchId,
          unitId: input.unitId,
          level: input.level,
          reason: input.reason,
          responseDueOn: input.responseDueOn,
          notices: created,
        },
      },
      context.ip,
    );
    return { batchId, noticeIds: created.map((notice) => notice.noticeId as string) };
  });
}

// ───────────────────────────── Steps on a notice ─────────────────────────────

/** Locks the notice for the transaction and loads it; throws the refusal when the step is not allowed. */
async function loadForStep(
  tx: Tx,
  actor: SupervisionActor,
  noticeId: string,
  action: SupervisionAction,
  today: Date,
): Promise<NoticeRow> {
  await tx.$queryRaw`SELECT "id" FROM "SupervisionNotice" WHERE "id" = ${noticeId}::uuid FOR UPDATE`;
  const row = await tx.supervisionNotice.findUnique({ where: { id: noticeId }, select: noticeSelect });
  if (!row) {
    const read = decideNoticeRead(actor, NOTICE_OF_NO_UNIT);
    if (!read.allowed && read.status === 403) {
      throw forbidden(`缺少权限: ${read.missing}`, { missingPermission: read.missing });
    }
    throw noticeOutOfSight();
  }
  const decision = decideNoticeAction(actor, noticeFactsOf(row, today), action);
  if (decision.allowed) return row;
  if (decision.status === 404) throw noticeOutOfSight();
  if (decision.status === 403) throw forbidden(decision.message, { missingPermission: decision.missing });
  throw conflict(decision.message, { status: decision.state });
}

/**
 * When the response date passed before the daily run flagged it, the step that ends the wait
 * (a late answer, an escalation) records the lateness itself, so the notice stays marked late.
 */
function lateMark(row: NoticeRow, today: Date, now: Date): { overdueAt: Date } | Record<string, never> {
  const status = effectiveNoticeStatus(row.status, toIsoDate(row.responseDueOn), toIsoDate(today));
  return status === 'OVERDUE' && row.overdueAt === null ? { overdueAt: now } : {};
}

/** 反馈督办: the lead unit's answer, with evidence files of the item linked to it. */
export function respondToNotice(
  prisma: PrismaClient,
  actor: SupervisionActor,
  noticeId: string,
  input: RespondNoticeInput,
  context: SupervisionContext,
): Promise<void> {
  return prisma.$transaction(async (tx) => {
    const row = await loadForStep(tx, actor, noticeId, 'respond', context.today);
    const files = await tx.evidenceFile.findMany({
      where: { id: { in: input.evidenceIds }, itemId: row.item.id },
      select: { id: true, supervisionNoticeId: true },
    });
    const fileById = new Map(files.map((file) => [file.id, file]));
    const issues = input.evidenceIds.flatMap((id, index) => {
      const file = fileById.get(id);
      const field = `body.evidenceIds.${index}`;
      if (!file) return [{ field, message: '佐证材料不存在或不属于本事项' }];
      if (file.supervisionNoticeId !== null && file.supervisionNoticeId !== row.id) {
        return [{ field, message: '该佐证材料已归入另一份督办反馈，请上传新的材料' }];
      }
      return [];
    });
    if (issues.length > 0) throw invalidFields(issues);

    const now = new Date();
    const late = lateMark(row, context.today, now);
    const wasLate = 'overdueAt' in late || row.overdueAt !== null;
    await tx.supervisionNotice.update({
      where: { id: row.id },
      data: {
        status: 'RESPONDED',
        responseText: input.responseText,
        respondedById: actor.id,
        respondedAt: now,
        ...late,
      },
    });
    if (input.evidenceIds.length > 0) {
      await tx.evidenceFile.updateMany({
        where: { id: { in: input.evidenceIds } },
        data: { supervisionNoticeId: row.id },
      });
    }
    const details = {
      noticeId: row.id,
      level: row.level,
      responseDueOn: toIsoDate(row.responseDueOn),
      evidenceIds: input.evidenceIds,
      late: wasLate,
    };
    await recordStep(tx, {
      event: 'supervision.respond',
      item: row.item,
      actor,
      note: input.responseText,
      details,
    });
    await audit(
      tx,
      actor,
      'supervision.respond',
      {
        entityId: row.id,
        before: { status: row.status },
        after: { status: 'RESPONDED', responseText: input.responseText, ...details },
      },
      context.ip,
    );
  });
}

/**
 * 升级为挂牌督办: the yellow notice becomes ESCALATED and a red one takes its place on the item,
 * pointing back to it. Answers the red notice's id.
 */
export function escalateNotice(
  prisma: PrismaClient,
  actor: SupervisionActor,
  noticeId: string,
  input: EscalateNoticeInput,
  context: SupervisionContext,
): Promise<string> {
  return prisma.$transaction(async (tx) => {
    const row = await loadForStep(tx, actor, noticeId, 'escalate', context.today);
    const now = new Date();
    await tx.supervisionNotice.update({
      where: { id: row.id },
      data: { status: 'ESCALATED', ...lateMark(row, context.today, now) },
    });
    const red = await createNotice(tx, actor, {
      item: row.item,
      level: 'RED',
      reason: input.reason,
      responseDueOn: input.responseDueOn,
      batchId: null,
      escalatedFromId: row.id,
    });
    await audit(
      tx,
      actor,
      'supervision.escalate',
      {
        entityId: row.id,
        before: { status: row.status, level: row.level },
        after: { status: 'ESCALATED', escalatedToId: red.id, reason: input.reason, ...red.details },
      },
      context.ip,
    );
    return red.id;
  });
}

/** 审核办结: the coordinator accepts the unit's response. */
export function closeNotice(
  prisma: PrismaClient,
  actor: SupervisionActor,
  noticeId: string,
  input: CloseNoticeInput,
  context: SupervisionContext,
): Promise<void> {
  return prisma.$transaction(async (tx) => {
    const row = await loadForStep(tx, actor, noticeId, 'close', context.today);
    const closedAt = new Date();
    await tx.supervisionNotice.update({ where: { id: row.id }, data: { status: 'CLOSED', closedAt } });
    const details = { noticeId: row.id, level: row.level, responseDueOn: toIsoDate(row.responseDueOn) };
    await recordStep(tx, {
      event: 'supervision.close',
      item: row.item,
      actor,
      note: input.note ?? null,
      details,
    });
    await audit(
      tx,
      actor,
      'supervision.close',
      {
        entityId: row.id,
        before: { status: row.status },
        after: { status: 'CLOSED', closedAt: closedAt.toISOString(), note: input.note ?? null },
      },
      context.ip,
    );
  });
}

/**
 * The daily run's step: ISSUED notices whose response date has passed become OVERDUE, each with
 * its event and an audit record by the system (no actor), in one transaction. Running it again
 * the same day (or after a crash) finds nothing left to flag. A notice answered at this moment
 * holds its row lock; the UPDATE waits and then no longer finds it ISSUED.
 */
export async function flagOverdueNotices(prisma: PrismaClient, today: Date): Promise<{ flagged: number }> {
  return prisma.$transaction(async (tx) => {
    const flagged = await tx.$queryRaw<
      {
        id: string;
        itemId: string;
        level: NoticeLevel;
        responseDueOn: Date;
        overdueAt: Date;
        itemStatus: ItemStatus;
      }[]
    >`UPDATE "SupervisionNotice" n
      SET "status" = 'OVERDUE', "overdueAt" = now(), "updatedAt" = now()
      FROM "LedgerItem" i
      WHERE i."id" = n."itemId" AND n."status" = 'ISSUED' AND n."responseDueOn" < ${toIsoDate(today)}::date
      RETURNING n."id", n."itemId", n."level"::text AS "level", n."responseDueOn", n."overdueAt",
        i."status"::text AS "itemStatus"`;
    flagged.sort((a, b) => a.id.localeCompare(b.id));
    for (const notice of flagged) {
      const details = {
        noticeId: notice.id,
        level: notice.level,
        responseDueOn: toIsoDate(notice.responseDueOn),
      };
      await recordStep(tx, {
        event: 'supervision.overdue',
        item: { id: notice.itemId, status: notice.itemStatus },
        actor: null,
        note: null,
        details,
      });
      await audit(
        tx,
        null,
        'supervision.overdue',
        {
          entityId: notice.id,
          before: { status: 'ISSUED' },
          after: { status: 'OVERDUE', overdueAt: notice.overdueAt.toISOString(), ...details },
        },
        null,
      );
    }
    return { flagged: flagged.length };
  });
}

// ───────────────────────────── Reads ─────────────────────────────

/** The notice as the caller sees it, or the 404/403 for one out of sight. */
export async function loadNotice(prisma: PrismaClient, actor: Actor, noticeId: string, today: Date) {
  const row = await prisma.supervisionNotice.findUnique({ where: { id: noticeId }, select: noticeSelect });
  const read = decideNoticeRead(actor, row ? noticeFactsOf(row, today) : NOTICE_OF_NO_UNIT);
  if (!read.allowed && read.status === 403) {
    throw forbidden(`缺少权限: ${read.missing}`, { missingPermission: read.missing });
  }
  if (!row || !read.allowed) throw noticeOutOfSight();
  return toNoticeView(row, actor, today);
}

/** Past its date and unanswered, whether or not the daily run has flagged it yet. */
const overdueWhere = (today: Date): Prisma.SupervisionNoticeWhereInput => ({
  OR: [{ status: 'OVERDUE' }, { status: 'ISSUED', responseDueOn: { lt: today } }],
});

/** The notices a unit's users may see: addressed to their unit, or on an item their unit takes part in. */
function scopeWhere(actor: Actor): Prisma.SupervisionNoticeWhereInput | null {
  const scope = readScope(actor);
  if (scope.kind === 'none') return null;
  if (scope.kind === 'any') return {};
  return { OR: [{ unitId: scope.unitId }, { item: { unitIds: { has: scope.unitId } } }] };
}

export async function listNotices(
  prisma: PrismaClient,
  actor: Actor,
  query: ListNoticesQuery,
  today: Date,
): Promise<NoticeList> {
  const scope = scopeWhere(actor);
  if (!scope) throw forbidden('缺少权限: read:item:own-unit', { missingPermission: 'read:item:own-unit' });
  const conditions: Prisma.SupervisionNoticeWhereInput[] = [scope];
  if (query.level) conditions.push({ level: query.level });
  if (query.unitId) conditions.push({ unitId: query.unitId });
  if (query.itemId) conditions.push({ itemId: query.itemId });
  if (query.status === 'OVERDUE') conditions.push(overdueWhere(today));
  else if (query.status === 'ISSUED') conditions.push({ status: 'ISSUED', responseDueOn: { gte: today } });
  else if (query.status) conditions.push({ status: query.status });
  if (query.overdue === true) conditions.push(overdueWhere(today));
  if (query.overdue === false) conditions.push({ NOT: overdueWhere(today) });
  const where = { AND: conditions };
  const [rows, total] = await Promise.all([
    prisma.supervisionNotice.findMany({
      where,
      select: noticeSelect,
      orderBy: [...noticeOrder],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma.supervisionNotice.count({ where }),
  ]);
  return {
    notices: rows.map((row) => toNoticeView(row, actor, today)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The notices with these ids, as the caller sees them, in the order of `ids`. */
export async function loadNoticeViews(prisma: PrismaClient, actor: Actor, ids: string[], today: Date) {
  const rows = await prisma.supervisionNotice.findMany({ where: { id: { in: ids } }, select: noticeSelect });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toNoticeView(row, actor, today)] : [];
  });
}

/**
 * 督办建议, as SQL over the partial index of open items by deadline (LedgerItem_open_deadline_idx):
 * overdue open items, less those with a notice waiting (a lookup per item in
 * SupervisionNotice_itemId_idx). Counts per lead unit, then each unit's page of items, most
 * overdue first — the page walks that unit's items by leadUnitId, so a unit with a few overdue
 * items is as quick as one with many.
 */
function suggestionConditions(today: Date): Prisma.Sql {
  return Prisma.sql`i."status" <> 'CLOSED' AND i."deadline" < ${toIsoDate(today)}::date
    AND NOT EXISTS (SELECT 1 FROM "SupervisionNotice" n WHERE n."itemId" = i."id"
      AND n."status" = ANY(${openStatuses}::"SupervisionStatus"[]))`;
}

export async function loadSuggestions(
  prisma: PrismaClient,
  query: SuggestionsQuery,
  today: Date,
): Promise<SupervisionSuggestions> {
  const conditions = suggestionConditions(today);
  const unitFilter = query.unitId ? Prisma.sql`AND i."leadUnitId" = ${query.unitId}::uuid` : Prisma.empty;
  const counts = await prisma.$queryRaw<{ unitId: string; name: string; total: number }[]>`
    SELECT c."unitId", u."name", c."total" FROM (
      SELECT i."leadUnitId" AS "unitId", count(*)::int AS "total" FROM "LedgerItem" i
      WHERE ${conditions} ${unitFilter}
      GROUP BY i."leadUnitId") c
    JOIN "Unit" u ON u."id" = c."unitId"
    ORDER BY c."total" DESC, u."sortOrder", u."id"`;
  const unitIds = counts.map((count) => count.unitId);
  const offset = (query.page - 1) * query.pageSize;
  const pages =
    unitIds.length === 0
      ? []
      : await prisma.$queryRaw<{ unitId: string; id: string }[]>`
    SELECT u."id" AS "unitId", s."id" FROM "Unit" u CROSS JOIN LATERAL (
      SELECT i."id", i."deadline" FROM "LedgerItem" i
      WHERE i."leadUnitId" = u."id" AND ${conditions}
      ORDER BY i."deadline", i."id" LIMIT ${query.pageSize} OFFSET ${offset}) s
    WHERE u."id" = ANY(${unitIds}::uuid[])
    ORDER BY s."deadline", s."id"`;
  const summaries = await loadSummaries(
    prisma,
    pages.map((row) => row.id),
    today,
  );
  const summaryById = new Map(summaries.map((summary) => [summary.id, summary]));
  return {
    groups: counts.map((count) => ({
      unit: { id: count.unitId, name: count.name },
      total: count.total,
      items: pages
        .filter((row) => row.unitId === count.unitId)
        .flatMap((row) => summaryById.get(row.id) ?? []),
    })),
    total: counts.reduce((sum, count) => sum + count.total, 0),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The to-do groups of supervision notices (GET /api/todo answers them as `supervision`). */
export async function loadSupervisionTodo(
  prisma: PrismaClient,
  actor: Actor,
  today: Date,
): Promise<TodoList['supervision']> {
  const scope = scopeWhere(actor);
  if (!scope) return [];
  const groups: TodoList['supervision'] = [];
  for (const key of supervisionTodoGroup.codes) {
    const rule = supervisionTodoGroupRules[key];
    if (!rule.actions.some((action) => hasPermission(actor.role, supervisionRules[action].permission)))
      continue;
    // Candidates by stored status (an ISSUED notice may be overdue by its date); the lifecycle decides.
    const stored = rule.statuses.includes('OVERDUE') ? [...rule.statuses, 'ISSUED' as const] : rule.statuses;
    const rows = await prisma.supervisionNotice.findMany({
      where: {
        AND: [
          scope,
          { status: { in: [...new Set(stored)] } },
          ...(key === 'supervision-to-respond' && actor.unitId ? [{ unitId: actor.unitId }] : []),
        ],
      },
      select: noticeSelect,
      orderBy: [{ responseDueOn: 'asc' }, { id: 'asc' }],
    });
    const waiting = rows.filter((row) => {
      const facts = noticeFactsOf(row, today);
      const status = effectiveNoticeStatus(row.status, facts.responseDueOn, facts.today);
      return (
        rule.statuses.includes(status) &&
        rule.actions.some((action) => decideNoticeAction(actor, facts, action).allowed)
      );
    });
    groups.push({
      key,
      label: supervisionTodoGroup.label(key),
      actions: [...rule.actions],
      total: waiting.length,
      notices: waiting.slice(0, TODO_GROUP_LIMIT).map((row) => toNoticeView(row, actor, today)),
    });
  }
  return groups;
}
