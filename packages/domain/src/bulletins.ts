/**
 * 通报: the bulletin the coordination group circulates for a week, a month or a chosen period.
 * Shared by the API (validates the request, stores the snapshot, answers the list) and the web
 * page (the form, the list). The figures are gathered once into a snapshot (`bulletinFigures`)
 * and both files are written from it, so the PDF and the workbook cannot disagree, and a later
 * download serves the stored files, never today's data.
 */
import { z } from 'zod';

import { addDays, toIsoDate } from './calendar';
import { dashboardSummary } from './dashboard';
import { isoDate, text } from './items';
import { pageFields, pageQueryFields } from './paging';
import { itemKind, noticeLevel, supervisionStatus, vocabulary } from './vocabulary';

/** 周期类型 */
export const bulletinPeriod = vocabulary({ WEEK: '周报', MONTH: '月报', CUSTOM: '自定义' });
export type BulletinPeriod = (typeof bulletinPeriod.codes)[number];

/** The district whose bulletin this is: the first words of every default title. */
export const BULLETIN_TITLE_PREFIX = '拱墅区中央环保督察整改工作通报';

/** How many overdue items a unit's part of 三、逾期事项 lists; the rest are counted (等 N 项). */
export const OVERDUE_ITEMS_PER_UNIT = 50;
/** How many rows the period's lists (反弹, 督办, 销号) print; the rest are counted. */
export const PERIOD_LIST_LIMIT = 200;

/**
 * POST /api/bulletins. WEEK and MONTH take the week (Monday–Sunday) or month that contains
 * `periodStart`, or without it the last complete one before today; CUSTOM needs both dates.
 * Whether a date lies in the future is judged against the ledger's today, in the API.
 */
export const generateBulletinInput = z
  .object({
    periodKind: bulletinPeriod.schema,
    periodStart: isoDate('统计起始日期').optional(),
    periodEnd: isoDate('统计截止日期').optional(),
    title: text('通报标题', 200).optional(),
  })
  .strict()
  .superRefine((input, context) => {
    if (input.periodKind === 'CUSTOM') {
      if (!input.periodStart) {
        context.addIssue({ code: 'custom', path: ['periodStart'], message: '自定义周期须填写统计起始日期' });
      }
      if (!input.periodEnd) {
        context.addIssue({ code: 'custom', path: ['periodEnd'], message: '自定义周期须填写统计截止日期' });
      }
    } else if (input.periodEnd) {
      context.addIssue({
        code: 'custom',
        path: ['periodEnd'],
        message: '周报、月报的统计周期由起始日期所在的周或月决定，无需填写截止日期',
      });
    }
    if (input.periodStart && input.periodEnd && input.periodEnd < input.periodStart) {
      context.addIssue({ code: 'custom', path: ['periodEnd'], message: '统计截止日期不能早于统计起始日期' });
    }
  });
export type GenerateBulletinInput = z.infer<typeof generateBulletinInput>;

export interface BulletinPeriodRange {
  periodStart: string;
  periodEnd: string;
}

const dateOf = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

/** Monday of the week `date` is in (weeks run Monday to Sunday). */
export function weekStartOf(date: Date): Date {
  return addDays(date, -((date.getUTCDay() + 6) % 7));
}

function monthOf(date: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
  const end = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0));
  return { start, end };
}

/** ISO 8601 week number and its year (the year of the week's Thursday). */
export function isoWeekOf(date: Date): { year: number; week: number } {
  const thursday = addDays(weekStartOf(date), 3);
  const year = thursday.getUTCFullYear();
  const firstThursday = addDays(weekStartOf(new Date(Date.UTC(year, 0, 4))), 3);
  return { year, week: Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 86_400_000)) + 1 };
}

/** A period problem, naming the field as the API's 400 answers do. */
export interface PeriodIssue {
  field: 'periodStart' | 'periodEnd';
  message: string;
}

/**
 * The dates a request (as generateBulletinInput accepted it) stands for on the ledger day
 * `today`, or why it lies in the future. A week or month that has not ended yet runs to today: a
 * bulletin reports what has happened.
 */
export function resolveBulletinPeriod(
  input: Pick<GenerateBulletinInput, 'periodKind' | 'periodStart' | 'periodEnd'>,
  today: Date,
): { ok: true; period: BulletinPeriodRange } | { ok: false; issue: PeriodIssue } {
  const todayIso = toIsoDate(today);
  const given = input.periodStart ? dateOf(input.periodStart) : null;
  if (input.periodStart && input.periodStart > todayIso) {
    return { ok: false, issue: { field: 'periodStart', message: `统计起始日期不能晚于今天（${todayIso}）` } };
  }
  let start: Date;
  let end: Date;
  switch (input.periodKind) {
    case 'WEEK':
      start = given ? weekStartOf(given) : addDays(weekStartOf(today), -7);
      end = addDays(start, 6);
      break;
    case 'MONTH':
      ({ start, end } = monthOf(given ?? addDays(monthOf(today).start, -1)));
      break;
    case 'CUSTOM':
      // generateBulletinInput has made sure both dates are there, in order.
      if (input.periodEnd! > todayIso) {
        return {
          ok: false,
          issue: { field: 'periodEnd', message: `统计截止日期不能晚于今天（${todayIso}）` },
        };
      }
      start = dateOf(input.periodStart!);
      end = dateOf(input.periodEnd!);
      break;
  }
  if (end.getTime() > today.getTime()) end = today;
  return { ok: true, period: { periodStart: toIsoDate(start), periodEnd: toIsoDate(end) } };
}

