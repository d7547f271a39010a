/**
 * EXPLAIN (ANALYZE, BUFFERS) of the ledger list's SQL — the statements the API builds in
 * apps/api/src/services/ledger.ts, not copies — for each filter and common combinations, against
 * a database loaded by generate.sql. Prints Markdown for docs/ledger-query-plans.md.
 *
 *   apps/api/node_modules/.bin/tsx bench/ledger-plans/explain.ts postgres://postgres@127.0.0.1:5432/<db>
 */
import { createRequire } from 'node:module';

import type Pg from 'pg';

import { LIST_TOTAL_CAP, listItemsQuery } from '../../packages/domain/src/items';
import { ledgerCountSql, ledgerPageSql, type LedgerReadScope } from '../../apps/api/src/services/ledger';

// bench/ is no workspace package: `pg` comes from the API's dependencies.
const pg = createRequire(new URL('../../apps/api/package.json', import.meta.url))('pg') as typeof Pg;

const url = process.argv[2];
if (!url) throw new Error('usage: explain.ts <database url>');
const RUNS = 5;

const client = new pg.Client({ connectionString: url });
await client.connect();

const unit = async (name: string) =>
  (await client.query<{ id: string }>(`SELECT "id" FROM "Unit" WHERE "name" = $1`, [name])).rows[0]!.id;
const hushu = await unit('湖墅街道');
const ecology = await unit('生态环境拱墅分局');
const [{ today }] = (await client.query<{ today: Date }>(`SELECT current_date::timestamp AS today`)).rows as [
  { today: Date },
];
const todayUtc = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()));
const iso = (offsetDays: number) =>
  new Date(todayUtc.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
// A place name that occurs in few items: a selective query of three or more characters.
const rare = (
  await client.query<{ q: string }>(
    `SELECT substr("title", 1, 4) AS q FROM "LedgerItem" WHERE "number" LIKE 'B-%0424242'`,
  )
).rows[0]?.q;

const any: LedgerReadScope = { kind: 'any' };
const officer: LedgerReadScope = { kind: 'unit', unitId: hushu };
const cases: { name: string; scope: LedgerReadScope; query: Record<string, unknown> }[] = [
  { name: 'no filter (coordinator, default sort: deadline asc)', scope: any, query: {} },
  { name: 'unit scope (officer of 湖墅街道)', scope: officer, query: {} },
  { name: 'unitId (a department: leads or cooperates)', scope: any, query: { unitId: ecology } },
  { name: 'status=IN_PROGRESS', scope: any, query: { status: 'IN_PROGRESS' } },
  {
    name: 'status in (CLOSURE_REQUESTED, AWAITING_VERIFICATION)',
    scope: any,
    query: { status: ['CLOSURE_REQUESTED', 'AWAITING_VERIFICATION'] },
  },
  { name: 'kind=petition', scope: any, query: { kind: 'petition' } },
  { name: 'kind=task & status=IN_PROGRESS', scope: any, query: { kind: 'task', status: 'IN_PROGRESS' } },
  { name: 'category=WATER', scope: any, query: { category: 'WATER' } },
  { name: 'pollutionType=CATERING_FUMES', scope: any, query: { pollutionType: 'CATERING_FUMES' } },
  { name: 'deadlineFrom/To (one month)', scope: any, query: { deadlineFrom: iso(0), deadlineTo: iso(30) } },
  { name: 'overdue=true', scope: any, query: { overdue: 'true' } },
  { name: 'overdue=false', scope: any, query: { overdue: 'false' } },
  { name: 'dueWithinDays=7', scope: any, query: { dueWithinDays: '7' } },
  { name: 'q=油烟 (2 characters)', scope: any, query: { q: '油烟' } },
  { name: 'q=水 (1 character)', scope: any, query: { q: '水' } },
  { name: 'q=油烟直排 (4 characters)', scope: any, query: { q: '油烟直排' } },
  { name: `q=${rare} (rare place name)`, scope: any, query: { q: rare } },
  { name: 'q=不存在的词 (no match)', scope: any, query: { q: '不存在的词' } },
  { name: 'sort=updatedAt desc', scope: any, query: { sort: 'updatedAt', order: 'desc' } },
  { name: 'sort=number asc', scope: any, query: { sort: 'number' } },
  { name: 'unit scope & overdue', scope: officer, query: { overdue: 'true' } },
  {
    name: 'unit scope & status=IN_PROGRESS & sort=updatedAt desc',
    scope: officer,
    query: { status: 'IN_PROGRESS', sort: 'updatedAt', order: 'desc' },
  },
  { name: 'unit scope & dueWithinDays=7', scope: officer, query: { dueWithinDays: '7' } },
  { name: 'unit scope & q=油烟', scope: officer, query: { q: '油烟' } },
  { name: 'unit scope & category=AIR', scope: officer, query: { category: 'AIR' } },
  {
    name: 'unit scope & pollutionType=NOISE & overdue',
    scope: officer,
    query: { pollutionType: 'NOISE', overdue: 'true' },
  },
  {
    name: 'kind=petition & status & q=噪声 & deadline range',
    scope: any,
    query: {
      kind: 'petition',
      status: 'IN_PROGRESS',
      q: '噪声',
      deadlineFrom: iso(-365),
      deadlineTo: iso(0),
    },
  },
  {
    name: 'overdue & q=油烟直排 & sort=number',
    scope: any,
    query: { overdue: 'true', q: '油烟直排', sort: 'number' },
  },
  { name: 'page 500 of no filter (offset 9,980)', scope: any, query: { page: '500' } },
  { name: 'page 5,000 of no filter (offset 99,980)', scope: any, query: { page: '5000' } },
];

async function explain(sql: { text: string; values: unknown[] }) {
  let plan: string[] = [];
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const result = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
    plan = result.rows.map((row: Record<string, string>) => row['QUERY PLAN']!);
    const time = Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1]);
    if (run > 0) times.push(time); // the first run warms the cache
  }
  times.sort((a, b) => a - b);
  return { plan, median: times[Math.floor(times.length / 2)]! };
}

