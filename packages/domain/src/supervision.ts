/**
 * 三色督办 — supervision notices as one lifecycle: data (which action leads from which status, who
 * may take it, on which level) and pure functions over it, as workflow.ts is for items. The API
 * performs a step only when `decideNoticeAction` allows it and answers every notice with the
 * caller's `allowedActions`; the web app shows those buttons. Neither re-implements a rule.
 *
 *   下发 (ISSUED) ──respond──▶ 已反馈 (RESPONDED) ──close──▶ 已办结 (CLOSED)
 *      │ response date passes unanswered (daily run, or derived on read)
 *      ▼
 *   逾期未反馈 (OVERDUE) ──respond (late, stays marked late)──▶ 已反馈
 *
 *   a yellow notice OVERDUE or RESPONDED ──escalate──▶ 已升级 (ESCALATED) + a new red notice
 *
 * Inputs and list answers are in supervision-inputs.ts; this file imports no item schema, so that
 * items.ts can carry the notices in the item detail.
 */
import { z } from 'zod';

import {
  hasPermission,
  isInUnitScope,
  permissionReaches,
  readScope,
  type Actor,
  type Permission,
  type ScopedItem,
  type UnitRelation,
} from './permissions';
import { itemStatus, noticeLevel, supervisionStatus, vocabulary } from './vocabulary';

export type NoticeLevel = (typeof noticeLevel.codes)[number];
export type NoticeStatus = (typeof supervisionStatus.codes)[number];

/** 督办操作 — the steps on an issued notice, with the words on their buttons. */
export const supervisionAction = vocabulary({
  respond: '反馈督办',
  escalate: '升级为挂牌督办',
  close: '审核办结',
});
export type SupervisionAction = (typeof supervisionAction.codes)[number];

/** A notice waits for someone while in these: a new notice on its item would be a second one. */
export const OPEN_NOTICE_STATUSES = ['ISSUED', 'OVERDUE', 'RESPONDED'] as const satisfies NoticeStatus[];

export const isNoticeOpen = (status: NoticeStatus) =>
  (OPEN_NOTICE_STATUSES as readonly NoticeStatus[]).includes(status);

export interface NoticeRule {
  from: readonly NoticeStatus[];
  to: NoticeStatus;
  permission: Permission;
  /** the levels the step applies to: red (挂牌督办) is the top, it cannot be escalated */
  levels: readonly NoticeLevel[];
}

/**
 * Escalation is the coordinator's judgement on a yellow notice that failed: unanswered past its
 * date (OVERDUE), or answered insufficiently (RESPONDED — escalating instead of closing it). Not
 * while ISSUED and still within its date: the unit was given until then to answer.
 */
export const supervisionRules: Record<SupervisionAction, NoticeRule> = {
  respond: {
    from: ['ISSUED', 'OVERDUE'],
    to: 'RESPONDED',
    permission: 'respond:supervision:lead-unit',
    levels: ['YELLOW', 'RED'],
  },
  escalate: {
    from: ['OVERDUE', 'RESPONDED'],
    to: 'ESCALATED',
    permission: 'issue:supervision:any',
    levels: ['YELLOW'],
  },
  close: {
    from: ['RESPONDED'],
    to: 'CLOSED',
    permission: 'issue:supervision:any',
    levels: ['YELLOW', 'RED'],
  },
};

/**
 * The status as of `today`: an ISSUED notice whose response date has passed is OVERDUE whether
 * or not the daily run has flagged it yet. Dates are YYYY-MM-DD.
 */
export function effectiveNoticeStatus(
  status: NoticeStatus,
  responseDueOn: string,
  today: string,
): NoticeStatus {
  return status === 'ISSUED' && responseDueOn < today ? 'OVERDUE' : status;
}

/** What the rules need to know about a notice and its item. */
export interface NoticeFacts {
  /** the stored status (the effective one is derived with `today`) */
  status: NoticeStatus;
  level: NoticeLevel;
  /** YYYY-MM-DD */
  responseDueOn: string;
  /** the ledger's today, YYYY-MM-DD */
  today: string;
  /** 被督办单位: the item's lead unit when the notice was issued */
  unitId: string;
  item: ScopedItem;
}

export type NoticeDecision =
  | { allowed: true }
  | { allowed: false; status: 404 }
  | { allowed: false; status: 403; missing: Permission; message: string }
  | { allowed: false; status: 409; state: NoticeStatus; message: string };

