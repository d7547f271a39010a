import { describe, expect, it } from 'vitest';

import { addDays } from '../src/calendar';
import {
  BASICALLY_COMPLETE_PERCENT,
  dashboardScope,
  drillDown,
  reportBucketKind,
  reportBucketOf,
  reportBucketStatuses,
  taskReportBucketOf,
  type BucketedTask,
} from '../src/dashboard';
import { handlingStateForStatus } from '../src/handling-state';
import { listItemsQuery, listItemsSearch } from '../src/items';
import { handlingState, itemStatus, reportBucket, timeLimitType } from '../src/vocabulary';

const today = new Date('2026-11-29T00:00:00Z');
const day = (offset: number) => addDays(today, offset);
/** Registered 10 days ago, due in 10: half the period has passed, 50 % is expected. */
const task = (overrides: Partial<BucketedTask> = {}): BucketedTask => ({
  status: 'IN_PROGRESS',
  timeLimitType: 'SHORT_TERM',
  latestProgressPercent: 50,
  registeredOn: day(-10),
  deadline: day(10),
  ...overrides,
});

describe('taskReportBucketOf (统计口径, ADR 010)', () => {
  it('decides by status first: 已验收销号, then 已完成 on the closure path, then 阶段性完成', () => {
    const late = { latestProgressPercent: 0, deadline: day(-30), timeLimitType: 'LONG_TERM' as const };
    expect(taskReportBucketOf(task({ ...late, status: 'CLOSED' }), today)).toBe('CLOSED');
    for (const status of [
      'CLOSURE_REQUESTED',
      'AWAITING_VERIFICATION',
      'VERIFIED',
      'PUBLIC_NOTICE',
      'AWAITING_SIGN_OFF',
    ] as const) {
      expect(taskReportBucketOf(task({ ...late, status }), today), status).toBe('COMPLETED');
    }
    expect(taskReportBucketOf(task({ ...late, status: 'PHASE_COMPLETE' }), today)).toBe('PHASE_COMPLETE');
  });

  it('puts 长期坚持 before progress, and 基本完成 (≥ 90 %) before being late', () => {
    expect(
      taskReportBucketOf(
        task({ timeLimitType: 'LONG_TERM', latestProgressPercent: 0, deadline: day(-1) }),
        today,
      ),
    ).toBe('LONG_TERM');
    const late = task({ deadline: day(-1) });
    expect(taskReportBucketOf({ ...late, latestProgressPercent: BASICALLY_COMPLETE_PERCENT }, today)).toBe(
      'BASICALLY_COMPLETE',
    );
    expect(
      taskReportBucketOf({ ...late, latestProgressPercent: BASICALLY_COMPLETE_PERCENT - 1 }, today),
    ).toBe('BEHIND');
  });

  it('counts 未达序时进度 below the time-proportional expectation, to the percent', () => {
    expect(taskReportBucketOf(task({ latestProgressPercent: 50 }), today)).toBe('ON_SCHEDULE');
    expect(taskReportBucketOf(task({ latestProgressPercent: 49 }), today)).toBe('BEHIND');
    // Not yet started (registered today or later): nothing is expected.
    expect(taskReportBucketOf(task({ registeredOn: today, latestProgressPercent: 0 }), today)).toBe(
      'ON_SCHEDULE',
    );
    // Past the deadline, all of it was expected.
    expect(taskReportBucketOf(task({ deadline: day(-1), latestProgressPercent: 89 }), today)).toBe('BEHIND');
  });

  it('counts an item with no progress reported as behind only once its deadline has passed', () => {
    const silent = task({ latestProgressPercent: null });
    expect(taskReportBucketOf({ ...silent, deadline: today }, today)).toBe('ON_SCHEDULE');
    expect(taskReportBucketOf({ ...silent, deadline: day(-1) }, today)).toBe('BEHIND');
  });

  it('puts every task in exactly one bucket whose statuses include its status', () => {
    for (const status of itemStatus.codes) {
      for (const limit of timeLimitType.codes) {
        for (const percent of [null, 0, 49, 50, 89, 90, 100]) {
          for (const deadline of [day(-1), today, day(10)]) {
            const item = task({ status, timeLimitType: limit, latestProgressPercent: percent, deadline });
            const bucket = taskReportBucketOf(item, today);
            expect(reportBucketKind(bucket)).toBe('TASK');
            expect(reportBucketStatuses[bucket]).toContain(status);
          }
        }
      }
    }
  });
});

