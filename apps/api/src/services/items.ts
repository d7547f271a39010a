/**
 * Reading ledger items: the list rows, the full record with its timeline (留痕), and the derived
 * facts (overdue, due soon, 序时进度), which are computed on every read from the stored deadline,
 * status and latest progress percent — never stored, so never stale.
 */
import type { Prisma, PrismaClient } from '@ledger/db/client';
import { describeNoticePeriod } from '@ledger/domain/calendar';
import { ledgerDate, toIsoDate } from '@ledger/domain/calendar';
import {
  deadlineFacts,
  scheduleStateOf,
  type ClosureView,
  type ExtensionView,
  type ItemDetail,
  type ItemSummary,
  type TimelineEntry,
} from '@ledger/domain/items';
import { allowedItemOperations, type Actor } from '@ledger/domain/permissions';
import { isSupervisionEvent, supervisionEventTitle, type SupervisionEvent } from '@ledger/domain/supervision';
import {
  extensionStatus,
  lookBackResult,
  objectionStatus,
  signOffDecision,
  verificationResult,
} from '@ledger/domain/vocabulary';
import { allowedWorkflowActions, workflowAction, type WorkflowAction } from '@ledger/domain/workflow';

import { toEvidenceView } from './evidence';
import { petitionFieldsSelect, registrationSelect, taskFieldsSelect } from './item-fields';
import { itemSupervisionOf, noticeSelect, type NoticeRow } from './supervision-views';
import { isActiveClosure, workflowFactsOf } from './workflow';

type Db = Pick<PrismaClient, 'ledgerItem'>;
type UserRef = { id: string; displayName: string };

const unitRef = { select: { id: true, name: true } } as const;

const summarySelect = {
  id: true,
  kind: true,
  number: true,
  title: true,
  status: true,
  leadUnitId: true,
  leadUnit: unitRef,
  cooperatingUnits: { select: { unit: unitRef }, orderBy: { unit: { sortOrder: 'asc' } } },
  responsiblePersonName: true,
  deadline: true,
  originalDeadline: true,
  warningDate: true,
  timeLimitType: true,
  reboundCount: true,
  isSample: true,
  latestProgressPercent: true,
  createdAt: true,
  updatedAt: true,
  version: true,
  task: { select: { category: true } },
  petition: { select: { pollutionTypes: true, handlingState: true } },
} as const satisfies Prisma.LedgerItemSelect;

type SummaryRow = Prisma.LedgerItemGetPayload<{ select: typeof summarySelect }>;

export function toSummary(row: SummaryRow, today: Date): ItemSummary {
  const facts = deadlineFacts(row, today);
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    title: row.title,
    status: row.status,
    leadUnit: row.leadUnit,
    cooperatingUnits: row.cooperatingUnits.map((cooperating) => cooperating.unit),
    responsiblePersonName: row.responsiblePersonName,
    deadline: toIsoDate(row.deadline),
    originalDeadline: toIsoDate(row.originalDeadline),
    warningDate: row.warningDate && toIsoDate(row.warningDate),
    timeLimitType: row.timeLimitType,
    category: row.task?.category ?? null,
    pollutionTypes: row.petition?.pollutionTypes ?? [],
    handlingState: row.petition?.handlingState ?? null,
    reboundCount: row.reboundCount,
    isSample: row.isSample,
    overdue: facts.overdue,
    dueSoon: facts.dueSoon,
    daysLeft: facts.daysLeft,
    scheduleState: scheduleStateOf(
      { registeredOn: ledgerDate(row.createdAt), deadline: row.deadline, status: row.status },
      row.latestProgressPercent,
      today,
    ),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** The list rows for `ids`, in the order of `ids`. */
export async function loadSummaries(prisma: Db, ids: string[], today: Date): Promise<ItemSummary[]> {
  if (ids.length === 0) return [];
  const rows = await prisma.ledgerItem.findMany({ where: { id: { in: ids } }, select: summarySelect });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toSummary(row, today)] : [];
  });
}

