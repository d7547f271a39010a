/**
 * The ledger list (GET /api/items) as SQL: one statement for the page's ids, one for the total
 * (counted up to LIST_TOTAL_CAP), both over "LedgerItem" with the same conditions. The facts the
 * dashboard counts (overdue, due soon, reporting bucket, unit scope) are written here once and
 * used by both, so that a figure and the list behind it agree (docs/dashboard.md). Each
 * condition is one an index serves at a million rows — the plans and timings are in
 * docs/ledger-query-plans.md, the search design in
 * docs/decisions/006-ledger-search-and-derived-columns.md. Change a condition here and re-run
 * bench/ledger-plans to see that it still is.
 */
import { Prisma, type PrismaClient } from '@ledger/db/client';
import { addDays, LEDGER_TIME_ZONE, toIsoDate } from '@ledger/domain/calendar';
import {
  BASICALLY_COMPLETE_PERCENT,
  CLOSING_STATUSES,
  reportBucketKind,
  reportBucketStatuses,
  type ReportBucket,
} from '@ledger/domain/dashboard';
import { LIST_TOTAL_CAP, type ListItemsQuery } from '@ledger/domain/items';
import type { readScope } from '@ledger/domain/permissions';

/** Whose items the caller may list, as packages/domain/src/permissions.ts decides it. */
export type LedgerReadScope = Exclude<ReturnType<typeof readScope>, { kind: 'none' }>;

const kindCodes = { task: 'TASK', petition: 'PETITION' } as const;
const sortColumns = { deadline: '"deadline"', updatedAt: '"updatedAt"', number: '"number"' } as const;

/** Queries up to this many characters use the character/pair index; longer ones the trigram index. */
const SHORT_QUERY_LENGTH = 2;

/**
 * `q` as a substring of the item's texts. pg_trgm cannot serve a pattern shorter than three
 * characters (common in Chinese: 油烟, 噪声), so those look the query up among the text's single
 * characters and character pairs ("searchGrams"); ILIKE then checks the match either way.
 */
