/**
 * The closure workflow, exhaustively: every action × every state × every role × every relation
 * of the actor's unit to the item, against the path of docs/domain.md written out here as the
 * officials describe it — who acts, and from which state — rather than read back from the rules.
 */
import { describe, expect, it } from 'vitest';

import type { Role, UnitRelation } from '../src/permissions';
import { itemStatus, role } from '../src/vocabulary';
import {
  allowedWorkflowActions,
  decideAction,
  nextStatus,
  workflowAction,
  type Status,
  type WorkflowAction,
  type WorkflowActor,
  type WorkflowFacts,
} from '../src/workflow';

const unitRoles = ['UNIT_OFFICER', 'UNIT_HEAD'] as const;
const lead = (roles: readonly Role[]) => roles.map((r) => [r, 'lead'] as const);
const involved = (roles: readonly Role[]) =>
  roles.flatMap((r) => [[r, 'lead'] as const, [r, 'cooperating'] as const]);
const anywhere = (r: Role) =>
  (['lead', 'cooperating', 'none'] as const).map((relation) => [r, relation] as const);

const openStates = itemStatus.codes.filter((status) => status !== 'CLOSED');

/** Who may take each action (role and how their unit stands to the item), and from which states. */
const spec: Record<WorkflowAction, { who: (readonly [Role, UnitRelation])[]; from: readonly Status[] }> = {
  start: { who: involved(unitRoles), from: ['REGISTERED'] },
  request_closure: { who: lead(unitRoles), from: ['IN_PROGRESS', 'PHASE_COMPLETE'] },
  withdraw_closure: { who: lead(unitRoles), from: ['CLOSURE_REQUESTED'] },
  sign: { who: lead(['UNIT_HEAD']), from: ['CLOSURE_REQUESTED'] },
  return_request: { who: lead(['UNIT_HEAD']), from: ['CLOSURE_REQUESTED'] },
  verify: { who: anywhere('COORDINATOR'), from: ['AWAITING_VERIFICATION'] },
  start_notice: { who: anywhere('COORDINATOR'), from: ['VERIFIED'] },
  object: { who: anywhere('COORDINATOR'), from: ['PUBLIC_NOTICE'] },
  dismiss_objection: { who: anywhere('COORDINATOR'), from: ['PUBLIC_NOTICE'] },
  close_notice: { who: anywhere('COORDINATOR'), from: ['PUBLIC_NOTICE'] },
  sign_off: { who: anywhere('DISTRICT_LEADER'), from: ['AWAITING_SIGN_OFF'] },
  mark_phase_complete: { who: anywhere('COORDINATOR'), from: ['IN_PROGRESS'] },
  request_extension: { who: lead(unitRoles), from: ['REGISTERED', 'IN_PROGRESS', 'PHASE_COMPLETE'] },
  approve_extension: { who: anywhere('DISTRICT_LEADER'), from: openStates },
  refuse_extension: { who: anywhere('DISTRICT_LEADER'), from: openStates },
  record_lookback: { who: anywhere('COORDINATOR'), from: ['CLOSED'] },
};

/** Roles that read every item; the unit roles read their unit's; the admins read none. */
const readsAll: readonly Role[] = ['COORDINATOR', 'DISTRICT_LEADER', 'AUDITOR'];
const readsNone: readonly Role[] = ['ADMIN', 'SECURITY_ADMIN', 'AUDIT_ADMIN'];

const HUSHU = 'unit-hushu';
const itemFor = (relation: UnitRelation) =>
  relation === 'lead'
    ? { leadUnitId: HUSHU, cooperatingUnitIds: [] }
    : relation === 'cooperating'
      ? { leadUnitId: 'unit-xiaohe', cooperatingUnitIds: [HUSHU] }
      : { leadUnitId: 'unit-banshan', cooperatingUnitIds: [] };

/** Facts under which no action's own condition stands in the way. */
function facts(
  status: Status,
  relation: UnitRelation,
  overrides: Partial<WorkflowFacts> = {},
): WorkflowFacts {
  return {
    ...itemFor(relation),
    status,
    timeLimitType: 'LONG_TERM',
    deadline: '2026-12-31',
    today: '2026-11-29',
    closure: { requestedById: 'officer-1', signerId: 'head-1' },
    notice: { endsOn: '2026-11-20', openObjections: 0 },
    pendingExtension: false,
    ...overrides,
  };
}
// Objections to dismiss and an extension to decide must exist for those actions.
const factsFor = (action: WorkflowAction, status: Status, relation: UnitRelation) =>
  facts(status, relation, {
    ...(action === 'dismiss_objection' ? { notice: { endsOn: '2026-11-20', openObjections: 1 } } : {}),
    ...(action === 'approve_extension' || action === 'refuse_extension' ? { pendingExtension: true } : {}),
  });

