/**
 * GET /api/dashboard/summary against the same aggregates written by hand, on a database loaded
 * by run.sh. The endpoint runs in this process: the API's own app (apps/api/src/app.ts) over
 * the database, called with fastify's inject as the logged-in coordinator — routing, session,
 * the service's SQL and the response's validation and serialisation, without a network hop. The
 * baseline is plain GROUP BY statements over the same tables, written out below (not imported
 * from the service), run through `pg` at once on a pool, as the service runs its sections.
 * Prints Markdown: both latencies (median, p95) and their ratio, then the drill-down lists.
 *
 *   apps/api/node_modules/.bin/tsx bench/dashboard-summary/measure.ts postgres://…/<db>
 */
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type Pg from 'pg';

import { buildApp } from '../../apps/api/src/app';
import { summaryStatements } from '../../apps/api/src/services/dashboard';
import { openDatabase } from '../../packages/db/src/database';
import { DEMO_PASSWORD } from '../../packages/db/src/seed/accounts';
import { addDays, ledgerDate, toIsoDate } from '../../packages/domain/src/calendar';
import { drillDown, type DashboardSummary, type LedgerDrillDown } from '../../packages/domain/src/dashboard';
import { listItemsSearch } from '../../packages/domain/src/items';
import { stats } from '../lib/stats';

// bench/ is no workspace package: `pg` comes from the API's dependencies.
const pg = createRequire(new URL('../../apps/api/package.json', import.meta.url))('pg') as typeof Pg;

const url = process.argv[2];
if (!url) throw new Error('usage: measure.ts <database url>');
const RUNS = Number(process.env.RUNS ?? 21);
const WARM_UP = 2;

const silent = { info: () => {}, warn: () => {} };
const db = await openDatabase({ databaseUrl: url, dataDir: '', logger: silent });
const app = await buildApp({
  db,
  evidence: { dir: await mkdtemp(join(tmpdir(), 'bench-')), maxBytes: 1 },
  // The demo coordinator logs in without a second factor only in demo mode.
  demoMode: true,
});
await app.ready();
const pool = new pg.Pool({ connectionString: url, max: 10 });

const today = toIsoDate(ledgerDate());
const [{ items }] = (await pool.query<{ items: number }>(`SELECT count(*)::int AS items FROM "LedgerItem"`))
  .rows as [{ items: number }];