function matchesText(q: string): Prisma.Sql {
  const contains = Prisma.sql`i."searchText" ILIKE ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
  if ([...q].length > SHORT_QUERY_LENGTH) return contains;
  // lower() in SQL, as ledger_search_grams folds the stored grams: JavaScript folds more characters.
  return Prisma.sql`i."searchGrams" @> ARRAY[lower(${q})] AND ${contains}`;
}

/** The unit leads the item or cooperates on it. */
function involvesUnit(unitId: string): Prisma.Sql {
  return Prisma.sql`i."unitIds" @> ARRAY[${unitId}::uuid]`;
}

const day = (date: Date) => Prisma.sql`${toIsoDate(date)}::date`;
/** Codes of our own vocabulary, written into the statement (they are not input). */
const codeList = (codes: readonly string[]) => Prisma.raw(codes.map((code) => `'${code}'`).join(', '));

// "Open" is isDeadlineOpen of packages/domain/src/items.ts: everything but CLOSED.
const open = Prisma.sql`i."status" <> 'CLOSED'`;

/**
 * The ledger facts the list filters by and the dashboard counts, each written once here: a
 * dashboard figure and the ledger list behind it use the same SQL, so they cannot disagree.
 */
export const ledgerFacts = {
  /** 逾期: open and past the deadline */
  overdue: (today: Date) => Prisma.sql`(i."deadline" < ${day(today)} AND ${open})`,
  /** open and due between today and `days` days from today, both included */
  dueWithin: (today: Date, days: number) =>
    Prisma.sql`(i."deadline" BETWEEN ${day(today)} AND ${day(addDays(today, days))} AND ${open})`,
  /** 曾反弹 */
  rebound: Prisma.sql`(i."reboundCount" > 0)`,
  /** 已销号 */
  closed: Prisma.sql`(i."status" = 'CLOSED')`,
};

/** 挂账日期: the Asia/Shanghai date of the item's creation, as ledgerDate(createdAt) in TypeScript. */
const registeredOnSql = Prisma.sql`(i."createdAt" AT TIME ZONE ${Prisma.raw(`'${LEDGER_TIME_ZONE}'`)})::date`;

/** Whose items: every one, or what the unit leads or cooperates on. */
export function scopeCondition(scope: LedgerReadScope): Prisma.Sql {
  return scope.kind === 'unit' ? involvesUnit(scope.unitId) : Prisma.sql`TRUE`;
}

/**
 * 统计口径 of a task, as `taskReportBucketOf` of packages/domain/src/dashboard.ts decides it (the
 * rules: ADR 010): first match wins. 序时进度 is scheduleStateOf's formula — expected percent =
 * elapsed days / period days × 100 in double precision, as JavaScript computes it, so that both
 * sides agree to the last day; the registration day is the Asia/Shanghai date of createdAt.
 */
export function taskReportBucketSql(today: Date): Prisma.Sql {
  const period = Prisma.sql`GREATEST(i."deadline" - ${registeredOnSql}, 1)`;
  const elapsed = Prisma.sql`LEAST(GREATEST(${day(today)} - ${registeredOnSql}, 0), ${period})`;
  const percent = Prisma.sql`i."latestProgressPercent"`;
  return Prisma.sql`(CASE
    WHEN i."status" = 'CLOSED' THEN 'CLOSED'
    WHEN i."status" IN (${codeList(CLOSING_STATUSES)}) THEN 'COMPLETED'
    WHEN i."status" = 'PHASE_COMPLETE' THEN 'PHASE_COMPLETE'
    WHEN i."timeLimitType" = 'LONG_TERM' THEN 'LONG_TERM'
    WHEN ${percent} >= ${Prisma.raw(String(BASICALLY_COMPLETE_PERCENT))} THEN 'BASICALLY_COMPLETE'
    WHEN ${percent} IS NULL THEN CASE WHEN i."deadline" < ${day(today)} THEN 'BEHIND' ELSE 'ON_SCHEDULE' END
    WHEN ${percent} < (${elapsed}::float8 / ${period}::float8) * 100 THEN 'BEHIND'
    ELSE 'ON_SCHEDULE' END)`;
}

/** 办结状态 of a petition, as handlingStateForStatus of packages/domain/src/handling-state.ts. */
export const petitionBucketSql = Prisma.sql`(CASE i."status"
    WHEN 'CLOSED' THEN 'CONCLUDED' WHEN 'PHASE_COMPLETE' THEN 'PHASE_CONCLUDED' ELSE 'NOT_CONCLUDED' END)`;

/** Either kind's reporting bucket: the dashboard groups by it, the ledger's `bucket` filter compares with it. */
export function reportBucketSql(today: Date): Prisma.Sql {
  return Prisma.sql`(CASE WHEN i."kind" = 'PETITION' THEN ${petitionBucketSql} ELSE ${taskReportBucketSql(today)} END)`;
}

/**
 * The ledger filter `bucket`: the bucket's kind and the statuses it implies (which the kind,
 * status, deadline index serves), then the bucket rule itself on the rows left.
 */
function inReportBucket(bucket: ReportBucket, today: Date): Prisma.Sql {
  const kind = reportBucketKind(bucket);
  return Prisma.sql`i."kind" = ${Prisma.raw(`'${kind}'`)}
    AND i."status" IN (${codeList(reportBucketStatuses[bucket])})
    AND ${kind === 'PETITION' ? petitionBucketSql : taskReportBucketSql(today)} = ${bucket}`;
}

/** The conditions of a list query, for alias `i` of "LedgerItem". */
export function ledgerConditions(query: ListItemsQuery, scope: LedgerReadScope, today: Date): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (scope.kind === 'unit') conditions.push(involvesUnit(scope.unitId));
  if (query.unitId) conditions.push(involvesUnit(query.unitId));
  if (query.leadUnitId) conditions.push(Prisma.sql`i."leadUnitId" = ${query.leadUnitId}::uuid`);
  if (query.bucket) conditions.push(inReportBucket(query.bucket, today));
  if (query.rebound === true) conditions.push(ledgerFacts.rebound);
  if (query.rebound === false) conditions.push(Prisma.sql`i."reboundCount" = 0`);
  if (query.kind) conditions.push(Prisma.sql`i."kind" = ${kindCodes[query.kind]}::"ItemKind"`);
  if (query.status?.length) conditions.push(Prisma.sql`i."status" = ANY(${query.status}::"ItemStatus"[])`);
  if (query.category) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "TaskDetail" t
      WHERE t."itemId" = i."id" AND t."category" = ${query.category}::"ProblemCategory")`);
  }
  if (query.pollutionType) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "PetitionDetail" p
      WHERE p."itemId" = i."id" AND p."pollutionTypes" @> ARRAY[${query.pollutionType}::"PollutionType"])`);
  }
  if (query.deadlineFrom) conditions.push(Prisma.sql`i."deadline" >= ${query.deadlineFrom}::date`);
  if (query.deadlineTo) conditions.push(Prisma.sql`i."deadline" <= ${query.deadlineTo}::date`);
  if (query.originalDeadlineFrom) {
    conditions.push(Prisma.sql`i."originalDeadline" >= ${query.originalDeadlineFrom}::date`);
  }
  if (query.originalDeadlineTo) {
    conditions.push(Prisma.sql`i."originalDeadline" <= ${query.originalDeadlineTo}::date`);
  }
  if (query.closedFrom) conditions.push(Prisma.sql`i."closedOn" >= ${query.closedFrom}::date`);
  if (query.closedTo) conditions.push(Prisma.sql`i."closedOn" <= ${query.closedTo}::date`);
  if (query.overdue === true) conditions.push(ledgerFacts.overdue(today));
  if (query.overdue === false) {
    conditions.push(Prisma.sql`(i."deadline" >= ${day(today)} OR i."status" = 'CLOSED')`);
  }
  if (query.dueWithinDays !== undefined) conditions.push(ledgerFacts.dueWithin(today, query.dueWithinDays));
  if (query.q) conditions.push(matchesText(query.q));
  return conditions.length > 0 ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`;
}

