/**
 * The closure (销号) workflow's actions (POST /api/items/:id/actions/:action). The state machine
 * in packages/domain/src/workflow.ts decides whether an action may be taken; this service gathers
 * the facts it decides on and performs what the action does, in one transaction:
 *
 *   lock the item row → load its facts → decideAction → check the caller's version → the action's
 *   own records → the item's new status (nextStatus) and version → one WorkflowEvent → one audit
 *   record.
 *
 * The row lock makes concurrent actions on one item take turns: the second one waits, then finds
 * the version moved on and answers 409 (StaleVersionError), so two coordinators verifying at the
 * same moment never both succeed.
 */
import { appendAudit } from '@ledger/db/audit';
import type { Prisma, PrismaClient } from '@ledger/db/client';
import { addDays, noticePeriodDates, toIsoDate } from '@ledger/domain/calendar';
import { handlingStateForStatus } from '@ledger/domain/handling-state';
import { ITEM_OF_NO_UNIT, type Actor } from '@ledger/domain/permissions';
import {
  decideAction,
  nextStatus,
  type Status,
  type WorkflowAction,
  type WorkflowFacts,
} from '@ledger/domain/workflow';
import {
  DEFAULT_NOTICE_WORKING_DAYS,
  outcomeOf,
  type ActionInput,
  type actionInputs,
} from '@ledger/domain/workflow-inputs';
import type { z } from 'zod';

import { conflict, forbidden, invalidFields, notFound } from '../lib/http-errors';
import { StaleVersionError } from './items-changes';

type Tx = Prisma.TransactionClient;
type ClosureStatus = Prisma.ClosureRequestGetPayload<{ select: { status: true } }>['status'];

export interface WorkflowActor extends Actor {
  id: string;
  name: string;
}

export interface WorkflowContext {
  ip: string;
  /** the app's ledger date (`app.ledgerToday()`) */
  today: Date;
  /** public notice length when the coordinator names none (NOTICE_WORKING_DAYS); only start_notice reads it */
  noticeWorkingDays?: number;
}

/** Any action's input, as validated at the edge. */
export type WorkflowInput = z.infer<(typeof actionInputs)[WorkflowAction]>;

// ───────────────────────────── Facts ─────────────────────────────

/**
 * A closure request is under way from 申请销号 until 销号; withdrawn, returned and failed ones
 * are history, and so is an approved one (the item is closed, or reopened by a rebound).
 */
export const ACTIVE_CLOSURE_STATUSES = [
  'AWAITING_SIGNATURE',
  'SIGNED',
  'VERIFIED',
  'IN_NOTICE',
  'AWAITING_SIGN_OFF',
] as const satisfies readonly ClosureStatus[];

export const isActiveClosure = (status: ClosureStatus) =>
  (ACTIVE_CLOSURE_STATUSES as readonly ClosureStatus[]).includes(status);

export interface FactsSource {
  status: Status;
  leadUnitId: string;
  cooperatingUnitIds: readonly string[];
  timeLimitType: WorkflowFacts['timeLimitType'];
  deadline: Date;
  /** the closure request under way */
  closure: { requestedById: string; signerId: string | null } | null;
  /** its running (OPEN) notice period */
  notice: { endsOn: Date; openObjections: number } | null;
  pendingExtension: boolean;
}

/** The state machine's view of an item (dates as YYYY-MM-DD). */
export function workflowFactsOf(source: FactsSource, today: Date): WorkflowFacts {
  return {
    status: source.status,
    leadUnitId: source.leadUnitId,
    cooperatingUnitIds: source.cooperatingUnitIds,
    timeLimitType: source.timeLimitType,
    deadline: toIsoDate(source.deadline),
    today: toIsoDate(today),
    closure: source.closure,
    notice: source.notice && {
      endsOn: toIsoDate(source.notice.endsOn),
      openObjections: source.notice.openObjections,
    },
    pendingExtension: source.pendingExtension,
  };
}

/**
 * The facts as a nested select, for reads outside a transaction (the item detail, the to-do
 * list): the request under way, its running notice with the count of open objections, and
 * whether an extension waits.
 */