/**
 * Whom a notice concerns: the unit it is addressed to (its "lead unit", who answers), the units
 * that may read its item (they see it, as the item's timeline shows it), or neither.
 */
export function noticeRelation(actor: Actor, facts: Pick<NoticeFacts, 'unitId' | 'item'>): UnitRelation {
  if (actor.unitId !== null && actor.unitId === facts.unitId) return 'lead';
  return isInUnitScope(actor, facts.item) ? 'cooperating' : 'none';
}

/**
 * Who may read a notice: whoever reads every item, and a unit's users for the notices addressed
 * to their unit or on an item their unit takes part in. Answers like items do: 403 to a role that
 * reads nothing (the answer is the same for every notice), otherwise 404 for what is out of sight.
 */
export function decideNoticeRead(
  actor: Actor,
  facts: Pick<NoticeFacts, 'unitId' | 'item'>,
):
  { allowed: true } | { allowed: false; status: 404 } | { allowed: false; status: 403; missing: Permission } {
  const scope = readScope(actor);
  if (scope.kind === 'none') return { allowed: false, status: 403, missing: 'read:item:own-unit' };
  if (scope.kind === 'any' || noticeRelation(actor, facts) !== 'none') return { allowed: true };
  return { allowed: false, status: 404 };
}

const statusName = (status: NoticeStatus) => `「${supervisionStatus.label(status)}」`;
const actionName = (action: SupervisionAction) => `「${supervisionAction.label(action)}」`;

/**
 * May `actor` take `action` on the notice now? In this order: 404/403 as for reading; 403 when
 * the role lacks the permission or its scope does not reach (a cooperating unit reads the notice
 * but does not answer it); 409 naming the status; 409 for a red notice asked to escalate.
 */
export function decideNoticeAction(
  actor: Actor,
  facts: NoticeFacts,
  action: SupervisionAction,
): NoticeDecision {
  const read = decideNoticeRead(actor, facts);
  if (!read.allowed) {
    return read.status === 404
      ? read
      : { allowed: false, status: 403, missing: read.missing, message: `缺少权限: ${read.missing}` };
  }
  const rule = supervisionRules[action];
  if (!permissionReaches(actor.role, rule.permission, noticeRelation(actor, facts))) {
    return {
      allowed: false,
      status: 403,
      missing: rule.permission,
      message: rule.permission.endsWith(':lead-unit')
        ? `缺少权限: ${rule.permission}（仅被督办的牵头单位可${actionName(action)}）`
        : `缺少权限: ${rule.permission}`,
    };
  }
  const status = effectiveNoticeStatus(facts.status, facts.responseDueOn, facts.today);
  if (!rule.from.includes(status)) {
    return {
      allowed: false,
      status: 409,
      state: status,
      message: `督办当前状态为${statusName(status)}，不能${actionName(action)}`,
    };
  }
  if (!rule.levels.includes(facts.level)) {
    return {
      allowed: false,
      status: 409,
      state: status,
      message: `${noticeLevel.label(facts.level)}已是最高等级，不能再升级`,
    };
  }
  return { allowed: true };
}

/** The steps the actor may take on the notice now. */
export function allowedNoticeActions(actor: Actor, facts: NoticeFacts): SupervisionAction[] {
  return supervisionAction.codes.filter((action) => decideNoticeAction(actor, facts, action).allowed);
}

/** What deciding to issue a notice on an item needs to know about it. */
export interface IssueFacts extends ScopedItem {
  /** the item's notice still waiting (ISSUED, OVERDUE or RESPONDED), if any */
  openNotice: { level: NoticeLevel; status: NoticeStatus } | null;
}

export type IssueDecision =
  | { allowed: true }
  | { allowed: false; status: 404 }
  | { allowed: false; status: 403; missing: Permission; message: string }
  | { allowed: false; status: 409; message: string };

/**
 * May `actor` issue a notice on the item? Only the coordinator; never on a closed item (its record
 * is final), nor beside a notice that still waits — escalate that one instead.
 */
