/**
 * The closure (销号) workflow as one state machine: data (which action leads from which state to
 * which, who may take it, what it needs) and pure functions over it. The API performs an action
 * only when `decideAction` allows it, and answers `allowedWorkflowActions` with every item; the
 * web app shows the buttons that list names and builds each form from the action's input schema
 * (workflow-inputs.ts). Neither re-implements a rule. The path, from docs/domain.md:
 *
 *   挂账 → 整改中 → 申请销号 (officer) → 待验收 (head signed) → 验收通过 → 公示中 → 待审签 → 已销号
 *
 * with the side paths: verification fails → 整改中; an upheld objection → 待验收; the leader
 * returns → 待验收; 长期坚持 items → 阶段性完成 (open, may still request closure); a look-back
 * finding a rebound → 整改中, flagged; extensions requested and decided beside the main path.
 */
import {
  decideItemOperation,
  permissionReaches,
  unitRelation,
  type Actor,
  type Permission,
  type ScopedItem,
} from './permissions';
import { itemStatus, vocabulary, type timeLimitType } from './vocabulary';

export type Status = (typeof itemStatus.codes)[number];
type TimeLimitType = (typeof timeLimitType.codes)[number];

/** 流程操作 — the actions, with the words on their buttons. */
export const workflowAction = vocabulary({
  start: '开始整改',
  request_closure: '申请销号',
  withdraw_closure: '撤回销号申请',
  sign: '签字确认',
  return_request: '退回申请',
  verify: '验收',
  start_notice: '启动公示',
  object: '异议成立',
  dismiss_objection: '异议不成立',
  close_notice: '公示期满',
  sign_off: '审签',
  mark_phase_complete: '认定阶段性完成',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  refuse_extension: '不予批准延期',
  record_lookback: '回头看',
});
export type WorkflowAction = (typeof workflowAction.codes)[number];

/**
 * Where an action leads. Most have one outcome; verification, sign-off and look-back have two,
 * chosen by the action's input (passed / failed, approved / returned, kept / rebound). `null`
 * keeps the state (an extension or a dismissed objection changes no state).
 */
type Outcomes = { readonly [outcome: string]: Status | null };

/** What an action needs beyond permission and state, for the UI's forms and the API's checks. */
export interface ActionNeeds {
  /** a reason or conclusion in words */
  text?: 'reason' | 'report' | 'statement' | 'conclusion' | 'findings' | 'resolution';
  /** attached evidence files of the item (at least one) */
  evidence?: true;
  /** a public notice period in working days */
  noticePeriod?: true;
  /** a new deadline */
  deadline?: true;
  /** one open objection of the running notice */
  objection?: true;
}

export interface ActionRule {
  from: readonly Status[];
  outcomes: Outcomes;
  permission: Permission;
  needs: ActionNeeds;
}

const OPEN_WORK: readonly Status[] = ['REGISTERED', 'IN_PROGRESS', 'PHASE_COMPLETE'];
/** States in which the item is still open: every state but 已销号. */
const OPEN_STATES: readonly Status[] = itemStatus.codes.filter((status) => status !== 'CLOSED');

