import { describe, expect, it } from 'vitest';

import { type Actor } from '../src/permissions';
import {
  allowedNoticeActions,
  decideIssue,
  decideNoticeAction,
  effectiveNoticeStatus,
  type NoticeFacts,
  type NoticeStatus,
} from '../src/supervision';
import { supervisionStatus } from '../src/vocabulary';

const coordinator: Actor = { role: 'COORDINATOR', unitId: 'group' };
const officer: Actor = { role: 'UNIT_OFFICER', unitId: 'hushu' };
const head: Actor = { role: 'UNIT_HEAD', unitId: 'hushu' };
const cooperating: Actor = { role: 'UNIT_OFFICER', unitId: 'banshan' };
const stranger: Actor = { role: 'UNIT_OFFICER', unitId: 'xiaohe' };
const auditor: Actor = { role: 'AUDITOR', unitId: 'audit' };
const admin: Actor = { role: 'ADMIN', unitId: null };

const facts = (overrides: Partial<NoticeFacts> = {}): NoticeFacts => ({
  status: 'ISSUED',
  level: 'YELLOW',
  responseDueOn: '2026-12-01',
  today: '2026-11-29',
  unitId: 'hushu',
  item: { leadUnitId: 'hushu', cooperatingUnitIds: ['banshan'], status: 'IN_PROGRESS' },
  ...overrides,
});

describe('the supervision notice lifecycle (三色督办)', () => {
  it('derives 逾期未反馈 from the date only for a notice still waiting for its answer', () => {
    expect(effectiveNoticeStatus('ISSUED', '2026-11-28', '2026-11-29')).toBe('OVERDUE');
    expect(effectiveNoticeStatus('ISSUED', '2026-11-29', '2026-11-29')).toBe('ISSUED');
    for (const status of ['RESPONDED', 'ESCALATED', 'CLOSED', 'OVERDUE'] as const) {
      expect(effectiveNoticeStatus(status, '2026-01-01', '2026-11-29')).toBe(status);
    }
  });

  // What the coordinator and the lead unit's officer may do, status by status, for yellow and red.
  const expected: Record<NoticeStatus, { coordinator: string[]; officer: string[]; red: string[] }> = {
    ISSUED: { coordinator: [], officer: ['respond'], red: [] },
    OVERDUE: { coordinator: ['escalate'], officer: ['respond'], red: [] },
    RESPONDED: { coordinator: ['escalate', 'close'], officer: [], red: ['close'] },
    ESCALATED: { coordinator: [], officer: [], red: [] },
    CLOSED: { coordinator: [], officer: [], red: [] },
  };
  it.each(supervisionStatus.codes)('offers the right steps while %s', (status) => {
    expect(allowedNoticeActions(coordinator, facts({ status }))).toEqual(expected[status].coordinator);
    expect(allowedNoticeActions(officer, facts({ status }))).toEqual(expected[status].officer);
    expect(allowedNoticeActions(head, facts({ status }))).toEqual(expected[status].officer);
    expect(allowedNoticeActions(coordinator, facts({ status, level: 'RED' }))).toEqual(expected[status].red);
  });

  it('lets an unanswered notice past its date be answered late and escalated', () => {
    const late = facts({ responseDueOn: '2026-11-28' });
    expect(allowedNoticeActions(officer, late)).toEqual(['respond']);
    expect(allowedNoticeActions(coordinator, late)).toEqual(['escalate']);
  });

  it('answers 404 out of sight, 403 for the cooperating unit and admins, 409 naming status or level', () => {
    expect(decideNoticeAction(stranger, facts(), 'respond')).toEqual({ allowed: false, status: 404 });
    expect(decideNoticeAction(cooperating, facts(), 'respond')).toMatchObject({
      status: 403,
      missing: 'respond:supervision:lead-unit',
    });
    expect(decideNoticeAction(admin, facts(), 'close')).toMatchObject({
      status: 403,
      missing: 'read:item:own-unit',
    });
    expect(decideNoticeAction(auditor, facts({ status: 'RESPONDED' }), 'close')).toMatchObject({
      status: 403,
      missing: 'issue:supervision:any',
    });
    expect(decideNoticeAction(coordinator, facts({ status: 'CLOSED' }), 'close')).toMatchObject({
      status: 409,
      message: '督办当前状态为「已办结」，不能「审核办结」',
    });
    expect(
      decideNoticeAction(coordinator, facts({ status: 'OVERDUE', level: 'RED' }), 'escalate'),
    ).toMatchObject({
      status: 409,
      message: '挂牌督办已是最高等级，不能再升级',
    });
  });

  it('issues only as the coordinator, never on a closed item or beside a waiting notice', () => {
    const item = {
      leadUnitId: 'hushu',
      cooperatingUnitIds: [],
      status: 'IN_PROGRESS' as const,
      openNotice: null,
    };
    expect(decideIssue(coordinator, item)).toEqual({ allowed: true });
    expect(decideIssue(officer, item)).toMatchObject({ status: 403, missing: 'issue:supervision:any' });
    expect(decideIssue(stranger, item)).toEqual({ allowed: false, status: 404 });
    expect(decideIssue(coordinator, { ...item, status: 'CLOSED' })).toMatchObject({ status: 409 });
    expect(
      decideIssue(coordinator, { ...item, openNotice: { level: 'YELLOW', status: 'RESPONDED' } }),
    ).toMatchObject({ status: 409, message: expect.stringContaining('已有未办结的督办') });
  });
});
