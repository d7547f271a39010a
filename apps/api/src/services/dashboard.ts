/**
 * 统计看板: the coordination group's figures (GET /api/dashboard/summary; the bulletins print the
 * same). Every figure is a count in SQL over "LedgerItem" with the conditions the ledger list uses
 * for its drill-down (services/ledger.ts: ledgerFacts, reportBucketSql, scopeCondition), so a
 * figure and the list behind it cannot disagree; no item row is loaded into Node. The sections
 * are independent statements run at once, each one pass over the scope's items. Definitions:
 * docs/dashboard.md; timings at a million items: bench/dashboard-summary.
 */
import { Prisma, type PrismaClient } from '@ledger/db/client';
import { LEDGER_TIME_ZONE, toIsoDate } from '@ledger/domain/calendar';
import { DUE_SOON_DAYS, type DashboardSummary } from '@ledger/domain/dashboard';
import {
  handlingState,
  pollutionType as pollutionTypes,
  problemCategory,
  taskReportBucket,
} from '@ledger/domain/vocabulary';
import { LRUCache } from 'lru-cache';

import { ledgerFacts, reportBucketSql, scopeCondition, type LedgerReadScope } from './ledger';

type Db = Pick<PrismaClient, '$queryRaw' | 'unit'> & Partial<Pick<PrismaClient, '$transaction'>>;

/**
 * Runs the sections at once on a client with a pool of connections; one after another on a
 * transaction's client (a bulletin reads everything in one snapshot), whose single connection
 * cannot run two statements at once — pg would queue them and warn.
 */
async function runSections<const T extends readonly (() => PromiseLike<unknown>)[]>(
  db: Db,
  sections: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (db.$transaction) return (await Promise.all(sections.map((run) => run()))) as never;
  const results: unknown[] = [];
  for (const run of sections) results.push(await run());
  return results as never;
}
type Category = (typeof problemCategory.codes)[number];
type PollutionType = (typeof pollutionTypes.codes)[number];

/** Tasks and petitions by bucket, with the deadline figures: one pass over the scope. */
function bucketsSql(scope: LedgerReadScope, today: Date): Prisma.Sql {
  return Prisma.sql`SELECT i."kind"::text AS "kind", ${reportBucketSql(today)} AS "bucket",
      count(*)::int AS "total",
      (count(*) FILTER (WHERE ${ledgerFacts.overdue(today)}))::int AS "overdue",
      (count(*) FILTER (WHERE ${ledgerFacts.dueWithin(today, DUE_SOON_DAYS)}))::int AS "dueSoon"
    FROM "LedgerItem" i WHERE ${scopeCondition(scope)}
    GROUP BY 1, 2`;
}

/** One row per lead unit, the worst first: most overdue, lowest completion rate, then unit order. */
function unitsSql(scope: LedgerReadScope, today: Date): Prisma.Sql {
  return Prisma.sql`SELECT u."id" AS "unitId", u."name" AS "unitName", u."type"::text AS "unitType",
      f."assigned", f."closed", f."overdue", f."rebound",
      f."closed"::float8 / f."assigned" AS "completionRate"
    FROM (SELECT i."leadUnitId",
        count(*)::int AS "assigned",
        (count(*) FILTER (WHERE ${ledgerFacts.closed}))::int AS "closed",
        (count(*) FILTER (WHERE ${ledgerFacts.overdue(today)}))::int AS "overdue",
        (count(*) FILTER (WHERE ${ledgerFacts.rebound}))::int AS "rebound"
      FROM "LedgerItem" i WHERE ${scopeCondition(scope)}
      GROUP BY 1) f
    JOIN "Unit" u ON u."id" = f."leadUnitId"
    ORDER BY f."overdue" DESC, "completionRate" ASC, u."sortOrder", u."id"`;
}

/** Tasks by 问题类别. `kind` as well as the join: the drill-down filters by both. */
function categoriesSql(scope: LedgerReadScope, today: Date): Prisma.Sql {
  return Prisma.sql`SELECT t."category"::text AS "category",
      count(*)::int AS "total",
      (count(*) FILTER (WHERE ${ledgerFacts.closed}))::int AS "closed",
      (count(*) FILTER (WHERE ${ledgerFacts.overdue(today)}))::int AS "overdue"
    FROM "LedgerItem" i JOIN "TaskDetail" t ON t."itemId" = i."id"
    WHERE i."kind" = 'TASK' AND ${scopeCondition(scope)}
    GROUP BY 1`;
}