/** 拱墅区中央环保督察整改工作通报（2026年第48周 / 2026年11月 / 2026-11-01至2026-11-20） */
export function defaultBulletinTitle(periodKind: BulletinPeriod, period: BulletinPeriodRange): string {
  const start = dateOf(period.periodStart);
  switch (periodKind) {
    case 'WEEK': {
      const { year, week } = isoWeekOf(start);
      return `${BULLETIN_TITLE_PREFIX}（${year}年第${week}周）`;
    }
    case 'MONTH':
      return `${BULLETIN_TITLE_PREFIX}（${start.getUTCFullYear()}年${start.getUTCMonth() + 1}月）`;
    case 'CUSTOM':
      return `${BULLETIN_TITLE_PREFIX}（${period.periodStart}至${period.periodEnd}）`;
  }
}

/** `2026-11-16 至 2026-11-22` */
export const describePeriod = (period: BulletinPeriodRange) => `${period.periodStart} 至 ${period.periodEnd}`;

// ───────────────────────────── The snapshot ─────────────────────────────

const count = z.number().int().nonnegative();
const isoDay = z.iso.date();
const instant = z.iso.datetime({ offset: true });

/** A list printed up to a limit: its rows and how many there are in all. */
const cappedList = <Row extends z.ZodType>(row: Row) => z.object({ total: count, rows: z.array(row) });

const itemRef = { itemId: z.uuid(), number: z.string(), title: z.string() };

/**
 * Everything a bulletin prints, as read once at `dataAsOf` (Bulletin.figures). `summary` is the
 * dashboard's summary for the district, unchanged: the overall progress and the per-unit table
 * are its figures, never counted a second way.
 */
export const bulletinFigures = z.object({
  version: z.literal(1),
  title: z.string(),
  periodKind: bulletinPeriod.schema,
  periodStart: isoDay,
  periodEnd: isoDay,
  generatedAt: instant,
  dataAsOf: instant,
  generatedBy: z.object({ id: z.uuid(), name: z.string() }),
  summary: dashboardSummary,
  /** 三、逾期事项: per lead unit with overdue items (the summary's order and counts) */
  overdueByUnit: z.array(
    z.object({
      unitId: z.uuid(),
      unitName: z.string(),
      /** the summary's overdue count for the unit */
      overdue: count,
      items: z.array(z.object({ ...itemRef, deadline: isoDay, daysOverdue: count })),
    }),
  ),
  /** 四、反弹问题: look-backs in the period that found a rebound */
  rebounds: cappedList(
    z.object({ ...itemRef, unitName: z.string(), inspectedOn: isoDay, findings: z.string() }),
  ),
  /** 五、督办情况: supervision notices issued in the period */
  notices: z.object({
    total: count,
    byLevel: z.record(noticeLevel.schema, count),
    rows: z.array(
      z.object({
        ...itemRef,
        noticeId: z.uuid(),
        unitName: z.string(),
        level: noticeLevel.schema,
        status: supervisionStatus.schema,
        issuedAt: instant,
        responseDueOn: isoDay,
      }),
    ),
  }),
  /** 六、本期销号: items closed (销号日期) in the period */
  closed: cappedList(z.object({ ...itemRef, kind: itemKind.schema, unitName: z.string(), closedOn: isoDay })),
});
export type BulletinFigures = z.infer<typeof bulletinFigures>;

// ───────────────────────────── The API's answers ─────────────────────────────

export const bulletinView = z.object({
  id: z.uuid(),
  title: z.string(),
  periodKind: bulletinPeriod.schema,
  periodStart: isoDay,
  periodEnd: isoDay,
  dataAsOf: instant,
  generatedAt: instant,
  generatedBy: z.object({ id: z.uuid(), name: z.string() }),
  pdf: z.object({ url: z.string(), fileName: z.string(), sha256: z.string() }),
  xlsx: z.object({ url: z.string(), fileName: z.string(), sha256: z.string() }),
});
export type BulletinView = z.infer<typeof bulletinView>;

export const bulletinDetail = bulletinView.extend({ figures: bulletinFigures });
export type BulletinDetail = z.infer<typeof bulletinDetail>;

export const listBulletinsQuery = z.object({ ...pageQueryFields(100) }).strict();
export type ListBulletinsQuery = z.infer<typeof listBulletinsQuery>;

export const bulletinList = z.object({ bulletins: z.array(bulletinView), ...pageFields });
export type BulletinList = z.infer<typeof bulletinList>;

/** The stored files' names: the title, with what file systems refuse replaced. */
export function bulletinFileName(title: string, format: 'pdf' | 'xlsx'): string {
  return `${title.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')}.${format}`;
}