const evidenceSelect = {
  id: true,
  itemId: true,
  fileName: true,
  sizeBytes: true,
  sha256: true,
  mediaType: true,
  provesDate: true,
  description: true,
  uploadedById: true,
  createdAt: true,
  progressEntryId: true,
  isPublic: true,
} as const satisfies Prisma.EvidenceFileSelect;

const closureQuery = {
  select: {
    id: true,
    status: true,
    requestedAt: true,
    requestedById: true,
    rectificationReport: true,
    signedAt: true,
    signerId: true,
    signedStatement: true,
    returnReason: true,
    evidenceFiles: { select: { id: true }, orderBy: [{ provesDate: 'asc' }, { createdAt: 'asc' }] },
    verifications: {
      select: {
        id: true,
        createdAt: true,
        verifiedOn: true,
        verifierId: true,
        result: true,
        conclusion: true,
        onSite: true,
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    },
    noticePeriods: {
      select: {
        id: true,
        createdAt: true,
        startsOn: true,
        endsOn: true,
        workingDays: true,
        url: true,
        status: true,
        startedById: true,
        // Never the objector's contact or address: those are for the coordinator's follow-up only.
        objections: {
          select: {
            id: true,
            createdAt: true,
            content: true,
            status: true,
            resolution: true,
            resolvedById: true,
            resolvedAt: true,
          },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        },
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    },
    signOffs: {
      select: { id: true, signedAt: true, leaderId: true, decision: true, statement: true },
      orderBy: [{ signedAt: 'asc' }, { id: 'asc' }],
    },
  },
  orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
} as const satisfies Prisma.ClosureRequestFindManyArgs;

const noticeQuery = {
  select: noticeSelect,
  orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }],
} as const satisfies Prisma.SupervisionNoticeFindManyArgs;