export const workflowRules: Record<WorkflowAction, ActionRule> = {
  start: {
    from: ['REGISTERED'],
    outcomes: { done: 'IN_PROGRESS' },
    permission: 'create:progress:own-unit',
    needs: {},
  },
  request_closure: {
    from: ['IN_PROGRESS', 'PHASE_COMPLETE'],
    outcomes: { done: 'CLOSURE_REQUESTED' },
    permission: 'request:closure:lead-unit',
    needs: { text: 'report', evidence: true },
  },
  withdraw_closure: {
    from: ['CLOSURE_REQUESTED'],
    outcomes: { done: 'IN_PROGRESS' },
    permission: 'request:closure:lead-unit',
    needs: { text: 'reason' },
  },
  sign: {
    from: ['CLOSURE_REQUESTED'],
    outcomes: { done: 'AWAITING_VERIFICATION' },
    permission: 'sign:closure:lead-unit',
    needs: { text: 'statement' },
  },
  return_request: {
    from: ['CLOSURE_REQUESTED'],
    outcomes: { done: 'IN_PROGRESS' },
    permission: 'sign:closure:lead-unit',
    needs: { text: 'reason' },
  },
  verify: {
    from: ['AWAITING_VERIFICATION'],
    outcomes: { PASSED: 'VERIFIED', FAILED: 'IN_PROGRESS' },
    permission: 'verify:closure:any',
    needs: { text: 'conclusion' },
  },
  start_notice: {
    from: ['VERIFIED'],
    outcomes: { done: 'PUBLIC_NOTICE' },
    permission: 'manage:notice:any',
    needs: { noticePeriod: true },
  },
  object: {
    from: ['PUBLIC_NOTICE'],
    outcomes: { done: 'AWAITING_VERIFICATION' },
    permission: 'manage:notice:any',
    needs: { text: 'resolution' },
  },
  dismiss_objection: {
    from: ['PUBLIC_NOTICE'],
    outcomes: { done: null },
    permission: 'manage:notice:any',
    needs: { text: 'resolution', objection: true },
  },
  close_notice: {
    from: ['PUBLIC_NOTICE'],
    outcomes: { done: 'AWAITING_SIGN_OFF' },
    permission: 'manage:notice:any',
    needs: {},
  },
  sign_off: {
    from: ['AWAITING_SIGN_OFF'],
    outcomes: { APPROVED: 'CLOSED', RETURNED: 'AWAITING_VERIFICATION' },
    permission: 'sign-off:closure:any',
    needs: { text: 'statement' },
  },
  mark_phase_complete: {
    from: ['IN_PROGRESS'],
    outcomes: { done: 'PHASE_COMPLETE' },
    permission: 'mark:phase-complete:any',
    needs: { text: 'conclusion' },
  },
  request_extension: {
    from: OPEN_WORK,
    outcomes: { done: null },
    permission: 'request:extension:lead-unit',
    needs: { text: 'reason', deadline: true },
  },
  approve_extension: {
    from: OPEN_STATES,
    outcomes: { done: null },
    permission: 'decide:extension:any',
    needs: {},
  },
  refuse_extension: {
    from: OPEN_STATES,
    outcomes: { done: null },
    permission: 'decide:extension:any',
    needs: { text: 'reason' },
  },
  record_lookback: {
    from: ['CLOSED'],
    outcomes: { KEPT: 'CLOSED', REBOUND: 'IN_PROGRESS' },
    permission: 'record:lookback:any',
    needs: { text: 'findings' },
  },
};

/** What the rules need to know about the item beyond its state and units. */
export interface WorkflowFacts extends ScopedItem {
  timeLimitType: TimeLimitType;
  /** the current deadline, YYYY-MM-DD */
  deadline: string;
  /** the ledger's today, YYYY-MM-DD */
  today: string;
  /** the closure request under way (申请销号 until 销号), if any */
  closure: { requestedById: string; signerId: string | null } | null;
  /** the public notice running, if any */
  notice: { endsOn: string; openObjections: number } | null;
  /** an extension request waits for a decision */
  pendingExtension: boolean;
}

export interface WorkflowActor extends Actor {
  id: string;
}

export type ActionDecision =
  | { allowed: true }
  /** the item is outside what the actor may see */
  | { allowed: false; status: 404 }
  /** the actor may not take this action: the missing permission, or why not */
  | { allowed: false; status: 403; missing?: Permission; message: string }
  /** not in the item's current state (or its facts): why, naming the state */
  | { allowed: false; status: 409; state: Status; message: string };

const stateName = (status: Status) => `「${itemStatus.label(status)}」`;
const actionName = (action: WorkflowAction) => `「${workflowAction.label(action)}」`;

/**
 * Conditions beyond permission and state. 403 answers what the actor could never do on this
 * item (separation of duties); 409 what waits on the item's facts.
 */