export function decideIssue(actor: Actor, item: IssueFacts): IssueDecision {
  const scope = readScope(actor);
  if (scope.kind === 'none') {
    return {
      allowed: false,
      status: 403,
      missing: 'read:item:own-unit',
      message: '缺少权限: read:item:own-unit',
    };
  }
  if (scope.kind === 'unit' && !isInUnitScope(actor, item)) return { allowed: false, status: 404 };
  if (!hasPermission(actor.role, 'issue:supervision:any')) {
    return {
      allowed: false,
      status: 403,
      missing: 'issue:supervision:any',
      message: '缺少权限: issue:supervision:any',
    };
  }
  if (item.status === 'CLOSED') {
    return { allowed: false, status: 409, message: `该事项${itemStatus.label('CLOSED')}，不能督办` };
  }
  if (item.openNotice) {
    return {
      allowed: false,
      status: 409,
      message: `该事项已有未办结的${noticeLevel.label(item.openNotice.level)}（${supervisionStatus.label(item.openNotice.status)}），不能重复下发；如需加重请升级原督办`,
    };
  }
  return { allowed: true };
}

// ───────────── The answer (the API's response schema; the web app's type) ─────────────

const unitRef = z.object({ id: z.string(), name: z.string() });
const userRef = z.object({ id: z.string(), displayName: z.string() });
const day = z.string(); // YYYY-MM-DD

/** 督办单 as the caller sees it, with the steps open to them. */
export const supervisionNoticeView = z.object({
  id: z.string(),
  item: z.object({ id: z.string(), number: z.string(), title: z.string() }),
  /** 被督办单位 */
  unit: unitRef,
  level: noticeLevel.schema,
  /** the effective status: an unanswered notice past its date reads OVERDUE even before the daily run */
  status: supervisionStatus.schema,
  reason: z.string(),
  responseDueOn: day,
  issuedBy: userRef,
  issuedAt: z.string(),
  /** notices issued together on a unit's overdue items share it */
  batchId: z.string().nullable(),
  responseText: z.string().nullable(),
  respondedBy: userRef.nullable(),
  respondedAt: z.string().nullable(),
  /** the item's evidence files filed with the response (see the item's `evidence`) */
  evidence: z.array(z.object({ id: z.string(), fileName: z.string(), url: z.string() })),
  /** waiting for the unit's answer past the response date (逾期未反馈) */
  overdue: z.boolean(),
  /** the response date passed unanswered: stays true once answered late */
  late: z.boolean(),
  overdueAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** the yellow notice this red one was escalated from */
  escalatedFromId: z.string().nullable(),
  /** the red notice this yellow one was escalated to */
  escalatedToId: z.string().nullable(),
  allowedActions: z.array(supervisionAction.schema),
});
export type SupervisionNoticeView = z.infer<typeof supervisionNoticeView>;

/** The notices block of the item detail. */
export const itemSupervision = z.object({
  /** every notice on the item, oldest first */
  notices: z.array(supervisionNoticeView),
  /** the caller may issue a notice on the item now (`decideIssue`) */
  canIssue: z.boolean(),
});
export type ItemSupervision = z.infer<typeof itemSupervision>;

// ───────────── The timeline (留痕) ─────────────

/**
 * The WorkflowEvent action codes of the notice's steps: each step leaves one event on the item
 * (who, when, the text) beside its audit record, and the item's timeline reads them.
 */
export const supervisionEvent = vocabulary({
  'supervision.issue': '下发督办',
  'supervision.respond': '反馈督办',
  'supervision.overdue': '督办逾期未反馈',
  'supervision.escalate': '升级为挂牌督办',
  'supervision.close': '督办审核办结',
});
export type SupervisionEvent = (typeof supervisionEvent.codes)[number];

export const isSupervisionEvent = (action: string): action is SupervisionEvent =>
  (supervisionEvent.codes as readonly string[]).includes(action);

/** The timeline title of a supervision step, from what its event recorded. */
export function supervisionEventTitle(action: SupervisionEvent, details: Record<string, unknown>): string {
  const level = details.level === 'RED' ? 'RED' : 'YELLOW';
  const due = typeof details.responseDueOn === 'string' ? details.responseDueOn : null;
  switch (action) {
    case 'supervision.issue':
      return `下发${noticeLevel.label(level)}（${due} 前反馈）`;
    case 'supervision.escalate':
      return `升级为${noticeLevel.label('RED')}（${due} 前反馈）`;
    case 'supervision.respond': {
      const files = Array.isArray(details.evidenceIds) ? details.evidenceIds.length : 0;
      const late = details.late === true ? '（逾期反馈）' : '';
      return `反馈${noticeLevel.label(level)}${late}${files > 0 ? `，附佐证材料 ${files} 份` : ''}`;
    }
    case 'supervision.overdue':
      return `${noticeLevel.label(level)}逾期未反馈（要求 ${due} 前反馈）`;
    case 'supervision.close':
      return `${noticeLevel.label(level)}审核办结`;
  }
}
