/**
 * Reading ledger items: the list rows, the full record with its timeline (留痕), and the derived
 * facts (overdue, due soon, 序时进度), which are computed on every read from the stored deadline,
 * status and latest progress percent — never stored, so never stale.
 */
import type { Prisma, PrismaClient } from '@ledger/db/client';
import { ledgerDate, toIsoDate } from '@ledger/domain/calendar';
import {
  deadlineFacts,
  scheduleStateOf,
  type ItemDetail,
  type ItemSummary,
  type TimelineEntry,
} from '@ledger/domain/items';
import { allowedItemOperations, type Actor } from '@ledger/domain/permissions';
import { lookBackResult, noticeLevel } from '@ledger/domain/vocabulary';

import { toEvidenceView } from './evidence';

type Db = Pick<PrismaClient, 'ledgerItem'>;

const unitRef = { select: { id: true, name: true } } as const;
const userRef = { select: { id: true, displayName: true } } as const;

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
  uploadedBy: userRef,
  createdAt: true,
  progressEntryId: true,
} as const satisfies Prisma.EvidenceFileSelect;

const detailSelect = {
  ...summarySelect,
  leadLeaderName: true,
  responsiblePersonPhone: true,
  closedOn: true,
  isPublic: true,
  createdBy: userRef,
  task: {
    select: {
      inspectionRound: true,
      feedbackText: true,
      category: true,
      target: true,
      measures: true,
      closureStandard: true,
    },
  },
  petition: {
    select: {
      batch: true,
      handedOverOn: true,
      isKeyCase: true,
      duplicateOfNumber: true,
      complaintSummary: true,
      area: unitRef,
      pollutionTypes: true,
      investigationFindings: true,
      verdict: true,
      handling: true,
      orderedToRectify: true,
      penaltyCases: true,
      finesTenThousandYuan: true,
      criminalInvestigations: true,
      administrativeDetentions: true,
      criminalDetentions: true,
      interviews: true,
      accountablePersons: true,
      handlingState: true,
      signerName: true,
    },
  },
  progressEntries: {
    select: { id: true, reportedOn: true, content: true, percent: true, author: userRef, createdAt: true },
    orderBy: [{ reportedOn: 'asc' }, { createdAt: 'asc' }],
  },
  evidenceFiles: { select: evidenceSelect, orderBy: [{ provesDate: 'asc' }, { createdAt: 'asc' }] },
  closureRequests: {
    select: {
      requestedAt: true,
      requestedBy: userRef,
      rectificationReport: true,
      signedAt: true,
      signer: userRef,
      signedStatement: true,
      verifications: {
        select: {
          createdAt: true,
          verifiedOn: true,
          verifier: userRef,
          result: true,
          conclusion: true,
          onSite: true,
        },
      },
      noticePeriods: {
        select: {
          createdAt: true,
          startsOn: true,
          endsOn: true,
          url: true,
          startedBy: userRef,
          objections: { select: { createdAt: true, content: true, status: true, resolution: true } },
        },
      },
      signOffs: { select: { signedAt: true, leader: userRef, decision: true, statement: true } },
    },
  },
  extensions: {
    select: {
      requestedAt: true,
      requestedBy: userRef,
      originalDeadline: true,
      requestedDeadline: true,
      reason: true,
      status: true,
      decisionNote: true,
    },
  },
  supervisionNotices: {
    select: { issuedAt: true, issuedBy: userRef, level: true, reason: true, responseDueOn: true },
  },
  lookBacks: {
    select: { createdAt: true, inspectedOn: true, inspector: userRef, result: true, findings: true },
  },
} as const satisfies Prisma.LedgerItemSelect;

type DetailRow = Prisma.LedgerItemGetPayload<{ select: typeof detailSelect }>;
type EvidenceRow = DetailRow['evidenceFiles'][number];

const extensionStatusLabels = { REQUESTED: '待审批', APPROVED: '已批准', REFUSED: '不予批准' } as const;
const objectionStatusLabels = { OPEN: '待处理', UPHELD: '异议成立', DISMISSED: '异议不成立' } as const;

/**
 * Every node of the item's history, oldest first. Entries about a date (a progress report, the
 * date evidence proves, a look-back) sort by that date, the others by when they happened.
 */
function timelineOf(row: DetailRow): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const add = (entry: Omit<TimelineEntry, 'at'> & { at: Date }) =>
    entries.push({ ...entry, at: entry.at.toISOString() });
  const day = (date: Date) => toIsoDate(date);

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
  for (const request of row.closureRequests) {
    add({
      at: request.requestedAt,
      type: 'closure-requested',
      title: '申请销号',
      detail: request.rectificationReport,
      actor: request.requestedBy,
      on: null,
    });
    if (request.signedAt) {
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
      add({
        at: notice.createdAt,
        type: 'public-notice',
        title: `公示 ${day(notice.startsOn)} 至 ${day(notice.endsOn)}`,
        detail: notice.url,
        actor: notice.startedBy,
        on: day(notice.startsOn),
      });
      // Objections come from the public: the objector's contact is never shown.
      for (const objection of notice.objections) {
        add({
          at: objection.createdAt,
          type: 'objection',
          title: `公示异议（${objectionStatusLabels[objection.status]}）`,
          detail: [objection.content, objection.resolution].filter(Boolean).join('\n'),
          actor: null,
          on: null,
        });
      }
    }
    for (const signOff of request.signOffs) {
      add({
        at: signOff.signedAt,
        type: 'sign-off',
        title: `区领导审签：${signOff.decision === 'APPROVED' ? '同意销号' : '退回'}`,
        detail: signOff.statement,
        actor: signOff.leader,
        on: null,
      });
    }
  }
  for (const extension of row.extensions) {
    add({
      at: extension.requestedAt,
      type: 'extension',
      title: `延期申请 ${day(extension.originalDeadline)} → ${day(extension.requestedDeadline)}（${extensionStatusLabels[extension.status]}）`,
      detail: [extension.reason, extension.decisionNote].filter(Boolean).join('\n'),
      actor: extension.requestedBy,
      on: null,
    });
  }
  for (const notice of row.supervisionNotices) {
    add({
      at: notice.issuedAt,
      type: 'supervision-notice',
      title: `${noticeLevel.label(notice.level)}（${day(notice.responseDueOn)} 前反馈）`,
      detail: notice.reason,
      actor: notice.issuedBy,
      on: null,
    });
  }
  for (const lookBack of row.lookBacks) {
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

/** The full record as `actor` may see it, or null when there is no such item. */
export async function loadItemDetail(
  prisma: Db,
  actor: Actor,
  itemId: string,
  today: Date,
): Promise<ItemDetail | null> {
  const row = await prisma.ledgerItem.findUnique({ where: { id: itemId }, select: detailSelect });
  if (!row) return null;
  const scope = {
    status: row.status,
    leadUnitId: row.leadUnitId,
    cooperatingUnitIds: row.cooperatingUnits.map((cooperating) => cooperating.unit.id),
  };
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
    timeline: timelineOf(row),
    allowedActions: allowedItemOperations(actor, scope),
  };
}
