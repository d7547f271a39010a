/**
 * The ledger list (GET /api/items) as SQL: one statement for the page's ids, one for the total
 * (counted up to LIST_TOTAL_CAP), both over "LedgerItem" with the same conditions. Each condition is one an index serves at a
 * million rows — the plans and timings are in docs/ledger-query-plans.md, the search design in
 * docs/decisions/006-ledger-search-and-derived-columns.md. Change a condition here and re-run
 * bench/ledger-plans to see that it still is.
 */
import { Prisma, type PrismaClient } from '@ledger/db/client';
import { addDays, toIsoDate } from '@ledger/domain/calendar';
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

/** The conditions of a list query, for alias `i` of "LedgerItem". */
export function ledgerConditions(query: ListItemsQuery, scope: LedgerReadScope, today: Date): Prisma.Sql {
  const day = (date: Date) => Prisma.sql`${toIsoDate(date)}::date`;
  // "Open" is isDeadlineOpen of packages/domain/src/items.ts: everything but CLOSED.
  const open = Prisma.sql`i."status" <> 'CLOSED'`;
  const conditions: Prisma.Sql[] = [];
  if (scope.kind === 'unit') conditions.push(involvesUnit(scope.unitId));
  if (query.unitId) conditions.push(involvesUnit(query.unitId));
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
  if (query.overdue === true) conditions.push(Prisma.sql`i."deadline" < ${day(today)} AND ${open}`);
  if (query.overdue === false) {
    conditions.push(Prisma.sql`(i."deadline" >= ${day(today)} OR i."status" = 'CLOSED')`);
  }
  if (query.dueWithinDays !== undefined) {
    conditions.push(
      Prisma.sql`i."deadline" BETWEEN ${day(today)} AND ${day(addDays(today, query.dueWithinDays))} AND ${open}`,
    );
  }
  if (query.q) conditions.push(matchesText(query.q));
  return conditions.length > 0 ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`;
}

/** The ids of the requested page, in the requested order (ties broken by id, so pages are stable). */
export function ledgerPageSql(query: ListItemsQuery, scope: LedgerReadScope, today: Date): Prisma.Sql {
  const direction = Prisma.raw(query.order === 'desc' ? 'DESC' : 'ASC');
  const column = Prisma.raw(`i.${sortColumns[query.sort]}`);
  return Prisma.sql`SELECT i."id" FROM "LedgerItem" i
    WHERE ${ledgerConditions(query, scope, today)}
    ORDER BY ${column} ${direction}, i."id" ${direction}
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
