/**
 * The coordination group's dashboard (统计看板) contract, shared by the API (GET
 * /api/dashboard/summary answers it), the web page (draws it) and the bulletins (print it).
 *
 * Every figure comes with the ledger filter that lists the rows behind it (`drillDown`): the
 * dashboard links each number to the ledger with that filter, and a test checks that the ledger
 * finds exactly as many rows as the figure says — one definition, no second computation.
 */
import { z } from 'zod';

import { addDays, toIsoDate } from './calendar';
import { handlingStateForStatus } from './handling-state';
import { scheduleStateOf, type ListItemsQuery } from './items';
import { hasPermission, type Actor } from './permissions';
import {
  handlingState,
  type itemStatus,
  pollutionType,
  problemCategory,
  type reportBucket,
  taskReportBucket,
  type timeLimitType,
  unitType,
} from './vocabulary';

/** 临期: the dashboard's "due soon" window, in days from today (deadline today … today + 7). */
export const DUE_SOON_DAYS = 7;

type Status = (typeof itemStatus.codes)[number];
export type TaskReportBucket = (typeof taskReportBucket.codes)[number];
export type ReportBucket = (typeof reportBucket.codes)[number];

/** 基本完成: a task whose latest reported completion is at least this many percent. */
export const BASICALLY_COMPLETE_PERCENT = 90;

/**
 * 已完成: rectified and on the closure path (申请销号 … 待审签) — the unit says the work is done,
 * the formal closure is not through yet.
 */
export const CLOSING_STATUSES = [
  'CLOSURE_REQUESTED',
  'AWAITING_VERIFICATION',
  'VERIFIED',
  'PUBLIC_NOTICE',
  'AWAITING_SIGN_OFF',
] as const satisfies readonly Status[];

/** Statuses in which a task is still at work: its bucket then follows from type, progress and time. */
const AT_WORK_STATUSES = ['REGISTERED', 'IN_PROGRESS'] as const satisfies readonly Status[];

/**
 * The statuses an item of each bucket can have. The bucket implies them, so the ledger filter
 * adds them beside the bucket rule: an index on status then narrows the rows before the rule is
 * evaluated on each (docs/dashboard.md).
 */
export const reportBucketStatuses: Record<ReportBucket, readonly Status[]> = {
  CLOSED: ['CLOSED'],
  COMPLETED: CLOSING_STATUSES,
  PHASE_COMPLETE: ['PHASE_COMPLETE'],
  LONG_TERM: AT_WORK_STATUSES,
  BASICALLY_COMPLETE: AT_WORK_STATUSES,
  BEHIND: AT_WORK_STATUSES,
  ON_SCHEDULE: AT_WORK_STATUSES,
  CONCLUDED: ['CLOSED'],
  PHASE_CONCLUDED: ['PHASE_COMPLETE'],
  NOT_CONCLUDED: [...AT_WORK_STATUSES, ...CLOSING_STATUSES],
};

/** Which kind of item a bucket counts: the task buckets tasks, the 办结状态 petitions. */
export function reportBucketKind(bucket: ReportBucket): 'TASK' | 'PETITION' {
  return (handlingState.codes as readonly string[]).includes(bucket) ? 'PETITION' : 'TASK';
}

/**
 * Whose figures the actor may read: the district's (read:dashboard:any), the items of the
 * actor's own unit (read:dashboard:own-unit — the unit's officers and head, as their ledger list
 * shows them), or none (403 naming read:dashboard:own-unit).
 */
export function dashboardScope(
  actor: Actor,
): { kind: 'any' } | { kind: 'unit'; unitId: string } | { kind: 'none' } {
  if (hasPermission(actor.role, 'read:dashboard:any')) return { kind: 'any' };
  if (hasPermission(actor.role, 'read:dashboard:own-unit') && actor.unitId !== null) {
    return { kind: 'unit', unitId: actor.unitId };
  }
  return { kind: 'none' };
}

/** What the task bucket rule reads of an item. */
export interface BucketedTask {
  status: Status;
  timeLimitType: (typeof timeLimitType.codes)[number];
  latestProgressPercent: number | null;
  /** 挂账日期: the Asia/Shanghai date of the item's creation (ledgerDate(createdAt)) */
  registeredOn: Date;
  deadline: Date;
}

/**
 * 统计口径 of a task (ADR 010): the first rule that matches decides, so the buckets are exclusive
 * and add up to the total. The API decides the same in SQL (`taskReportBucketSql`); a test
 * checks that both agree item by item.
 */
export function taskReportBucketOf(item: BucketedTask, today: Date): TaskReportBucket {
  if (item.status === 'CLOSED') return 'CLOSED';
  if ((CLOSING_STATUSES as readonly Status[]).includes(item.status)) return 'COMPLETED';
  if (item.status === 'PHASE_COMPLETE') return 'PHASE_COMPLETE';
  if (item.timeLimitType === 'LONG_TERM') return 'LONG_TERM';
  const percent = item.latestProgressPercent;
  if (percent !== null && percent >= BASICALLY_COMPLETE_PERCENT) return 'BASICALLY_COMPLETE';
  if (percent === null) return item.deadline.getTime() < today.getTime() ? 'BEHIND' : 'ON_SCHEDULE';
  return scheduleStateOf(item, percent, today) === 'BEHIND' ? 'BEHIND' : 'ON_SCHEDULE';
}