const actorOf = (roleCode: Role): WorkflowActor => ({
  id: `${roleCode}-actor`,
  role: roleCode,
  unitId: (unitRoles as readonly Role[]).includes(roleCode) ? HUSHU : null,
});

describe('the closure workflow, every action × state × role × relation', () => {
  const cases = workflowAction.codes.flatMap((action) =>
    itemStatus.codes.flatMap((status) =>
      role.codes.flatMap((roleCode) =>
        (['lead', 'cooperating', 'none'] as const).map((relation) => ({
          action,
          status,
          roleCode,
          relation,
        })),
      ),
    ),
  );

  it('covers all of them', () => {
    expect(cases).toHaveLength(workflowAction.codes.length * itemStatus.codes.length * role.codes.length * 3);
  });

  it.each(cases)('$action in $status by $roleCode ($relation)', ({ action, status, roleCode, relation }) => {
    const actor = actorOf(roleCode);
    // Roles without a unit stand to every item as 'none'; the unit relation means nothing to them.
    const effective: UnitRelation = actor.unitId === null ? 'none' : relation;
    const decision = decideAction(actor, factsFor(action, status, relation), action);
    const rule = spec[action];
    if (readsNone.includes(roleCode)) {
      expect(decision).toMatchObject({ allowed: false, status: 403 });
    } else if (!readsAll.includes(roleCode) && effective === 'none') {
      expect(decision).toEqual({ allowed: false, status: 404 });
    } else if (!rule.who.some(([r, rel]) => r === roleCode && rel === effective)) {
      expect(decision).toMatchObject({ allowed: false, status: 403 });
      expect((decision as { message: string }).message).toMatch(/缺少权限/);
    } else if (!rule.from.includes(status)) {
      expect(decision).toMatchObject({ allowed: false, status: 409, state: status });
      expect((decision as { message: string }).message).toContain(itemStatus.label(status));
    } else {
      expect(decision).toEqual({ allowed: true });
    }
  });
});

describe('the conditions of single actions', () => {
  const coordinator: WorkflowActor = { id: 'coordinator-1', role: 'COORDINATOR', unitId: null };
  const officer: WorkflowActor = { id: 'officer-1', role: 'UNIT_OFFICER', unitId: HUSHU };

  it('keeps the requester and the signer from verifying their own request (403)', () => {
    const closure = { requestedById: 'coordinator-1', signerId: 'head-1' };
    expect(
      decideAction(coordinator, facts('AWAITING_VERIFICATION', 'none', { closure }), 'verify'),
    ).toMatchObject({
      status: 403,
      message: expect.stringContaining('申请人或签字人'),
    });
    const signed = { requestedById: 'officer-1', signerId: 'coordinator-1' };
    expect(
      decideAction(coordinator, facts('AWAITING_VERIFICATION', 'none', { closure: signed }), 'verify'),
    ).toMatchObject({
      status: 403,
    });
    expect(decideAction(coordinator, facts('AWAITING_VERIFICATION', 'none'), 'verify')).toEqual({
      allowed: true,
    });
  });

  it('moves on from public notice only after its last day and without an open objection', () => {
    const during = facts('PUBLIC_NOTICE', 'none', { notice: { endsOn: '2026-11-29', openObjections: 0 } });
    expect(decideAction(coordinator, during, 'close_notice')).toMatchObject({
      status: 409,
      message: expect.stringContaining('2026-11-29'),
    });
    const objected = facts('PUBLIC_NOTICE', 'none', { notice: { endsOn: '2026-11-20', openObjections: 2 } });
    expect(decideAction(coordinator, objected, 'close_notice')).toMatchObject({
      status: 409,
      message: expect.stringContaining('2 条异议'),
    });
    expect(decideAction(coordinator, facts('PUBLIC_NOTICE', 'none'), 'close_notice')).toEqual({
      allowed: true,
    });
    expect(decideAction(coordinator, facts('PUBLIC_NOTICE', 'none'), 'dismiss_objection')).toMatchObject({
      status: 409,
    });
  });

  it('grants phase completion to long-term items only', () => {
    const shortTerm = facts('IN_PROGRESS', 'none', { timeLimitType: 'SHORT_TERM' });
    expect(decideAction(coordinator, shortTerm, 'mark_phase_complete')).toMatchObject({
      status: 409,
      message: expect.stringContaining('长期坚持'),
    });
  });

  it('takes extension requests before the deadline, one at a time', () => {
    const late = facts('IN_PROGRESS', 'lead', { deadline: '2026-11-28' });
    expect(decideAction(officer, late, 'request_extension')).toMatchObject({ status: 409 });
    const onTheDay = facts('IN_PROGRESS', 'lead', { deadline: '2026-11-29' });
    expect(decideAction(officer, onTheDay, 'request_extension')).toEqual({ allowed: true });
    const pending = facts('IN_PROGRESS', 'lead', { pendingExtension: true });
    expect(decideAction(officer, pending, 'request_extension')).toMatchObject({ status: 409 });
    const leader: WorkflowActor = { id: 'leader-1', role: 'DISTRICT_LEADER', unitId: null };
    expect(decideAction(leader, facts('IN_PROGRESS', 'none'), 'approve_extension')).toMatchObject({
      status: 409,
    });
  });

  it('tells a cooperating unit that only the lead unit requests closure', () => {
    expect(decideAction(officer, facts('IN_PROGRESS', 'cooperating'), 'request_closure')).toMatchObject({
      status: 403,
      missing: 'request:closure:lead-unit',
      message: expect.stringContaining('仅牵头单位'),
    });
  });
});