/** The plan without timing noise: JIT and planning lines go, buffers are shown for the top node only. */
function trim(plan: string[]): string[] {
  let buffersShown = false;
  return plan.filter((line) => {
    if (/^\s*(Planning|Execution Time|JIT:|Functions:|Options:|Timing:)/.test(line) || line.trim() === '') {
      return false;
    }
    if (!/^\s*Buffers:/.test(line)) return true;
    if (buffersShown) return false;
    buffersShown = true;
    return true;
  });
}

// The API counts up to LIST_TOTAL_CAP (ledgerCountSql's default); the exact count of every match
// (cap null) is the baseline it is measured against, in the same run.
const summary: string[] = [
  '| query | page (ms) | count (ms) | exact count, baseline (ms) | count / baseline | total |',
  '|---|---:|---:|---:|---:|---:|',
];
const details: string[] = [];
const ratios: number[] = [];
for (const { name, scope, query } of cases) {
  const parsed = listItemsQuery.parse(query);
  const page = await explain(ledgerPageSql(parsed, scope, todayUtc));
  const count = await explain(ledgerCountSql(parsed, scope, todayUtc));
  const baseline = await explain(ledgerCountSql(parsed, scope, todayUtc, null));
  const exactSql = ledgerCountSql(parsed, scope, todayUtc, null);
  const total = (await client.query(exactSql.text, exactSql.values)).rows[0].total as number;
  const ratio = count.median / baseline.median;
  ratios.push(ratio);
  summary.push(
    `| ${name} | ${page.median.toFixed(1)} | ${count.median.toFixed(1)} | ${baseline.median.toFixed(1)} | ` +
      `${ratio.toFixed(2)} | ${total.toLocaleString('en')} |`,
  );
  details.push(
    `### ${name}`,
    '',
    '```',
    `-- page (median ${page.median.toFixed(1)} ms)`,
    ...trim(page.plan),
    `-- count up to ${LIST_TOTAL_CAP.toLocaleString('en')} (median ${count.median.toFixed(1)} ms)`,
    ...trim(count.plan),
    '```',
    '',
  );
  console.error(`${name}: page ${page.median} ms, count ${count.median} ms, exact ${baseline.median} ms`);
}
ratios.sort((a, b) => a - b);
summary.push(
  '',
  `Median count / baseline over ${ratios.length} queries: ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)}; ` +
    `worst: ${ratios.at(-1)!.toFixed(2)}.`,
);
console.log([...summary, '', ...details].join('\n'));
await client.end();