/**
 * Petitions by 污染类型, a petition under each of its types — once, even if a type was entered
 * twice (the ledger filter matches an item once). The distinct types are a subquery of the
 * array alone, so PostgreSQL computes them once per distinct array (Memoize), not per item.
 */
function pollutionTypesSql(scope: LedgerReadScope, today: Date): Prisma.Sql {
  return Prisma.sql`SELECT pt."type"::text AS "pollutionType",
      count(*)::int AS "total",
      (count(*) FILTER (WHERE ${ledgerFacts.closed}))::int AS "concluded",
      (count(*) FILTER (WHERE ${ledgerFacts.overdue(today)}))::int AS "overdue"
    FROM "LedgerItem" i JOIN "PetitionDetail" p ON p."itemId" = i."id"
    CROSS JOIN LATERAL (SELECT DISTINCT unnest(p."pollutionTypes")) AS pt("type")
    WHERE i."kind" = 'PETITION' AND ${scopeCondition(scope)}
    GROUP BY 1`;
}

/**
 * Burn-up by ISO week (Monday): closed by 销号日期, planned by 原整改时限, one pass grouping both
 * ways (GROUPING SETS) plus the first registration day; then every week from the first event to
 * the later of the last planned week and this week, empty weeks included (generate_series).
 */
function trendSql(scope: LedgerReadScope, today: Date): Prisma.Sql {
  const monday = (date: Prisma.Sql) => Prisma.sql`(${date} - (EXTRACT(ISODOW FROM ${date})::int - 1))`;
  const todayDate = Prisma.sql`${toIsoDate(today)}::date`;
  // The first registration day: the earliest instant, converted once (not a time-zone conversion per row).
  const registeredOn = Prisma.sql`(min("firstCreated") AT TIME ZONE ${Prisma.raw(`'${LEDGER_TIME_ZONE}'`)})::date`;
  return Prisma.sql`WITH item AS (
      SELECT ${monday(Prisma.sql`i."closedOn"`)} AS "closedWeek",
             ${monday(Prisma.sql`i."originalDeadline"`)} AS "plannedWeek",
             i."createdAt"
      FROM "LedgerItem" i WHERE ${scopeCondition(scope)}),
    weekly AS (
      SELECT "closedWeek", "plannedWeek", count(*)::int AS "n", min("createdAt") AS "firstCreated",
             GROUPING("closedWeek", "plannedWeek") AS "set"
      FROM item GROUP BY GROUPING SETS (("closedWeek"), ("plannedWeek"), ())),
    bounds AS (
      SELECT COALESCE(LEAST(${registeredOn}, min("closedWeek"), min("plannedWeek")), ${todayDate}) AS "first",
             GREATEST(max("plannedWeek"), max("closedWeek"), ${todayDate}) AS "last"
      FROM weekly),
    weeks AS (
      SELECT w::date AS "weekStart"
      FROM bounds, generate_series(${monday(Prisma.sql`bounds."first"`)}::timestamp,
                                   ${monday(Prisma.sql`bounds."last"`)}::timestamp, interval '1 week') AS w)
    SELECT to_char(weeks."weekStart", 'YYYY-MM-DD') AS "weekStart",
           COALESCE(c."n", 0) AS "closed", COALESCE(p."n", 0) AS "planned",
           (sum(COALESCE(c."n", 0)) OVER (ORDER BY weeks."weekStart"))::int AS "cumulativeClosed",
           (sum(COALESCE(p."n", 0)) OVER (ORDER BY weeks."weekStart"))::int AS "cumulativePlanned"
    FROM weeks
    LEFT JOIN weekly c ON c."set" = 1 AND c."closedWeek" = weeks."weekStart"
    LEFT JOIN weekly p ON p."set" = 2 AND p."plannedWeek" = weeks."weekStart"
    ORDER BY weeks."weekStart"`;
}

/** The summary's statements, by section (benchmarks print their plans). */
export const summaryStatements = {
  buckets: bucketsSql,
  units: unitsSql,
  categories: categoriesSql,
  pollutionTypes: pollutionTypesSql,
  trend: trendSql,
};

interface BucketRow {
  kind: 'TASK' | 'PETITION';
  bucket: string;
  total: number;
  overdue: number;
  dueSoon: number;
}

const zeroes = <Code extends string>(codes: readonly Code[]) =>
  Object.fromEntries(codes.map((code) => [code, 0])) as Record<Code, number>;