describe('the path', () => {
  it('leads from registration to closure and back on a rebound', () => {
    const steps: [WorkflowAction, string, Status][] = [
      ['start', 'done', 'IN_PROGRESS'],
      ['request_closure', 'done', 'CLOSURE_REQUESTED'],
      ['sign', 'done', 'AWAITING_VERIFICATION'],
      ['verify', 'PASSED', 'VERIFIED'],
      ['start_notice', 'done', 'PUBLIC_NOTICE'],
      ['object', 'done', 'AWAITING_VERIFICATION'],
      ['verify', 'PASSED', 'VERIFIED'],
      ['start_notice', 'done', 'PUBLIC_NOTICE'],
      ['dismiss_objection', 'done', 'PUBLIC_NOTICE'],
      ['close_notice', 'done', 'AWAITING_SIGN_OFF'],
      ['sign_off', 'RETURNED', 'AWAITING_VERIFICATION'],
      ['verify', 'PASSED', 'VERIFIED'],
      ['start_notice', 'done', 'PUBLIC_NOTICE'],
      ['close_notice', 'done', 'AWAITING_SIGN_OFF'],
      ['sign_off', 'APPROVED', 'CLOSED'],
      ['record_lookback', 'KEPT', 'CLOSED'],
      ['record_lookback', 'REBOUND', 'IN_PROGRESS'],
      ['mark_phase_complete', 'done', 'PHASE_COMPLETE'],
      ['request_extension', 'done', 'PHASE_COMPLETE'],
      ['request_closure', 'done', 'CLOSURE_REQUESTED'],
      ['return_request', 'done', 'IN_PROGRESS'],
      ['request_closure', 'done', 'CLOSURE_REQUESTED'],
      ['withdraw_closure', 'done', 'IN_PROGRESS'],
      ['request_closure', 'done', 'CLOSURE_REQUESTED'],
      ['sign', 'done', 'AWAITING_VERIFICATION'],
      ['verify', 'FAILED', 'IN_PROGRESS'],
    ];
    let status: Status = 'REGISTERED';
    for (const [action, outcome, expected] of steps) {
      status = nextStatus(status, action, outcome);
      expect(status, `${action} (${outcome})`).toBe(expected);
    }
  });

  it('refuses an outcome an action does not have', () => {
    expect(() => nextStatus('AWAITING_VERIFICATION', 'verify', 'done')).toThrow();
  });

  it('offers each role its next step and nothing else', () => {
    const head: WorkflowActor = { id: 'head-2', role: 'UNIT_HEAD', unitId: HUSHU };
    expect(allowedWorkflowActions(head, facts('CLOSURE_REQUESTED', 'lead'))).toEqual([
      'withdraw_closure',
      'sign',
      'return_request',
    ]);
    const auditor: WorkflowActor = { id: 'auditor-1', role: 'AUDITOR', unitId: null };
    for (const status of itemStatus.codes) {
      expect(allowedWorkflowActions(auditor, facts(status, 'none'))).toEqual([]);
    }
  });
});