const detailSelect = {
  ...summarySelect,
  ...registrationSelect,
  closedOn: true,
  createdById: true,
  task: { select: taskFieldsSelect },
  petition: { select: { ...petitionFieldsSelect, area: unitRef, handlingState: true } },
  progressEntries: {
    select: { id: true, reportedOn: true, content: true, percent: true, authorId: true, createdAt: true },
    orderBy: [{ reportedOn: 'asc' }, { createdAt: 'asc' }],
  },
  evidenceFiles: { select: evidenceSelect, orderBy: [{ provesDate: 'asc' }, { createdAt: 'asc' }] },
  extensions: {
    select: {
      id: true,
      requestedAt: true,
      requestedById: true,
      originalDeadline: true,
      requestedDeadline: true,
      reason: true,
      status: true,
      decidedById: true,
      decidedAt: true,
      decisionNote: true,
    },
    orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
  },
  // Loaded apart, and only when there are some (most items have neither): see loadItemDetail.
  _count: { select: { closureRequests: true, supervisionNotices: true } },
  lookBacks: {
    select: {
      id: true,
      createdAt: true,
      inspectedOn: true,
      inspectorId: true,
      result: true,
      findings: true,
    },
  },
  workflowEvents: {
    select: { id: true, action: true, actorId: true, note: true, details: true, createdAt: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  },
} as const satisfies Prisma.LedgerItemSelect;

type LoadedRow = Omit<Prisma.LedgerItemGetPayload<{ select: typeof detailSelect }>, '_count'> & {
  closureRequests: Prisma.ClosureRequestGetPayload<typeof closureQuery>[];
  supervisionNotices: NoticeRow[];
};

/**
 * The loaded row with every person it names as `{ id, displayName }`. The detail names people at
 * a dozen places; selected as relations, each is a lateral join of its own (ADR 016) — the whole
 * record as one joined select answered half as many requests a second (demo ledger, 10
 * connections, an item with closure requests and notices: ~155 against ~330). So the row is
 * loaded with their ids and `user` gives the reference, all of which are filled by one query.
 */
function withUserRefs(row: LoadedRow, user: (id: string) => UserRef) {
  const maybe = (id: string | null) => (id === null ? null : user(id));
  const {
    createdById,
    progressEntries,
    evidenceFiles,
    closureRequests,
    extensions,
    lookBacks,
    workflowEvents,
  } = row;
  return {
    ...row,
    createdBy: maybe(createdById),
    progressEntries: progressEntries.map(({ authorId, ...entry }) => ({ ...entry, author: user(authorId) })),
    evidenceFiles: evidenceFiles.map(({ uploadedById, ...file }) => ({
      ...file,
      uploadedBy: user(uploadedById),
    })),
    closureRequests: closureRequests.map(
      ({ requestedById, signerId, verifications, noticePeriods, signOffs, ...request }) => ({
        ...request,
        requestedBy: user(requestedById),
        signer: maybe(signerId),
        verifications: verifications.map(({ verifierId, ...verification }) => ({
          ...verification,
          verifier: user(verifierId),
        })),
        noticePeriods: noticePeriods.map(({ startedById, objections, ...notice }) => ({
          ...notice,
          startedBy: user(startedById),
          objections: objections.map(({ resolvedById, ...objection }) => ({
            ...objection,
            resolvedBy: maybe(resolvedById),
          })),
        })),
        signOffs: signOffs.map(({ leaderId, ...signOff }) => ({ ...signOff, leader: user(leaderId) })),
      }),
    ),
    extensions: extensions.map(({ requestedById, decidedById, ...extension }) => ({
      ...extension,
      requestedBy: user(requestedById),
      decidedBy: maybe(decidedById),
    })),
    lookBacks: lookBacks.map(({ inspectorId, ...lookBack }) => ({
      ...lookBack,
      inspector: user(inspectorId),
    })),
    workflowEvents: workflowEvents.map(({ actorId, ...event }) => ({ ...event, actor: maybe(actorId) })),
  };
}

/**
 * The row with its people filled in by one query: the references are handed out first (one
 * object per person, shared) and their names written in once loaded.
 */
async function withPeople(prisma: Pick<PrismaClient, 'user'>, loaded: LoadedRow) {
  const refs = new Map<string, UserRef>();
  const row = withUserRefs(loaded, (id) => {
    let ref = refs.get(id);
    if (!ref) refs.set(id, (ref = { id, displayName: '' }));
    return ref;
  });
  if (refs.size > 0) {
    const users = await prisma.user.findMany({
      where: { id: { in: [...refs.keys()] } },
      select: { id: true, displayName: true },
    });
    for (const found of users) refs.get(found.id)!.displayName = found.displayName;
  }
  return row;
}

type DetailRow = Awaited<ReturnType<typeof withPeople>>;
type EvidenceRow = DetailRow['evidenceFiles'][number];
type EventRow = DetailRow['workflowEvents'][number];
type ClosureRow = DetailRow['closureRequests'][number];

const isWorkflowAction = (action: string): action is WorkflowAction =>
  (workflowAction.codes as readonly string[]).includes(action);

/** What a workflow event recorded, read back from its JSON `details`. */
function detailsOf(event: EventRow) {
  const details = (event.details ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof details[key] === 'string' ? (details[key] as string) : null);
  return { details, text };
}

/** The timeline type of each workflow action's entry. */
const eventTypes: Record<WorkflowAction, TimelineEntry['type']> = {
  start: 'workflow',
  request_closure: 'closure-requested',
  withdraw_closure: 'workflow',
  sign: 'closure-signed',
  return_request: 'workflow',
  verify: 'verification',
  start_notice: 'public-notice',
  object: 'objection',
  dismiss_objection: 'objection',
  close_notice: 'public-notice',
  sign_off: 'sign-off',
  mark_phase_complete: 'workflow',
  request_extension: 'extension',
  approve_extension: 'extension',
  refuse_extension: 'extension',
  record_lookback: 'look-back',
};

/** The entry of a workflow event: the action's label, with its outcome where it has one. */
function eventEntry(event: EventRow): Omit<TimelineEntry, 'at'> {
  const { details, text } = detailsOf(event);
  if (isSupervisionEvent(event.action)) {
    return {
      type: 'supervision-notice',
      title: supervisionEventTitle(event.action, details),
      detail: event.note,
      actor: event.actor,
      on: null,
    };
  }
  if (!isWorkflowAction(event.action)) {
    return { type: 'workflow', title: event.action, detail: event.note, actor: event.actor, on: null };
  }
  const action = event.action;
  const label = workflowAction.label(action);
  const entry = { type: eventTypes[action], detail: event.note, actor: event.actor, on: null, action };
  switch (action) {
    case 'request_closure': {
      const files = Array.isArray(details.evidenceIds) ? details.evidenceIds.length : 0;
      return { ...entry, title: `${label}（附佐证材料 ${files} 份）` };
    }
    case 'verify': {
      const result = text('result') === 'PASSED' ? 'PASSED' : 'FAILED';
      const onSite = details.onSite === true ? '（现场核查）' : '';
      return {
        ...entry,
        title: `${label}：${verificationResult.label(result)}${onSite}`,
        on: text('verifiedOn'),
      };
    }
    case 'start_notice':
      return {
        ...entry,
        title: `${label}：${describeNoticePeriod({
          startsOn: text('startsOn') ?? '',
          endsOn: text('endsOn') ?? '',
          workingDays: Number(details.workingDays),
        })}`,
      };
    case 'object': {
      // An objection the coordinator recorded has no entry of its own: its text goes here.
      const content = text('content');
      return { ...entry, title: label, detail: [content, event.note].filter(Boolean).join('\n') || null };
    }
    case 'sign_off':
      return {
        ...entry,
        title: `${label}：${signOffDecision.label(text('decision') === 'APPROVED' ? 'APPROVED' : 'RETURNED')}`,
      };
    case 'request_extension':
      return { ...entry, title: `${label}：${text('originalDeadline')} → ${text('requestedDeadline')}` };
    case 'approve_extension':
      return { ...entry, title: `${label}：整改时限延至 ${text('requestedDeadline')}` };
    case 'record_lookback':
      return {
        ...entry,
        title: `${label}：${lookBackResult.label(text('result') === 'REBOUND' ? 'REBOUND' : 'KEPT')}`,
        on: text('inspectedOn'),
      };
    default:
      return { ...entry, title: label };
  }
}

/**
 * The records an action wrote, by the key its event names them under. Their own timeline entries
 * give way to the event's (which says who acted and why); records written before the workflow
 * recorded events (imports, the demo seed) keep their own entries.
 */
const recordsOfAction: Partial<Record<WorkflowAction, string>> = {
  request_closure: 'closureRequestId',
  sign: 'closureRequestId',
  verify: 'verificationId',
  start_notice: 'noticePeriodId',
  sign_off: 'signOffId',
  request_extension: 'extensionId',
  record_lookback: 'lookBackId',
};

function recordedByEvents(events: EventRow[]) {
  const keys = new Set<string>();
  const noticesWithEvents = new Set<string>();
  const resolvedObjections = new Set<string>();
  for (const event of events) {
    const { details, text } = detailsOf(event);
    const key = isWorkflowAction(event.action) ? recordsOfAction[event.action] : undefined;
    if (key && text(key)) keys.add(`${event.action}:${text(key)}`);
    if (isSupervisionEvent(event.action) && text('noticeId')) noticesWithEvents.add(text('noticeId')!);
    const objectionId = text('objectionId');
    if (objectionId) {
      resolvedObjections.add(objectionId);
      if (details.recordedByCoordinator === true) keys.add(`object:${objectionId}`);
    }
  }
  return {
    has: (action: WorkflowAction, id: string) => keys.has(`${action}:${id}`),
    /** the notice's steps are told by its events (the red notice's own event tells an escalation) */
    noticeHasEvents: (noticeId: string) => noticesWithEvents.has(noticeId),
    /** an event already tells how the objection was decided */
    resolves: (objectionId: string) => resolvedObjections.has(objectionId),
  };
}

/**
 * Every node of the item's history, oldest first. Entries about a date (a progress report, the
 * date evidence proves, a verification, a look-back) sort by that date, the others by when they
 * happened.
 */
function timelineOf(row: DetailRow): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const add = (entry: Omit<TimelineEntry, 'at'> & { at: Date }) =>
    entries.push({ ...entry, at: entry.at.toISOString() });
  const day = (date: Date) => toIsoDate(date);
  const recorded = recordedByEvents(row.workflowEvents);

  add({
    at: row.createdAt,
    type: 'registered',
    title: '挂账',
    detail: `${row.number} ${row.title}`,
    actor: row.createdBy,
    on: null,
  });
  const evidenceByEntry = new Map<string | null, EvidenceRow[]>();
  for (const file of row.evidenceFiles) {
    evidenceByEntry.set(file.progressEntryId, [...(evidenceByEntry.get(file.progressEntryId) ?? []), file]);
  }
  for (const entry of row.progressEntries) {
    add({
      at: entry.createdAt,
      type: 'progress',
      title: entry.percent === null ? '整改进展' : `整改进展（完成 ${entry.percent}%）`,
      detail: entry.content,
      actor: entry.author,
      on: day(entry.reportedOn),
      percent: entry.percent,
      evidence: (evidenceByEntry.get(entry.id) ?? []).map(toEvidenceView),
    });
  }
  // Evidence filed with a progress report appears with that report; the rest stands alone.
  for (const file of evidenceByEntry.get(null) ?? []) {
    add({
      at: file.createdAt,
      type: 'evidence',
      title: `佐证材料：${file.fileName}`,
      detail: file.description,
      actor: file.uploadedBy,
      on: day(file.provesDate),
      evidence: [toEvidenceView(file)],
    });
  }
  for (const event of row.workflowEvents) add({ ...eventEntry(event), at: event.createdAt });
  for (const request of row.closureRequests) {
    if (!recorded.has('request_closure', request.id)) {
      add({
        at: request.requestedAt,
        type: 'closure-requested',
        title: '申请销号',
        detail: request.rectificationReport,
        actor: request.requestedBy,
        on: null,
      });
    }
    if (request.signedAt && !recorded.has('sign', request.id)) {
      add({
        at: request.signedAt,
        type: 'closure-signed',
        title: '单位主要负责人签字',
        detail: request.signedStatement,
        actor: request.signer,
        on: null,
      });
    }
    for (const verification of request.verifications) {
      if (recorded.has('verify', verification.id)) continue;
      add({
        at: verification.createdAt,
        type: 'verification',
        title: `验收${verification.result === 'PASSED' ? '通过' : '不通过'}${verification.onSite ? '（现场核查）' : ''}`,
        detail: verification.conclusion,
        actor: verification.verifier,
        on: day(verification.verifiedOn),
      });
    }
    for (const notice of request.noticePeriods) {
      if (!recorded.has('start_notice', notice.id)) {
        add({
          at: notice.createdAt,
          type: 'public-notice',
          title: `公示 ${day(notice.startsOn)} 至 ${day(notice.endsOn)}`,
          detail: notice.url,
          actor: notice.startedBy,
          on: day(notice.startsOn),
        });
      }
      // Objections come from the public: the objector's contact is never shown.
      for (const objection of notice.objections) {
        if (recorded.has('object', objection.id)) continue;
        const resolution = recorded.resolves(objection.id) ? null : objection.resolution;
        add({
          at: objection.createdAt,
          type: 'objection',
          title: `公示异议（${objectionStatus.label(objection.status)}）`,
          detail: [objection.content, resolution].filter(Boolean).join('\n'),
          actor: null,
          on: null,
        });
      }
    }
    for (const signOff of request.signOffs) {
      if (recorded.has('sign_off', signOff.id)) continue;
      add({
        at: signOff.signedAt,
        type: 'sign-off',
        title: `区领导审签：${signOffDecision.label(signOff.decision)}`,
        detail: signOff.statement,
        actor: signOff.leader,
        on: null,
      });
    }
  }
  for (const extension of row.extensions) {
    if (recorded.has('request_extension', extension.id)) continue;
    add({
      at: extension.requestedAt,
      type: 'extension',
      title: `延期申请 ${day(extension.originalDeadline)} → ${day(extension.requestedDeadline)}（${extensionStatus.label(extension.status)}）`,
      detail: [extension.reason, extension.decisionNote].filter(Boolean).join('\n'),
      actor: extension.requestedBy,
      on: null,
    });
  }
  // Notices written without events (the demo seed, imports) show their steps from their own fields.
  for (const notice of row.supervisionNotices) {
    if (recorded.noticeHasEvents(notice.id)) continue;
    const details = { level: notice.level, responseDueOn: day(notice.responseDueOn) };
    const step = (
      event: SupervisionEvent,
      at: Date | null,
      detail: string | null,
      actor: EventRow['actor'],
    ) => {
      if (at)
        add({
          at,
          type: 'supervision-notice',
          title: supervisionEventTitle(event, details),
          detail,
          actor,
          on: null,
        });
    };
    const issued = notice.escalatedFromId ? 'supervision.escalate' : 'supervision.issue';
    step(issued, notice.issuedAt, notice.reason, notice.issuedBy);
    step('supervision.overdue', notice.overdueAt, null, null);
    step('supervision.respond', notice.respondedAt, notice.responseText, notice.respondedBy);
    step('supervision.close', notice.closedAt, null, null);
  }
  for (const lookBack of row.lookBacks) {
    if (recorded.has('record_lookback', lookBack.id)) continue;
    add({
      at: lookBack.createdAt,
      type: 'look-back',
      title: `回头看：${lookBackResult.label(lookBack.result)}`,
      detail: lookBack.findings,
      actor: lookBack.inspector,
      on: day(lookBack.inspectedOn),
    });
  }
  // Registration opens the file whatever its timestamp says (records imported later keep their dates).
  const sortKey = (entry: TimelineEntry) =>
    entry.type === 'registered' ? '' : (entry.on ?? toIsoDate(ledgerDate(new Date(entry.at))));
  return entries.sort((a, b) => sortKey(a).localeCompare(sortKey(b)) || a.at.localeCompare(b.at));
}