describe('reportBucketOf', () => {
  it('gives a petition its 办结状态 by status, whatever its progress or deadline', () => {
    for (const status of itemStatus.codes) {
      const bucket = reportBucketOf(
        { ...task({ status, deadline: day(-5), latestProgressPercent: 0 }), kind: 'PETITION' },
        today,
      );
      expect(bucket).toBe(handlingStateForStatus(status));
      expect(reportBucketKind(bucket)).toBe('PETITION');
      expect(reportBucketStatuses[bucket]).toContain(status);
    }
  });

  it('names for each petition state exactly the statuses that lead to it', () => {
    for (const state of handlingState.codes) {
      expect([...reportBucketStatuses[state]].sort()).toEqual(
        itemStatus.codes.filter((status) => handlingStateForStatus(status) === state).sort(),
      );
    }
  });
});

describe('drill-downs', () => {
  it('are ledger queries the API accepts, in the address form the ledger reads back', () => {
    const unitId = '0190a7c2-3b1e-7c4d-8e5f-123456789abc';
    const filters = [
      ...reportBucket.codes.map((bucket) => drillDown.bucket(bucket)),
      drillDown.tasks(),
      drillDown.petitions(),
      drillDown.overdue(),
      drillDown.dueSoon(),
      ...(['assigned', 'closed', 'overdue', 'rebound'] as const).map((column) =>
        drillDown.unit(unitId, column),
      ),
      drillDown.category('WATER', 'closed'),
      drillDown.pollutionType('NOISE', 'concluded'),
      drillDown.closedInWeek('2026-11-23'),
      drillDown.plannedInWeek('2026-11-23'),
    ];
    for (const filter of filters) {
      const search = listItemsSearch(filter);
      const query: Record<string, string | string[]> = {};
      for (const key of new Set(search.keys())) {
        const values = search.getAll(key);
        query[key] = values.length > 1 ? values : values[0]!;
      }
      expect(listItemsQuery.parse(query), search.toString()).toMatchObject(filter);
    }
  });

  it('cover a week from Monday to Sunday', () => {
    expect(drillDown.closedInWeek('2026-11-23')).toEqual({
      closedFrom: '2026-11-23',
      closedTo: '2026-11-29',
    });
    expect(drillDown.plannedInWeek('2026-12-28')).toEqual({
      originalDeadlineFrom: '2026-12-28',
      originalDeadlineTo: '2027-01-03',
    });
    expect(listItemsSearch(drillDown.unit('u', 'closed')).toString()).toBe('status=CLOSED&leadUnitId=u');
  });
});

describe('dashboardScope', () => {
  it('gives the district to coordinators, leaders and auditors, its own unit to a unit, nothing to the admin', () => {
    const unitId = 'unit-1';
    expect(dashboardScope({ role: 'COORDINATOR', unitId })).toEqual({ kind: 'any' });
    expect(dashboardScope({ role: 'DISTRICT_LEADER', unitId: null })).toEqual({ kind: 'any' });
    expect(dashboardScope({ role: 'AUDITOR', unitId })).toEqual({ kind: 'any' });
    expect(dashboardScope({ role: 'UNIT_OFFICER', unitId })).toEqual({ kind: 'unit', unitId });
    expect(dashboardScope({ role: 'UNIT_HEAD', unitId })).toEqual({ kind: 'unit', unitId });
    expect(dashboardScope({ role: 'UNIT_OFFICER', unitId: null })).toEqual({ kind: 'none' });
    expect(dashboardScope({ role: 'ADMIN', unitId: null })).toEqual({ kind: 'none' });
  });
});
