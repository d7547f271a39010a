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
import type { ListItemsQuery } from './items';
import {
  handlingState,
  pollutionType,
  problemCategory,
  reportBucket,
  taskReportBucket,
  unitType,
} from './vocabulary';

/** 临期: the dashboard's "due soon" window, in days from today (deadline today … today + 7). */
export const DUE_SOON_DAYS = 7;

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