/** The closure request under way, else the last one; null before any. */
function closureOf(row: DetailRow): ClosureView | null {
  const request =
    row.closureRequests.findLast((candidate) => isActiveClosure(candidate.status)) ??
    row.closureRequests.at(-1);
  if (!request) return null;
  const notice = request.noticePeriods.at(-1);
  return {
    id: request.id,
    status: request.status,
    report: request.rectificationReport,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt.toISOString(),
    signer: request.signer,
    signedAt: request.signedAt?.toISOString() ?? null,
    signedStatement: request.signedStatement,
    returnReason: request.returnReason,
    evidenceIds: request.evidenceFiles.map((file) => file.id),
    verifications: request.verifications.map((verification) => ({
      id: verification.id,
      verifier: verification.verifier,
      result: verification.result,
      conclusion: verification.conclusion,
      onSite: verification.onSite,
      verifiedOn: toIsoDate(verification.verifiedOn),
      recordedAt: verification.createdAt.toISOString(),
    })),
    notice: notice
      ? {
          id: notice.id,
          startsOn: toIsoDate(notice.startsOn),
          endsOn: toIsoDate(notice.endsOn),
          workingDays: notice.workingDays,
          url: notice.url,
          status: notice.status,
          startedBy: notice.startedBy,
          openObjections: notice.objections.filter((objection) => objection.status === 'OPEN').length,
          objections: notice.objections.map((objection) => ({
            id: objection.id,
            content: objection.content,
            status: objection.status,
            resolution: objection.resolution,
            resolvedBy: objection.resolvedBy,
            resolvedAt: objection.resolvedAt?.toISOString() ?? null,
            receivedAt: objection.createdAt.toISOString(),
          })),
        }
      : null,
    signOffs: request.signOffs.map((signOff) => ({
      id: signOff.id,
      leader: signOff.leader,
      decision: signOff.decision,
      statement: signOff.statement,
      signedAt: signOff.signedAt.toISOString(),
    })),
  };
}