/** Either kind's bucket: a task's 统计口径, a petition's 办结状态. */
export function reportBucketOf(
  item: BucketedTask & { kind: 'TASK' | 'PETITION' },
  today: Date,
): ReportBucket {
  return item.kind === 'PETITION' ? handlingStateForStatus(item.status) : taskReportBucketOf(item, today);
}

const count = z.number().int().nonnegative();
const isoDay = z.iso.date();

export const unitFigures = z.object({
  unitId: z.uuid(),
  unitName: z.string(),
  unitType: unitType.schema,
  /** 牵头事项 */
  assigned: count,
  /** 已销号 */
  closed: count,
  /** 逾期 (open, deadline passed) */
  overdue: count,
  /** 曾反弹 (items with reboundCount > 0) */
  rebound: count,
  /** 完成率: closed / assigned, 0 when nothing is assigned */
  completionRate: z.number().min(0).max(1),
});
export type UnitFigures = z.infer<typeof unitFigures>;

export const dashboardSummary = z.object({
  /** When the figures were read (the data's as-of time). */
  asOf: z.iso.datetime({ offset: true }),
  /** The ledger day the figures are reckoned for (Asia/Shanghai). */
  today: isoDay,
  /** Whose items: the whole district, or one unit's (its officers and head). */
  scope: z.object({
    kind: z.enum(['district', 'unit']),
    unitId: z.uuid().nullable(),
    unitName: z.string().nullable(),
  }),
  tasks: z.object({ total: count, buckets: z.record(taskReportBucket.schema, count) }),
  petitions: z.object({ total: count, buckets: z.record(handlingState.schema, count) }),
  deadlines: z.object({
    /** 逾期: open items past their deadline */
    overdue: count,
    /** 临期: open items due within DUE_SOON_DAYS */
    dueSoon: count,
  }),
  /** One row per lead unit (牵头单位), the worst first: most overdue, then lowest completion rate. */
  units: z.array(unitFigures),
  /** Tasks by 问题类别, in vocabulary order, categories without tasks left out. */
  categories: z.array(
    z.object({ category: problemCategory.schema, total: count, closed: count, overdue: count }),
  ),
  /** Petitions by 污染类型 (a petition with several types counts under each), vocabulary order. */
  pollutionTypes: z.array(
    z.object({ pollutionType: pollutionType.schema, total: count, concluded: count, overdue: count }),
  ),
  /**
   * Burn-up, one point per week (Monday to Sunday) over the whole period: items closed in the
   * week, items the plan wanted done that week (original deadline), and both cumulated.
   */
  trend: z.array(
    z.object({
      weekStart: isoDay,
      closed: count,
      planned: count,
      cumulativeClosed: count,
      cumulativePlanned: count,
    }),
  ),
});
export type DashboardSummary = z.infer<typeof dashboardSummary>;

/** The ledger filters behind a figure: what the ledger list needs to show exactly its rows. */
export type LedgerDrillDown = Partial<ListItemsQuery>;

type UnitColumn = 'assigned' | 'closed' | 'overdue' | 'rebound';

/** The rows behind each figure of the summary, as ledger list filters. */
export const drillDown = {
  bucket: (bucket: z.infer<typeof reportBucket.schema>): LedgerDrillDown => ({ bucket }),
  tasks: (): LedgerDrillDown => ({ kind: 'task' }),
  petitions: (): LedgerDrillDown => ({ kind: 'petition' }),
  overdue: (): LedgerDrillDown => ({ overdue: true }),
  dueSoon: (): LedgerDrillDown => ({ dueWithinDays: DUE_SOON_DAYS }),
  unit: (unitId: string, column: UnitColumn): LedgerDrillDown => {
    const base = { leadUnitId: unitId };
    switch (column) {
      case 'assigned':
        return base;
      case 'closed':
        return { ...base, status: ['CLOSED'] };
      case 'overdue':
        return { ...base, overdue: true };
      case 'rebound':
        return { ...base, rebound: true };
    }
  },
  category: (
    category: z.infer<typeof problemCategory.schema>,
    column: 'total' | 'closed' | 'overdue',
  ): LedgerDrillDown => ({
    kind: 'task',
    category,
    ...(column === 'closed' ? { status: ['CLOSED'] } : column === 'overdue' ? { overdue: true } : {}),
  }),
  pollutionType: (
    type: z.infer<typeof pollutionType.schema>,
    column: 'total' | 'concluded' | 'overdue',
  ): LedgerDrillDown => ({
    kind: 'petition',
    pollutionType: type,
    ...(column === 'concluded' ? { bucket: 'CONCLUDED' } : column === 'overdue' ? { overdue: true } : {}),
  }),
  closedInWeek: (weekStart: string): LedgerDrillDown => ({
    closedFrom: weekStart,
    closedTo: toIsoDate(addDays(new Date(`${weekStart}T00:00:00Z`), 6)),
  }),
  plannedInWeek: (weekStart: string): LedgerDrillDown => ({
    originalDeadlineFrom: weekStart,
    originalDeadlineTo: toIsoDate(addDays(new Date(`${weekStart}T00:00:00Z`), 6)),
  }),
} as const;