export const workflowFactsSelect = {
  status: true,
  leadUnitId: true,
  timeLimitType: true,
  deadline: true,
  cooperatingUnits: { select: { unitId: true } },
  closureRequests: {
    where: { status: { in: [...ACTIVE_CLOSURE_STATUSES] } },
    orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
    take: 1,
    select: {
      requestedById: true,
      signerId: true,
      noticePeriods: {
        where: { status: 'OPEN' },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 1,
        select: { endsOn: true, _count: { select: { objections: { where: { status: 'OPEN' } } } } },
      },
    },
  },
  extensions: { where: { status: 'REQUESTED' }, select: { id: true }, take: 1 },
} as const satisfies Prisma.LedgerItemSelect;

export type FactsRow = Prisma.LedgerItemGetPayload<{ select: typeof workflowFactsSelect }>;

export function factsOfRow(row: FactsRow, today: Date): WorkflowFacts {
  const closure = row.closureRequests[0];
  const notice = closure?.noticePeriods[0];
  return workflowFactsOf(
    {
      status: row.status,
      leadUnitId: row.leadUnitId,
      cooperatingUnitIds: row.cooperatingUnits.map((unit) => unit.unitId),
      timeLimitType: row.timeLimitType,
      deadline: row.deadline,
      closure: closure ? { requestedById: closure.requestedById, signerId: closure.signerId } : null,
      notice: notice ? { endsOn: notice.endsOn, openObjections: notice._count.objections } : null,
      pendingExtension: row.extensions.length > 0,
    },
    today,
  );
}

/** The item, locked for this transaction, with the records the actions work on. */
interface Situation {
  item: {
    id: string;
    kind: 'TASK' | 'PETITION';
    status: Status;
    version: number;
    deadline: Date;
    warningDate: Date | null;
    closedOn: Date | null;
    reboundCount: number;
  };
  closure: { id: string; status: ClosureStatus } | null;
  notice: { id: string; endsOn: Date } | null;
  pendingExtension: { id: string; originalDeadline: Date; requestedDeadline: Date } | null;
  facts: WorkflowFacts;
}

/**
 * Locks the item row until the transaction ends and loads its facts. `FOR NO KEY UPDATE` is the
 * lock an UPDATE of the row takes: workflow actions and edits of one item queue behind each other,
 * while progress reports and uploads (which only reference the row) go on. The running notice is
 * locked as well, before its objections are counted: an objection the public is filing at this
 * moment (which share-locks the notice, services/public.ts) is then either counted here or refused
 * there, never lost between the two.
 */