function checkFacts(actor: WorkflowActor, facts: WorkflowFacts, action: WorkflowAction): ActionDecision {
  const refuse = (message: string): ActionDecision => ({
    allowed: false,
    status: 409,
    state: facts.status,
    message,
  });
  switch (action) {
    case 'verify':
      // The person who fixes is not the person who verifies (domain.md).
      if (facts.closure && [facts.closure.requestedById, facts.closure.signerId].includes(actor.id)) {
        return { allowed: false, status: 403, message: '验收人不能是该销号申请的申请人或签字人' };
      }
      break;
    case 'close_notice':
      if (!facts.notice) return refuse('没有进行中的公示');
      if (facts.today <= facts.notice.endsOn) {
        return refuse(`公示期至 ${facts.notice.endsOn} 结束，期满后方可提交审签`);
      }
      if (facts.notice.openObjections > 0) {
        return refuse(`公示期内有 ${facts.notice.openObjections} 条异议待处理，处理后方可提交审签`);
      }
      break;
    case 'dismiss_objection':
      if (!facts.notice || facts.notice.openObjections === 0) return refuse('没有待处理的异议');
      break;
    case 'mark_phase_complete':
      if (facts.timeLimitType !== 'LONG_TERM') return refuse('只有“长期坚持”类事项可认定阶段性完成');
      break;
    case 'request_extension':
      if (facts.pendingExtension) return refuse('已有一份延期申请待审批');
      if (facts.today > facts.deadline) return refuse(`延期须在整改时限（${facts.deadline}）届满前申请`);
      break;
    case 'approve_extension':
    case 'refuse_extension':
      if (!facts.pendingExtension) return refuse('没有待审批的延期申请');
      break;
  }
  return { allowed: true };
}

/**
 * May `actor` take `action` on the item now? In this order: 404 when the item is out of the
 * actor's sight (as for every item request); 403 when the role lacks the permission or its scope
 * does not reach the item (a cooperating unit cannot request closure of what another unit leads);
 * 409 when the item's state does not allow the action; then the action's own conditions.
 */
export function decideAction(
  actor: WorkflowActor,
  facts: WorkflowFacts,
  action: WorkflowAction,
): ActionDecision {
  const read = decideItemOperation(actor, facts, 'read');
  if (!read.allowed) {
    return read.status === 404
      ? read
      : {
          allowed: false,
          status: 403,
          missing: 'read:item:own-unit',
          message: '缺少权限: read:item:own-unit',
        };
  }
  const rule = workflowRules[action];
  if (!permissionReaches(actor.role, rule.permission, unitRelation(actor, facts))) {
    return {
      allowed: false,
      status: 403,
      missing: rule.permission,
      message: rule.permission.endsWith(':lead-unit')
        ? `缺少权限: ${rule.permission}（仅牵头单位可${actionName(action)}）`
        : `缺少权限: ${rule.permission}`,
    };
  }
  if (!rule.from.includes(facts.status)) {
    return {
      allowed: false,
      status: 409,
      state: facts.status,
      message: `事项当前状态为${stateName(facts.status)}，不能${actionName(action)}`,
    };
  }
  return checkFacts(actor, facts, action);
}

/** The actions the actor may take on the item now, in the order of the path. */
export function allowedWorkflowActions(actor: WorkflowActor, facts: WorkflowFacts): WorkflowAction[] {
  return workflowAction.codes.filter((action) => decideAction(actor, facts, action).allowed);
}

/** The state an action leads to, given its outcome (for two-way actions, the input's choice). */
export function nextStatus(status: Status, action: WorkflowAction, outcome = 'done'): Status {
  const outcomes = workflowRules[action].outcomes;
  if (!(outcome in outcomes)) throw new Error(`action ${action} has no outcome ${outcome}`);
  return outcomes[outcome] ?? status;
}

/** The outcomes an action can have (`done` for one-way actions). */
export const outcomesOf = (action: WorkflowAction) => Object.keys(workflowRules[action].outcomes);