async function login(username: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.body}`);
  const cookie = response.cookies.find((candidate) => candidate.name === 'ledger_session')!;
  return { cookie: `ledger_session=${cookie.value}` };
}
const coordinator = await login('coordinator');
const officer = await login('officer.hushu');

async function summary(headers: { cookie: string }): Promise<DashboardSummary> {
  const response = await app.inject({ method: 'GET', url: '/api/dashboard/summary', headers });
  if (response.statusCode !== 200) throw new Error(`summary: ${response.body}`);
  return response.json<DashboardSummary>();
}

// ───────────── The baseline: the same aggregates, by hand ─────────────
const open = `"status" <> 'CLOSED'`;
const overdue = `("deadline" < $1::date AND ${open})`;
const monday = (column: string) => `(${column} - (EXTRACT(ISODOW FROM ${column})::int - 1))`;
const handWritten: Record<string, string> = {
  buckets: `SELECT "kind", CASE WHEN "kind" = 'PETITION' THEN
        CASE "status" WHEN 'CLOSED' THEN 'CONCLUDED' WHEN 'PHASE_COMPLETE' THEN 'PHASE_CONCLUDED' ELSE 'NOT_CONCLUDED' END
      ELSE CASE
        WHEN "status" = 'CLOSED' THEN 'CLOSED'
        WHEN "status" IN ('CLOSURE_REQUESTED', 'AWAITING_VERIFICATION', 'VERIFIED', 'PUBLIC_NOTICE', 'AWAITING_SIGN_OFF') THEN 'COMPLETED'
        WHEN "status" = 'PHASE_COMPLETE' THEN 'PHASE_COMPLETE'
        WHEN "timeLimitType" = 'LONG_TERM' THEN 'LONG_TERM'
        WHEN "latestProgressPercent" >= 90 THEN 'BASICALLY_COMPLETE'
        WHEN "latestProgressPercent" IS NULL THEN CASE WHEN "deadline" < $1::date THEN 'BEHIND' ELSE 'ON_SCHEDULE' END
        WHEN "latestProgressPercent" < (LEAST(GREATEST($1::date - ("createdAt" AT TIME ZONE 'Asia/Shanghai')::date, 0),
               GREATEST("deadline" - ("createdAt" AT TIME ZONE 'Asia/Shanghai')::date, 1))::float8
             / GREATEST("deadline" - ("createdAt" AT TIME ZONE 'Asia/Shanghai')::date, 1)::float8) * 100 THEN 'BEHIND'
        ELSE 'ON_SCHEDULE' END END AS "bucket",
      count(*) AS "total", count(*) FILTER (WHERE ${overdue}) AS "overdue",
      count(*) FILTER (WHERE "deadline" BETWEEN $1::date AND $1::date + 7 AND ${open}) AS "dueSoon"
    FROM "LedgerItem" GROUP BY 1, 2`,
  units: `SELECT u."name", f.* FROM (SELECT "leadUnitId", count(*) AS "assigned",
        count(*) FILTER (WHERE "status" = 'CLOSED') AS "closed", count(*) FILTER (WHERE ${overdue}) AS "overdue",
        count(*) FILTER (WHERE "reboundCount" > 0) AS "rebound"
      FROM "LedgerItem" GROUP BY 1) f JOIN "Unit" u ON u."id" = f."leadUnitId"
    ORDER BY f."overdue" DESC, f."closed"::float8 / f."assigned", u."sortOrder"`,
  categories: `SELECT t."category", count(*), count(*) FILTER (WHERE i."status" = 'CLOSED'),
      count(*) FILTER (WHERE i."deadline" < $1::date AND i."status" <> 'CLOSED')
    FROM "LedgerItem" i JOIN "TaskDetail" t ON t."itemId" = i."id" GROUP BY 1`,
  pollutionTypes: `SELECT pt, count(*), count(*) FILTER (WHERE i."status" = 'CLOSED'),
      count(*) FILTER (WHERE i."deadline" < $1::date AND i."status" <> 'CLOSED')
    FROM "LedgerItem" i JOIN "PetitionDetail" p ON p."itemId" = i."id", unnest(p."pollutionTypes") AS pt GROUP BY 1`,
  closedByWeek: `SELECT ${monday('"closedOn"')}, count(*) FROM "LedgerItem" WHERE "closedOn" IS NOT NULL GROUP BY 1`,
  plannedByWeek: `SELECT ${monday('"originalDeadline"')}, count(*), min("createdAt")
    FROM "LedgerItem" GROUP BY 1`,
};
const parameters: Record<string, unknown[]> = {
  buckets: [today],
  units: [today],
  categories: [today],
  pollutionTypes: [today],
  closedByWeek: [],
  plannedByWeek: [],
};
async function baseline() {
  return Promise.all(Object.entries(handWritten).map(([name, sql]) => pool.query(sql, parameters[name])));
}

// ───────────── Timing ─────────────
async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}
const ms = (value: number) => value.toFixed(1);

const contenders = {
  endpoint: () => summary(coordinator),
  'endpoint, unit scope (officer of 湖墅街道)': () => summary(officer),
  'hand-written SQL at once': baseline,
  'hand-written SQL one after another': async () => {
    for (const [name, sql] of Object.entries(handWritten)) await pool.query(sql, parameters[name]);
  },
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
for (let run = 0; run < WARM_UP + RUNS; run++) {
  // Interleaved, so that both meet the same cache and the same neighbours on the machine.
  for (const [name, contender] of Object.entries(contenders)) {
    const elapsed = await time(contender);
    if (run >= WARM_UP) times[name]!.push(elapsed);
  }
}

const figures = await summary(coordinator);
const [buckets] = await baseline();
const handTotal = buckets!.rows.reduce((sum, row: { total: string }) => sum + Number(row.total), 0);
const agrees = handTotal === figures.tasks.total + figures.petitions.total;

const endpoint = stats(times.endpoint!);
const hand = stats(times['hand-written SQL at once']!);
console.log(
  `## ${items.toLocaleString('en')} items (today ${today}, ${RUNS} runs after ${WARM_UP} warm-up)\n`,
);
console.log('| what | median (ms) | p95 (ms) |');
console.log('| --- | ---: | ---: |');
for (const [name, measured] of Object.entries(times)) {
  const { median, p95 } = stats(measured);
  console.log(`| ${name} | ${ms(median)} | ${ms(p95)} |`);
}
console.log(
  `\n**Ratio endpoint / hand-written SQL (at once): ${(endpoint.median / hand.median).toFixed(2)} (median), ${(endpoint.p95 / hand.p95).toFixed(2)} (p95).** ` +
    `Totals agree: ${agrees ? 'yes' : `NO (${handTotal} by hand)`}; ${figures.units.length} units, ${figures.trend.length} weeks.\n`,
);