async function loadSituation(tx: Tx, itemId: string, today: Date): Promise<Situation | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "LedgerItem" WHERE "id" = ${itemId}::uuid FOR NO KEY UPDATE`;
  if (locked.length === 0) return null;
  // One query at a time: a transaction has one connection, and Prisma would send a select's
  // relations in parallel.
  const item = await tx.ledgerItem.findUniqueOrThrow({
    where: { id: itemId },
    select: {
      id: true,
      kind: true,
      status: true,
      version: true,
      leadUnitId: true,
      timeLimitType: true,
      deadline: true,
      warningDate: true,
      closedOn: true,
      reboundCount: true,
    },
  });
  const cooperating = await tx.itemCooperatingUnit.findMany({ where: { itemId }, select: { unitId: true } });
  const closure = await tx.closureRequest.findFirst({
    where: { itemId, status: { in: [...ACTIVE_CLOSURE_STATUSES] } },
    orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, status: true, requestedById: true, signerId: true },
  });
  const notice = closure
    ? await tx.publicNoticePeriod.findFirst({
        where: { closureRequestId: closure.id, status: 'OPEN' },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: { id: true, endsOn: true },
      })
    : null;
  let openObjections = 0;
  if (notice) {
    await tx.$queryRaw`SELECT 1 FROM "PublicNoticePeriod" WHERE "id" = ${notice.id}::uuid FOR NO KEY UPDATE`;
    openObjections = await tx.objection.count({ where: { noticePeriodId: notice.id, status: 'OPEN' } });
  }
  const pendingExtension = await tx.extension.findFirst({
    where: { itemId, status: 'REQUESTED' },
    orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, originalDeadline: true, requestedDeadline: true },
  });
  return {
    item: {
      id: item.id,
      kind: item.kind,
      status: item.status,
      version: item.version,
      deadline: item.deadline,
      warningDate: item.warningDate,
      closedOn: item.closedOn,
      reboundCount: item.reboundCount,
    },
    closure: closure && { id: closure.id, status: closure.status },
    notice,
    pendingExtension,
    facts: workflowFactsOf(
      {
        status: item.status,
        leadUnitId: item.leadUnitId,
        cooperatingUnitIds: cooperating.map((unit) => unit.unitId),
        timeLimitType: item.timeLimitType,
        deadline: item.deadline,
        closure: closure && { requestedById: closure.requestedById, signerId: closure.signerId },
        notice: notice && { endsOn: notice.endsOn, openObjections },
        pendingExtension: pendingExtension !== null,
      },
      today,
    ),
  };
}

// ───────────────────────────── Effects ─────────────────────────────

/** What an action did beyond the status change, for the item row, the event and the audit record. */
interface Effect {
  /** the reason, conclusion or signed text, as the timeline shows it */
  note: string | null;
  /** the ids of the rows written and the facts that matter later (JSON) */
  details: Record<string, unknown>;
  /** further changes of the item row, and their before/after for the audit record */
  item?: {
    data: Prisma.LedgerItemUpdateManyMutationInput;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
  };
  /** further changes of a petition case's own fields */
  petition?: Prisma.PetitionDetailUpdateInput;
}

interface Step<A extends WorkflowAction> {
  tx: Tx;
  actor: WorkflowActor;
  input: ActionInput<A>;
  situation: Situation;
  context: WorkflowContext;
}

const dateOf = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const invalidField = (field: string, message: string) => invalidFields([{ field: `body.${field}`, message }]);

/**
 * The request or notice an action works on. The state machine only allows these actions in states
 * that have one, so a missing one means records out of step with the item's status.
 */
function currentClosure(situation: Situation) {
  if (!situation.closure) throw conflict('该事项没有进行中的销号申请，记录与状态不一致，请联系协调小组核对');
  return situation.closure;
}
function runningNotice(situation: Situation) {
  if (!situation.notice) throw conflict('该事项没有进行中的公示，记录与状态不一致，请联系协调小组核对');
  return situation.notice;
}

/**
 * Evidence of a request that came to nothing (withdrawn, returned, failed) may go with the next
 * request (the earlier request's event still lists it); evidence of an approved closure stays
 * with it, as the closed record's documents are fixed.
 */
const REUSABLE_EVIDENCE_OF: readonly ClosureStatus[] = ['WITHDRAWN', 'RETURNED', 'VERIFICATION_FAILED'];

const effects: { [A in WorkflowAction]: (step: Step<A>) => Promise<Effect> } = {
  start: async () => ({ note: null, details: {} }),

  request_closure: async ({ tx, actor, input, situation }) => {
    const evidenceIds = [...new Set(input.evidenceIds)];
    const files = await tx.evidenceFile.findMany({
      where: { id: { in: evidenceIds }, itemId: situation.item.id },
      select: { id: true, closureRequestId: true },
    });
    const linkedTo = await tx.closureRequest.findMany({
      where: { id: { in: files.flatMap((file) => file.closureRequestId ?? []) } },
      select: { id: true, status: true },
    });
    const fileById = new Map(files.map((file) => [file.id, file]));
    const statusOf = new Map(linkedTo.map((request) => [request.id, request.status]));
    const issues = input.evidenceIds.flatMap((id, index) => {
      const file = fileById.get(id);
      if (!file) return [{ field: `body.evidenceIds.${index}`, message: '佐证材料不存在或不属于本事项' }];
      const linked = file.closureRequestId && statusOf.get(file.closureRequestId);
      if (linked && !REUSABLE_EVIDENCE_OF.includes(linked)) {
        return [
          {
            field: `body.evidenceIds.${index}`,
            message: '该佐证材料已归入另一份销号申请的记录，请上传新的材料',
          },
        ];
      }
      return [];
    });
    if (issues.length > 0) throw invalidFields(issues);
    const request = await tx.closureRequest.create({
      data: {
        itemId: situation.item.id,
        status: 'AWAITING_SIGNATURE',
        rectificationReport: input.report,
        requestedById: actor.id,
      },
      select: { id: true },
    });
    await tx.evidenceFile.updateMany({
      where: { id: { in: evidenceIds } },
      data: { closureRequestId: request.id },
    });
    return { note: input.report, details: { closureRequestId: request.id, evidenceIds } };
  },

  withdraw_closure: async ({ tx, input, situation }) => {
    const closure = currentClosure(situation);
    await tx.closureRequest.update({
      where: { id: closure.id },
      data: { status: 'WITHDRAWN', returnReason: input.reason },
    });
    return { note: input.reason, details: { closureRequestId: closure.id } };
  },

  sign: async ({ tx, actor, input, situation }) => {
    const closure = currentClosure(situation);
    const signedAt = new Date();
    await tx.closureRequest.update({
      where: { id: closure.id },
      data: { status: 'SIGNED', signerId: actor.id, signedAt, signedStatement: input.statement },
    });
    return {
      note: input.statement,
      details: { closureRequestId: closure.id, signedAt: signedAt.toISOString() },
      // 签字人 of the official petition table: the head who signed the closure.
      petition: { signerName: actor.name },
    };
  },

  return_request: async ({ tx, input, situation }) => {
    const closure = currentClosure(situation);
    await tx.closureRequest.update({
      where: { id: closure.id },
      data: { status: 'RETURNED', returnReason: input.reason },
    });
    return { note: input.reason, details: { closureRequestId: closure.id } };
  },

  verify: async ({ tx, actor, input, situation }) => {
    const closure = currentClosure(situation);
    const verification = await tx.verification.create({
      data: {
        closureRequestId: closure.id,
        verifierId: actor.id,
        result: input.result,
        conclusion: input.conclusion,
        onSite: input.onSite,
        verifiedOn: dateOf(input.verifiedOn),
      },
      select: { id: true },
    });
    await tx.closureRequest.update({
      where: { id: closure.id },
      data: { status: input.result === 'PASSED' ? 'VERIFIED' : 'VERIFICATION_FAILED' },
    });
    return {
      note: input.conclusion,
      details: {
        closureRequestId: closure.id,
        verificationId: verification.id,
        result: input.result,
        onSite: input.onSite,
        verifiedOn: input.verifiedOn,
      },
    };
  },

  start_notice: async ({ tx, actor, input, situation, context }) => {
    const closure = currentClosure(situation);
    const workingDays = input.workingDays ?? context.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS;
    // A year of the working calendar covers the longest notice (30 working days) with any holidays.
    const calendar = await tx.calendarDay.findMany({
      where: { day: { gte: context.today, lte: addDays(context.today, 366) } },
      select: { day: true, isWorkingDay: true },
    });
    const { startsOn, endsOn } = noticePeriodDates(
      context.today,
      workingDays,
      new Map(calendar.map((row) => [toIsoDate(row.day), row.isWorkingDay])),
    );
    const notice = await tx.publicNoticePeriod.create({
      data: {
        closureRequestId: closure.id,
        startsOn,
        endsOn,
        workingDays,
        url: input.url ?? null,
        startedById: actor.id,
      },
      select: { id: true },
    });
    await tx.closureRequest.update({ where: { id: closure.id }, data: { status: 'IN_NOTICE' } });
    // 公示 means on the disclosure page: a notice nobody can see could take no objection.
    await tx.ledgerItem.update({ where: { id: situation.item.id }, data: { isPublic: true } });
    return {
      note: null,
      details: {
        closureRequestId: closure.id,
        noticePeriodId: notice.id,
        startsOn: toIsoDate(startsOn),
        endsOn: toIsoDate(endsOn),
        workingDays,
        url: input.url ?? null,
      },
    };
  },

  object: async ({ tx, actor, input, situation }) => {
    const closure = currentClosure(situation);
    const notice = runningNotice(situation);
    const resolved = {
      status: 'UPHELD',
      resolution: input.resolution,
      resolvedById: actor.id,
      resolvedAt: new Date(),
    } as const;
    let objectionId: string;
    if (input.objectionId !== undefined) {
      if (input.content) {
        throw invalidField('content', '已选择公众提交的异议，无需再填写异议内容');
      }
      const upheld = await tx.objection.updateMany({
        where: { id: input.objectionId, noticePeriodId: notice.id, status: 'OPEN' },
        data: resolved,
      });
      if (upheld.count === 0) throw invalidField('objectionId', '异议不存在、不属于本次公示或已处理');
      objectionId = input.objectionId;
    } else {
      // An objection received otherwise (letter, phone) is recorded as it is decided.
      objectionId = (
        await tx.objection.create({
          data: { noticePeriodId: notice.id, content: input.content!, ...resolved },
          select: { id: true },
        })
      ).id;
    }
    await tx.publicNoticePeriod.update({ where: { id: notice.id }, data: { status: 'INTERRUPTED' } });
    // Back to 已签字，待验收: the same request is verified again.
    await tx.closureRequest.update({ where: { id: closure.id }, data: { status: 'SIGNED' } });
    return {
      note: input.resolution,
      details: {
        closureRequestId: closure.id,
        noticePeriodId: notice.id,
        objectionId,
        recordedByCoordinator: input.objectionId === undefined,
        ...(input.objectionId === undefined ? { content: input.content } : {}),
      },
    };
  },

  dismiss_objection: async ({ tx, actor, input, situation }) => {
    const notice = runningNotice(situation);
    const dismissed = await tx.objection.updateMany({
      where: { id: input.objectionId, noticePeriodId: notice.id, status: 'OPEN' },
      data: {
        status: 'DISMISSED',
        resolution: input.resolution,
        resolvedById: actor.id,
        resolvedAt: new Date(),
      },
    });
    if (dismissed.count === 0) throw invalidField('objectionId', '异议不存在、不属于本次公示或已处理');
    return { note: input.resolution, details: { noticePeriodId: notice.id, objectionId: input.objectionId } };
  },

  close_notice: async ({ tx, situation }) => {
    const closure = currentClosure(situation);
    const notice = runningNotice(situation);
    await tx.publicNoticePeriod.update({ where: { id: notice.id }, data: { status: 'ENDED' } });
    await tx.closureRequest.update({ where: { id: closure.id }, data: { status: 'AWAITING_SIGN_OFF' } });
    return {
      note: null,
      details: { closureRequestId: closure.id, noticePeriodId: notice.id, endsOn: toIsoDate(notice.endsOn) },
    };
  },

  sign_off: async ({ tx, actor, input, situation, context }) => {
    const closure = currentClosure(situation);
    const signOff = await tx.signOff.create({
      data: {
        closureRequestId: closure.id,
        leaderId: actor.id,
        decision: input.decision,
        statement: input.statement,
      },
      select: { id: true },
    });
    const approved = input.decision === 'APPROVED';
    // Returned: 已签字，待验收 again — the coordinator verifies anew.
    await tx.closureRequest.update({
      where: { id: closure.id },
      data: { status: approved ? 'APPROVED' : 'SIGNED' },
    });
    return {
      note: input.statement,
      details: { closureRequestId: closure.id, signOffId: signOff.id, decision: input.decision },
      ...(approved
        ? {
            item: {
              data: { closedOn: context.today },
              before: { closedOn: null },
              after: { closedOn: toIsoDate(context.today) },
            },
          }
        : {}),
    };
  },

  mark_phase_complete: async ({ input }) => ({ note: input.conclusion, details: {} }),

  request_extension: async ({ tx, actor, input, situation }) => {
    const current = toIsoDate(situation.item.deadline);
    if (input.newDeadline <= current) {
      throw invalidField('newDeadline', `申请延期至须晚于当前整改时限（${current}）`);
    }
    const extension = await tx.extension.create({
      data: {
        itemId: situation.item.id,
        originalDeadline: situation.item.deadline,
        requestedDeadline: dateOf(input.newDeadline),
        reason: input.reason,
        requestedById: actor.id,
      },
      select: { id: true },
    });
    return {
      note: input.reason,
      details: { extensionId: extension.id, originalDeadline: current, requestedDeadline: input.newDeadline },
    };
  },

  approve_extension: async ({ tx, actor, input, situation }) => {
    // decideAction allows deciding only while an extension request waits.
    const extension = situation.pendingExtension!;
    await tx.extension.update({
      where: { id: extension.id },
      data: {
        status: 'APPROVED',
        decidedById: actor.id,
        decidedAt: new Date(),
        decisionNote: input.note ?? null,
      },
    });
    const { deadline, warningDate } = situation.item;
    // The warning date keeps its distance to the moved deadline, as with a bulk change; the
    // item's originalDeadline (the first deadline on record) is not touched.
    const movedWarning =
      warningDate &&
      new Date(warningDate.getTime() + extension.requestedDeadline.getTime() - deadline.getTime());
    return {
      note: input.note ?? null,
      details: {
        extensionId: extension.id,
        originalDeadline: toIsoDate(extension.originalDeadline),
        requestedDeadline: toIsoDate(extension.requestedDeadline),
      },
      item: {
        data: { deadline: extension.requestedDeadline, warningDate: movedWarning },
        before: { deadline: toIsoDate(deadline), warningDate: warningDate && toIsoDate(warningDate) },
        after: {
          deadline: toIsoDate(extension.requestedDeadline),
          warningDate: movedWarning && toIsoDate(movedWarning),
        },
      },
    };
  },

  refuse_extension: async ({ tx, actor, input, situation }) => {
    const extension = situation.pendingExtension!;
    await tx.extension.update({
      where: { id: extension.id },
      data: { status: 'REFUSED', decidedById: actor.id, decidedAt: new Date(), decisionNote: input.reason },
    });
    return { note: input.reason, details: { extensionId: extension.id } };
  },

  record_lookback: async ({ tx, actor, input, situation }) => {
    const lookBack = await tx.lookBack.create({
      data: {
        itemId: situation.item.id,
        inspectedOn: dateOf(input.inspectedOn),
        result: input.result,
        findings: input.findings,
        inspectorId: actor.id,
      },
      select: { id: true },
    });
    const details = { lookBackId: lookBack.id, result: input.result, inspectedOn: input.inspectedOn };
    if (input.result === 'KEPT') return { note: input.findings, details };
    // 反弹: the item is open again and flagged; the approved request stays on record as reopened.
    const approved = await tx.closureRequest.findFirst({
      where: { itemId: situation.item.id, status: 'APPROVED' },
      orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
      select: { id: true },
    });
    if (approved)
      await tx.closureRequest.update({ where: { id: approved.id }, data: { status: 'REOPENED' } });
    const now = new Date();
    const { closedOn, reboundCount } = situation.item;
    return {
      note: input.findings,
      details: { ...details, reopenedClosureRequestId: approved?.id ?? null },
      item: {
        data: { reboundCount: { increment: 1 }, lastReboundAt: now, closedOn: null },
        before: { closedOn: closedOn && toIsoDate(closedOn), reboundCount },
        after: { closedOn: null, reboundCount: reboundCount + 1, lastReboundAt: now.toISOString() },
      },
    };
  },
};

// ───────────────────────────── Performing an action ─────────────────────────────

/** The facts an id without an item is judged by: an item of no unit (as authorizeItem does). */
function unknownItemFacts(today: Date): WorkflowFacts {
  return workflowFactsOf(
    {
      ...ITEM_OF_NO_UNIT,
      timeLimitType: 'SHORT_TERM',
      deadline: today,
      closure: null,
      notice: null,
      pendingExtension: false,
    },
    today,
  );
}

/** The input as the audit record keeps it: what was asked, without the version. */
function payloadOf(input: WorkflowInput): Record<string, unknown> {
  const { version: _version, ...payload } = input as { version: number } & Record<string, unknown>;
  return payload;
}

/**
 * Takes `action` on the item inside the caller's transaction. Throws the refusals as HTTP errors
 * (404, 403 naming the permission, 409 naming the state, 400 naming the field) and
 * StaleVersionError when `input.version` is not the item's version; writes nothing then.
 */
export async function applyWorkflowAction(
  tx: Tx,
  actor: WorkflowActor,
  itemId: string,
  action: WorkflowAction,
  input: WorkflowInput,
  context: WorkflowContext,
): Promise<{ from: Status; to: Status }> {
  const situation = await loadSituation(tx, itemId, context.today);
  // An unknown item answers like an item no unit is involved in: 403 to whoever may not take the
  // action at all, else 404 — so that no answer tells whether an id exists.
  const decision = decideAction(actor, situation?.facts ?? unknownItemFacts(context.today), action);
  if (!decision.allowed && decision.status === 403) {
    throw forbidden(decision.message, decision.missing ? { missingPermission: decision.missing } : {});
  }
  if (!situation || (!decision.allowed && decision.status === 404)) {
    throw notFound('事项不存在或不在本单位职责范围内');
  }
  // After sight and permission (a stale version says nothing to someone who may not act), before
  // the state: the state the caller saw may be what changed.
  if (situation.item.version !== input.version) throw new StaleVersionError();
  if (!decision.allowed) throw conflict(decision.message, { status: decision.state });

  const { item } = situation;
  const effect = await (effects[action] as (step: Step<WorkflowAction>) => Promise<Effect>)({
    tx,
    actor,
    input: input as ActionInput<WorkflowAction>,
    situation,
    context,
  });
  const to = nextStatus(item.status, action, outcomeOf(action, input));

  const updated = await tx.ledgerItem.updateMany({
    where: { id: item.id, version: input.version },
    data: { ...effect.item?.data, status: to, version: { increment: 1 } },
  });
  // Cannot happen under the row lock; the version in the WHERE clause guards it all the same.
  if (updated.count === 0) throw new StaleVersionError();
  if (item.kind === 'PETITION') {
    await tx.petitionDetail.update({
      where: { itemId: item.id },
      data: { ...effect.petition, handlingState: handlingStateForStatus(to) },
    });
  }
  await tx.workflowEvent.create({
    data: {
      itemId: item.id,
      action,
      fromStatus: item.status,
      toStatus: to,
      actorId: actor.id,
      note: effect.note,
      details: effect.details as Prisma.InputJsonObject,
    },
  });
  await appendAudit(tx, {
    actor: { id: actor.id, name: actor.name },
    action: `item.workflow.${action}`,
    entityType: 'LedgerItem',
    entityId: item.id,
    before: { status: item.status, version: item.version, ...effect.item?.before },
    after: {
      status: to,
      version: item.version + 1,
      ...effect.item?.after,
      ...payloadOf(input),
      ...effect.details,
    },
    ip: context.ip,
  });
  return { from: item.status, to };
}

/** One action in its own transaction (the route's entry point). */
export function performWorkflowAction(
  prisma: PrismaClient,
  actor: WorkflowActor,
  itemId: string,
  action: WorkflowAction,
  input: WorkflowInput,
  context: WorkflowContext,
) {
  return prisma.$transaction((tx) => applyWorkflowAction(tx, actor, itemId, action, input, context));
}

/**
 * 开始整改 as a side effect of the first progress report on a registered item, in the report's
 * transaction. The row is locked first, so two first reports at once start the item only once.
 */
export async function startIfRegistered(
  tx: Tx,
  actor: WorkflowActor,
  itemId: string,
  context: WorkflowContext,
): Promise<void> {
  const [row] = await tx.$queryRaw<{ status: string; version: number }[]>`
    SELECT "status"::text AS "status", "version" FROM "LedgerItem" WHERE "id" = ${itemId}::uuid FOR NO KEY UPDATE`;
  if (row?.status !== 'REGISTERED') return;
  await applyWorkflowAction(tx, actor, itemId, 'start', { version: row.version }, context);
}