/**
 * The list's order for alias `i`: the requested column, ties broken by id (so pages are stable).
 * The ledger workbook (services/ledger-export.ts) lists its rows in this order too.
 */
export function ledgerOrderSql(query: ListItemsQuery): Prisma.Sql {
  const direction = Prisma.raw(query.order === 'desc' ? 'DESC' : 'ASC');
  // 原整改时限 and 销号日期 follow the deadline closely, which the planner does not know: for a
  // week of them it would walk the deadline index from the first deadline on (2.5 s at a million
  // items, bench/dashboard-summary). Ordering by `deadline + 0` (the same order) takes that path
  // away: it finds the week's rows by their own index and sorts them.
  const correlated =
    query.sort === 'deadline' &&
    Boolean(query.originalDeadlineFrom ?? query.originalDeadlineTo ?? query.closedFrom ?? query.closedTo);
  const column = Prisma.raw(correlated ? `(i."deadline" + 0)` : `i.${sortColumns[query.sort]}`);
  return Prisma.sql`${column} ${direction}, i."id" ${direction}`;
}

/** The ids of the requested page, in the requested order. */
export function ledgerPageSql(query: ListItemsQuery, scope: LedgerReadScope, today: Date): Prisma.Sql {
  return Prisma.sql`SELECT i."id" FROM "LedgerItem" i
    WHERE ${ledgerConditions(query, scope, today)}
    ORDER BY ${ledgerOrderSql(query)}
    LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`;
}

/**
 * Counts the matches, stopping after `cap + 1` of them: the count then costs what reading that
 * many rows costs, however many match. `cap: null` counts all (the benchmark's baseline).
 */
export function ledgerCountSql(
  query: ListItemsQuery,
  scope: LedgerReadScope,
  today: Date,
  cap: number | null = LIST_TOTAL_CAP,
): Prisma.Sql {
  const conditions = ledgerConditions(query, scope, today);
  if (cap === null)
    return Prisma.sql`SELECT count(*)::int AS "total" FROM "LedgerItem" i WHERE ${conditions}`;
  return Prisma.sql`SELECT count(*)::int AS "total" FROM (
    SELECT 1 FROM "LedgerItem" i WHERE ${conditions} LIMIT ${cap + 1}) matched`;
}

export async function findLedgerPage(
  prisma: PrismaClient,
  query: ListItemsQuery,
  scope: LedgerReadScope,
  today: Date,
  cap = LIST_TOTAL_CAP,
): Promise<{ ids: string[]; total: number; totalCapped: boolean }> {
  const [rows, counted] = await Promise.all([
    prisma.$queryRaw<{ id: string }[]>(ledgerPageSql(query, scope, today)),
    prisma.$queryRaw<{ total: number }[]>(ledgerCountSql(query, scope, today, cap)),
  ]);
  const total = counted[0]?.total ?? 0;
  return { ids: rows.map((row) => row.id), total: Math.min(total, cap), totalCapped: total > cap };
}

/**
 * The names of the units among `ids` (the units a query's filters name, the caller's unit …):
 * what the filters say in words (describeLedgerFilters) in an export and its job.
 */
export async function unitNames(
  db: Pick<PrismaClient, 'unit'>,
  ids: (string | null | undefined)[],
): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => Boolean(id));
  if (wanted.length === 0) return new Map();
  const units = await db.unit.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(units.map((unit) => [unit.id, unit.name]));
}

/**
 * Re-derives the item's latest progress percent and date (LedgerItem.latestProgressPercent,
 * lastProgressOn) inside the caller's transaction and answers them. A trigger on ProgressEntry
 * already keeps both current on every insert, update and delete, so calling this after writing
 * progress is optional; it answers what the list will show next.
 */
export async function recordLatestProgress(
  tx: Prisma.TransactionClient,
  itemId: string,
): Promise<{ latestProgressPercent: number | null; lastProgressOn: Date | null }> {
  await tx.$executeRaw`SELECT ledger_record_latest_progress(${itemId}::uuid)`;
  return tx.ledgerItem.findUniqueOrThrow({
    where: { id: itemId },
    select: { latestProgressPercent: true, lastProgressOn: true },
  });
}
