/**
 * Reading supervision notices (督办单): the rows the lifecycle decides on and the view the caller
 * gets, with the steps open to them. Kept apart from services/supervision.ts, which imports the
 * item reads (services/items.ts), because the item detail reads notices through this file.
 */
import type { Prisma } from '@ledger/db/client';
import { toIsoDate } from '@ledger/domain/calendar';
import { ITEM_OF_NO_UNIT, type Actor } from '@ledger/domain/permissions';
import {
  allowedNoticeActions,
  decideIssue,
  effectiveNoticeStatus,
  isNoticeOpen,
  type ItemSupervision,
  type NoticeFacts,
  type SupervisionNoticeView,
} from '@ledger/domain/supervision';

import { evidenceUrl } from './evidence';

const userRef = { select: { id: true, displayName: true } } as const;

export const noticeSelect = {
  id: true,
  level: true,
  status: true,
  reason: true,
  responseDueOn: true,
  issuedAt: true,
  issuedBy: userRef,
  batchId: true,
  responseText: true,
  respondedAt: true,
  respondedBy: userRef,
  overdueAt: true,
  closedAt: true,
  escalatedFromId: true,
  escalatedTo: { select: { id: true } },
  unitId: true,
  unit: { select: { id: true, name: true } },
  item: {
    select: {
      id: true,
      number: true,
      title: true,
      status: true,
      leadUnitId: true,
      cooperatingUnits: { select: { unitId: true } },
    },
  },
  evidenceFiles: {
    select: { id: true, itemId: true, fileName: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  },
} as const satisfies Prisma.SupervisionNoticeSelect;

export type NoticeRow = Prisma.SupervisionNoticeGetPayload<{ select: typeof noticeSelect }>;

/** Notices in the order people read them: the newest first. */
export const noticeOrder = [
  { issuedAt: 'desc' },
  { id: 'desc' },
] as const satisfies Prisma.SupervisionNoticeOrderByWithRelationInput[];

/** The lifecycle's view of a notice (dates as YYYY-MM-DD). */
export function noticeFactsOf(
  row: Pick<NoticeRow, 'status' | 'level' | 'responseDueOn' | 'unitId' | 'item'>,
  today: Date,
): NoticeFacts {
  return {
    status: row.status,
    level: row.level,
    responseDueOn: toIsoDate(row.responseDueOn),
    today: toIsoDate(today),
    unitId: row.unitId,
    item: {
      leadUnitId: row.item.leadUnitId,
      cooperatingUnitIds: row.item.cooperatingUnits.map((unit) => unit.unitId),
      status: row.item.status,
    },
  };
}

/** What an id without a notice is judged as: a notice of no unit on an item of no unit. */
export const NOTICE_OF_NO_UNIT = { unitId: '', item: ITEM_OF_NO_UNIT };

export function toNoticeView(row: NoticeRow, actor: Actor, today: Date): SupervisionNoticeView {
  const facts = noticeFactsOf(row, today);
  const status = effectiveNoticeStatus(row.status, facts.responseDueOn, facts.today);
  return {
    id: row.id,
    item: { id: row.item.id, number: row.item.number, title: row.item.title },
    unit: row.unit,
    level: row.level,
    status,
    reason: row.reason,
    responseDueOn: facts.responseDueOn,
    issuedBy: row.issuedBy,
    issuedAt: row.issuedAt.toISOString(),
    batchId: row.batchId,
    responseText: row.responseText,
    respondedBy: row.respondedBy,
    respondedAt: row.respondedAt?.toISOString() ?? null,
    evidence: row.evidenceFiles.map((file) => ({
      id: file.id,
      fileName: file.fileName,
      url: evidenceUrl(file.itemId, file.id),
    })),
    overdue: status === 'OVERDUE',
    late: status === 'OVERDUE' || row.overdueAt !== null,
    overdueAt: row.overdueAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    escalatedFromId: row.escalatedFromId,
    escalatedToId: row.escalatedTo?.id ?? null,
    allowedActions: allowedNoticeActions(actor, facts),
  };
}

/** The notices block of the item detail: its notices oldest first, and whether one may be issued. */
export function itemSupervisionOf(
  item: { status: NoticeRow['item']['status']; leadUnitId: string; cooperatingUnitIds: string[] },
  rows: NoticeRow[],
  actor: Actor,
  today: Date,
): ItemSupervision {
  const open = rows.find((row) => isNoticeOpen(row.status));
  return {
    notices: rows.map((row) => toNoticeView(row, actor, today)),
    canIssue: decideIssue(actor, {
      ...item,
      openNotice: open ? { level: open.level, status: open.status } : null,
    }).allowed,
  };
}