/** In vocabulary order, leaving out what has no items. */
function inVocabularyOrder<Code extends string, Row>(
  codes: readonly Code[],
  rows: Row[],
  codeOf: (row: Row) => string,
): Row[] {
  const byCode = new Map(rows.map((row) => [codeOf(row), row]));
  return codes.flatMap((code) => {
    const row = byCode.get(code);
    return row ? [row] : [];
  });
}

/**
 * The dashboard's figures for `scope` on the ledger day `today` (a UTC-midnight date, as
 * app.ledgerToday() answers it). `asOf` is the instant stated as the figures' time.
 */
export async function dashboardSummary(
  prisma: Db,
  scope: LedgerReadScope,
  today: Date,
  asOf: Date = new Date(),
): Promise<DashboardSummary> {
  const [bucketRows, units, categories, pollution, trend, scopeUnit] = await runSections(prisma, [
    () => prisma.$queryRaw<BucketRow[]>(bucketsSql(scope, today)),
    () => prisma.$queryRaw<DashboardSummary['units']>(unitsSql(scope, today)),
    () =>
      prisma.$queryRaw<{ category: Category; total: number; closed: number; overdue: number }[]>(
        categoriesSql(scope, today),
      ),
    () =>
      prisma.$queryRaw<{ pollutionType: PollutionType; total: number; concluded: number; overdue: number }[]>(
        pollutionTypesSql(scope, today),
      ),
    () => prisma.$queryRaw<DashboardSummary['trend']>(trendSql(scope, today)),
    async () =>
      scope.kind === 'unit'
        ? prisma.unit.findUnique({ where: { id: scope.unitId }, select: { id: true, name: true } })
        : null,
  ]);

  const taskBuckets = zeroes(taskReportBucket.codes);
  const petitionBuckets = zeroes(handlingState.codes);
  const deadlines = { overdue: 0, dueSoon: 0 };
  for (const row of bucketRows) {
    const buckets: Record<string, number> = row.kind === 'TASK' ? taskBuckets : petitionBuckets;
    buckets[row.bucket] = row.total;
    deadlines.overdue += row.overdue;
    deadlines.dueSoon += row.dueSoon;
  }
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

  return {
    asOf: asOf.toISOString(),
    today: toIsoDate(today),
    scope:
      scope.kind === 'unit'
        ? { kind: 'unit', unitId: scope.unitId, unitName: scopeUnit?.name ?? null }
        : { kind: 'district', unitId: null, unitName: null },
    tasks: { total: sum(taskBuckets), buckets: taskBuckets },
    petitions: { total: sum(petitionBuckets), buckets: petitionBuckets },
    deadlines,
    units,
    categories: inVocabularyOrder(problemCategory.codes, categories, (row) => row.category),
    pollutionTypes: inVocabularyOrder(pollutionTypes.codes, pollution, (row) => row.pollutionType),
    trend,
  };
}

/**
 * The figures as the dashboard route serves them: one computation per scope and ledger day at a
 * time, its answer shared for `ttlMs`. At a million items a district summary is five passes over
 * the ledger's index on five connections (1.6 s); a month-end crowd opening the dashboard at once
 * would otherwise queue that many times over and starve every other request. Shared figures are
 * as old as their `asOf` (shown as 数据截至); 0 turns sharing off, as the tests want.
 */
export class DashboardFigures {
  private readonly cache: LRUCache<string, DashboardSummary, { scope: LedgerReadScope; today: Date }> | null;

  constructor(
    private readonly prisma: Db,
    ttlMs: number,
  ) {
    this.cache =
      ttlMs > 0
        ? new LRUCache({
            // a district and 24 units, a few ledger days: far below this
            max: 500,
            ttl: ttlMs,
            // concurrent asks for a key share the one computation under way; a failed one is not kept
            fetchMethod: (_key, _stale, { context }) =>
              dashboardSummary(this.prisma, context.scope, context.today),
          })
        : null;
  }

  async summary(scope: LedgerReadScope, today: Date): Promise<DashboardSummary> {
    if (!this.cache) return dashboardSummary(this.prisma, scope, today);
    const key = `${scope.kind === 'unit' ? scope.unitId : scope.kind}/${toIsoDate(today)}`;
    const figures = await this.cache.fetch(key, { context: { scope, today } });
    // fetch answers undefined only when fetchMethod does, which dashboardSummary never does
    return figures!;
  }
}