function extensionsOf(row: DetailRow): ExtensionView[] {
  return row.extensions.map((extension) => ({
    id: extension.id,
    status: extension.status,
    originalDeadline: toIsoDate(extension.originalDeadline),
    requestedDeadline: toIsoDate(extension.requestedDeadline),
    reason: extension.reason,
    requestedBy: extension.requestedBy,
    requestedAt: extension.requestedAt.toISOString(),
    decidedBy: extension.decidedBy,
    decidedAt: extension.decidedAt?.toISOString() ?? null,
    decisionNote: extension.decisionNote,
  }));
}

/** The state machine's facts, from the records the detail has loaded anyway. */
function factsOfDetail(row: DetailRow, cooperatingUnitIds: string[], today: Date) {
  const request: ClosureRow | undefined = row.closureRequests.findLast((candidate) =>
    isActiveClosure(candidate.status),
  );
  const notice = request?.noticePeriods.findLast((candidate) => candidate.status === 'OPEN');
  return workflowFactsOf(
    {
      status: row.status,
      leadUnitId: row.leadUnitId,
      cooperatingUnitIds,
      timeLimitType: row.timeLimitType,
      deadline: row.deadline,
      closure: request
        ? { requestedById: request.requestedBy.id, signerId: request.signer?.id ?? null }
        : null,
      notice: notice
        ? {
            endsOn: notice.endsOn,
            openObjections: notice.objections.filter((objection) => objection.status === 'OPEN').length,
          }
        : null,
      pendingExtension: row.extensions.some((extension) => extension.status === 'REQUESTED'),
    },
    today,
  );
}