// ───────────── The service's statements, one by one ─────────────
console.log("| section (the service's statement, alone) | ms | reads |");
console.log('| --- | ---: | --- |');
for (const [name, build] of Object.entries(summaryStatements)) {
  const sql = build({ kind: 'any' }, ledgerDate());
  const plan = (
    await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE) ${sql.text}`, sql.values)
  ).rows.map((row) => row['QUERY PLAN']);
  const scans = new Set(
    plan.flatMap(
      (line) => /(Seq Scan on \S+|Index Only Scan using \S+|Index Scan using \S+)/.exec(line)?.[1] ?? [],
    ),
  );
  const executed = /Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1];
  console.log(`| ${name} | ${executed} | ${[...scans].join(', ')} |`);
}
console.log('');

// ───────────── The lists behind the figures ─────────────
const street = figures.units.find((unit) => unit.unitName === '湖墅街道')!.unitId;
const todayDate = new Date(`${figures.today}T00:00:00Z`);
// Four weeks back from this week's Monday: a week with closures and planned deadlines.
const week = toIsoDate(addDays(todayDate, -28 - ((todayDate.getUTCDay() + 6) % 7)));
const lists: [string, LedgerDrillDown][] = [
  ['bucket=BEHIND (任务未达序时进度)', drillDown.bucket('BEHIND')],
  ['bucket=ON_SCHEDULE', drillDown.bucket('ON_SCHEDULE')],
  ['bucket=CLOSED (已验收销号)', drillDown.bucket('CLOSED')],
  ['bucket=NOT_CONCLUDED (信访未办结)', drillDown.bucket('NOT_CONCLUDED')],
  ['leadUnitId (湖墅街道: assigned)', drillDown.unit(street, 'assigned')],
  ['leadUnitId & status=CLOSED', drillDown.unit(street, 'closed')],
  ['leadUnitId & overdue', drillDown.unit(street, 'overdue')],
  ['leadUnitId & rebound', drillDown.unit(street, 'rebound')],
  ['rebound=true', { rebound: true }],
  ['category=WATER & overdue', drillDown.category('WATER', 'overdue')],
  ['pollutionType=NOISE & bucket=CONCLUDED', drillDown.pollutionType('NOISE', 'concluded')],
  ['closedFrom/To (a week)', drillDown.closedInWeek(week)],
  ['originalDeadlineFrom/To (a week)', drillDown.plannedInWeek(week)],
];
console.log('| drill-down list (GET /api/items, first page and total) | median (ms) | p95 (ms) | total |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, filter] of lists) {
  const measured: number[] = [];
  let total = 0;
  for (let run = 0; run < 7; run++) {
    const elapsed = await time(async () => {
      const response = await app.inject({
        method: 'GET',
        url: `/api/items?${listItemsSearch(filter).toString()}`,
        headers: coordinator,
      });
      if (response.statusCode !== 200) throw new Error(`${name}: ${response.body}`);
      const list = response.json<{ total: number; totalCapped: boolean }>();
      total = list.total;
      if (list.totalCapped) total = -list.total;
    });
    if (run >= 2) measured.push(elapsed);
  }
  const { median, p95 } = stats(measured);
  console.log(
    `| ${name} | ${ms(median)} | ${ms(p95)} | ${total < 0 ? `${(-total).toLocaleString('en')}+` : total.toLocaleString('en')} |`,
  );
}
console.log('');

await app.close();
await pool.end();
await db.close();