/** The full record as `actor` may see it, or null when there is no such item. */
export async function loadItemDetail(
  prisma: Pick<PrismaClient, 'ledgerItem' | 'user' | 'closureRequest' | 'supervisionNotice'>,
  actor: Actor & { id: string },
  itemId: string,
  today: Date,
): Promise<ItemDetail | null> {
  const item = await prisma.ledgerItem.findUnique({ where: { id: itemId }, select: detailSelect });
  if (!item) return null;
  // The closure requests and the notices, with the relations below them, are read only for an
  // item that has some (most have neither): see withUserRefs for what the joined select costs.
  const { _count: counts, ...rest } = item;
  const loaded: LoadedRow = {
    ...rest,
    closureRequests:
      counts.closureRequests > 0
        ? await prisma.closureRequest.findMany({ where: { itemId }, ...closureQuery })
        : [],
    supervisionNotices:
      counts.supervisionNotices > 0
        ? await prisma.supervisionNotice.findMany({ where: { itemId }, ...noticeQuery })
        : [],
  };
  const row = await withPeople(prisma, loaded);
  const cooperatingUnitIds = row.cooperatingUnits.map((cooperating) => cooperating.unit.id);
  const scope = { status: row.status, leadUnitId: row.leadUnitId, cooperatingUnitIds };
  return {
    ...toSummary(row, today),
    leadLeaderName: row.leadLeaderName,
    responsiblePersonPhone: row.responsiblePersonPhone,
    closedOn: row.closedOn && toIsoDate(row.closedOn),
    isPublic: row.isPublic,
    createdAt: row.createdAt.toISOString(),
    task: row.task,
    petition: row.petition && {
      ...row.petition,
      handedOverOn: toIsoDate(row.petition.handedOverOn),
      finesTenThousandYuan: row.petition.finesTenThousandYuan.toNumber(),
    },
    latestPercent: row.latestProgressPercent,
    evidence: row.evidenceFiles.map(toEvidenceView),
    closure: closureOf(row),
    extensions: extensionsOf(row),
    supervision: itemSupervisionOf(scope, row.supervisionNotices, actor, today),
    timeline: timelineOf(row),
    allowedActions: [
      ...allowedItemOperations(actor, scope),
      ...allowedWorkflowActions(actor, factsOfDetail(row, cooperatingUnitIds, today)),
    ],
  };
}
