/**
 * The ledger under load, on a database loaded by run.sh: the built server
 * (apps/api/dist/server.js) as a child process, called over HTTP.
 *
 * 1. GET /api/items for a mix of filters, sorts and pages, as the coordinator and as a unit
 *    officer, against the same work done through `pg`: the API's own statements (ledgerPageSql
 *    and ledgerCountSql of apps/api/src/services/ledger.ts, at once, as findLedgerPage runs them),
 *    then the page's rows with the columns the list shows, in one hand-written statement.
 *    Interleaved, WARM_UP + RUNS rounds; median, p95 and the ratio API / SQL.
 * 2. A mixed load with autocannon: BENCH_CONNECTIONS connections (one load after another for
 *    each number given) for LOAD_SECONDS, 80 % reads (lists, item records, the dashboard, the
 *    to-do list) and 20 % writes (PATCH with the item's current version, progress reports), each
 *    request by one of several logged-in users.
 * 3. The server's memory: its peak (VmHWM) and what it holds after the load.
 * Prints Markdown on stdout, progress on stderr.
 *
 *   tsx bench/ledger-load/measure.ts postgres://…/<db>
 */
import { openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, get as httpGet } from 'node:http';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import autocannon from 'autocannon';
import type Pg from 'pg';

import { ledgerCountSql, ledgerPageSql, type LedgerReadScope } from '../../apps/api/src/services/ledger';
import { addDays, ledgerDate, toIsoDate } from '../../packages/domain/src/calendar';
import { LIST_TOTAL_CAP, listItemsQuery } from '../../packages/domain/src/items';
import { logIn, processMemory, startBuiltServer } from '../lib/server';
import { stats } from '../lib/stats';

// bench/ is no workspace package: `pg` comes from the API's dependencies.
const pg = createRequire(new URL('../../apps/api/package.json', import.meta.url))('pg') as typeof Pg;

const url = process.argv[2];
if (!url) throw new Error('usage: measure.ts <database url>');
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RUNS = setting('RUNS', 21);
const WARM_UP = 2;
const LOAD_SECONDS = setting('BENCH_LOAD_SECONDS', 60);
/** One load after another, e.g. `BENCH_CONNECTIONS="20 200"`: below and at saturation. */
const CONNECTION_STEPS = (process.env.BENCH_CONNECTIONS ?? '200')
  .split(/[\s,]+/)
  .filter(Boolean)
  .map(Number);
const TIMEOUT_SECONDS = setting('BENCH_TIMEOUT_SECONDS', 10);
const loadAtStart =
  process.env.BENCH_LOADAVG_START ??
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const progress = (line: string) => process.stderr.write(`${line}\n`);
const ms = (value: number) => value.toFixed(1);

const pool = new pg.Pool({ connectionString: url, max: 4 });
const one = async <Row>(text: string, values: unknown[] = []) =>
  (await pool.query(text, values)).rows[0] as Row;

// ───────────── The built server ─────────────
const dataDir = await mkdtemp(join(tmpdir(), 'ledger-load-bench-'));
const logFile = join(dataDir, 'server.log');
// The log goes to a file, not through this process, which shares the CPUs with the server.
const server = await startBuiltServer({
  databaseUrl: url,
  dataDir,
  stdout: openSync(logFile, 'a'),
  // e.g. `--cpu-prof --cpu-prof-dir=/tmp/ledger-load-profile`: where the server's time goes
  nodeFlags: (process.env.SERVER_NODE_OPTIONS ?? '').split(' ').filter(Boolean),
});
const { base } = server;
progress(`server ${base} (pid ${server.pid}), log ${logFile}`);

const unitId = async (name: string) =>
  (await one<{ id: string }>(`SELECT "id" FROM "Unit" WHERE "name" = $1`, [name])).id;
const hushu = await unitId('湖墅街道');
const today = ledgerDate();
const iso = (days: number) => toIsoDate(addDays(today, days));
const [{ items }, { tasks }] = [
  await one<{ items: number }>(`SELECT count(*)::int AS items FROM "LedgerItem"`),
  await one<{ tasks: number }>(`SELECT count(*)::int AS tasks FROM "LedgerItem" WHERE "kind" = 'TASK'`),
];

// ───────────── 1. The list: API against SQL ─────────────
interface ListCase {
  name: string;
  as: 'coordinator' | 'officer';
  query: Record<string, string>;
}
const listCases: ListCase[] = [
  { name: 'no filter (sort deadline asc), page 1', as: 'coordinator', query: {} },
  { name: 'no filter, page 50', as: 'coordinator', query: { page: '50' } },
  { name: 'no filter, page 200', as: 'coordinator', query: { page: '200' } },
  { name: 'status=IN_PROGRESS', as: 'coordinator', query: { status: 'IN_PROGRESS' } },
  { name: 'leadUnitId=湖墅街道', as: 'coordinator', query: { leadUnitId: hushu } },
  { name: 'overdue=true', as: 'coordinator', query: { overdue: 'true' } },
  { name: 'bucket=BEHIND (未达序时进度)', as: 'coordinator', query: { bucket: 'BEHIND' } },
  { name: 'q=油烟 (2 characters)', as: 'coordinator', query: { q: '油烟' } },
  { name: 'q=油烟直排 (4 characters)', as: 'coordinator', query: { q: '油烟直排' } },
  {
    name: 'deadline in the next 30 days',
    as: 'coordinator',
    query: { deadlineFrom: iso(0), deadlineTo: iso(30) },
  },
  { name: 'sort=updatedAt desc', as: 'coordinator', query: { sort: 'updatedAt', order: 'desc' } },
  { name: 'sort=number asc, page 50', as: 'coordinator', query: { sort: 'number', page: '50' } },
  {
    name: 'kind=petition & overdue & sort=updatedAt desc, page 50',
    as: 'coordinator',
    query: { kind: 'petition', overdue: 'true', sort: 'updatedAt', order: 'desc', page: '50' },
  },
  { name: 'unit scope, no filter, page 1', as: 'officer', query: {} },
  { name: 'unit scope, no filter, page 50', as: 'officer', query: { page: '50' } },
  { name: 'unit scope & overdue', as: 'officer', query: { overdue: 'true' } },
  { name: 'unit scope & q=油烟', as: 'officer', query: { q: '油烟' } },
  {
    name: 'unit scope & status=IN_PROGRESS & sort=updatedAt desc',
    as: 'officer',
    query: { status: 'IN_PROGRESS', sort: 'updatedAt', order: 'desc' },
  },
  {
    name: 'unit scope & deadline last year & sort=number, page 10',
    as: 'officer',
    query: { deadlineFrom: iso(-365), deadlineTo: iso(0), sort: 'number', page: '10' },
  },
];
const scopes: Record<ListCase['as'], LedgerReadScope> = {
  coordinator: { kind: 'any' },
  officer: { kind: 'unit', unitId: hushu },
};
const cookies = {
  coordinator: await logIn(base, 'coordinator'),
  officer: await logIn(base, 'officer.hushu'),
};

// node:http with one kept-alive socket: the lightest client, so that it takes as little CPU as
// possible from the server it measures on this 2-core machine.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function getJson(path: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(`${base}${path}`, { agent, headers: { cookie } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    }).once('error', reject);
  });
}

/**
 * The rows the list shows (the select of loadSummaries in apps/api/src/services/items.ts),
 * written by hand as one statement: what the database must do for a page beyond finding its ids.
 */
const summaryRowsSql = `SELECT i."id", i."kind", i."number", i."title", i."status",
    json_build_object('id', lead."id", 'name', lead."name") AS "leadUnit",
    (SELECT coalesce(json_agg(json_build_object('id', u."id", 'name', u."name") ORDER BY u."sortOrder"), '[]')
       FROM "ItemCooperatingUnit" c JOIN "Unit" u ON u."id" = c."unitId" WHERE c."itemId" = i."id") AS "cooperatingUnits",
    i."responsiblePersonName", i."deadline", i."originalDeadline", i."warningDate", i."timeLimitType",
    i."reboundCount", i."isSample", i."latestProgressPercent", i."createdAt", i."updatedAt", i."version",
    t."category", p."pollutionTypes", p."handlingState"
  FROM "LedgerItem" i
  JOIN "Unit" lead ON lead."id" = i."leadUnitId"
  LEFT JOIN "TaskDetail" t ON t."itemId" = i."id"
  LEFT JOIN "PetitionDetail" p ON p."itemId" = i."id"
  WHERE i."id" = ANY($1::uuid[])`;

async function viaSql(listCase: ListCase) {
  const parsed = listItemsQuery.parse(listCase.query);
  const page = ledgerPageSql(parsed, scopes[listCase.as], today);
  const count = ledgerCountSql(parsed, scopes[listCase.as], today);
  const [ids, counted] = await Promise.all([
    pool.query<{ id: string }>(page.text, page.values),
    pool.query<{ total: number }>(count.text, count.values),
  ]);
  const pageIds = ids.rows.map((row) => row.id);
  if (pageIds.length > 0) await pool.query(summaryRowsSql, [pageIds]);
  return { ids: pageIds, total: Math.min(counted.rows[0]!.total, LIST_TOTAL_CAP) };
}

async function viaApi(listCase: ListCase) {
  const response = await getJson(
    `/api/items?${new URLSearchParams(listCase.query).toString()}`,
    cookies[listCase.as],
  );
  if (response.status !== 200) throw new Error(`${listCase.name}: ${response.status} ${response.body}`);
  return response.body;
}

async function time<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await run();
  return [performance.now() - start, result];
}

progress(
  `== list: ${listCases.length} queries, ${WARM_UP} warm-up + ${RUNS} rounds, API and SQL interleaved`,
);
const apiTimes = listCases.map((): number[] => []);
const sqlTimes = listCases.map((): number[] => []);
const found = listCases.map(() => ({ total: 0, capped: false, agrees: true }));
for (let round = 0; round < WARM_UP + RUNS; round++) {
  for (const [index, listCase] of listCases.entries()) {
    // Alternately first, so that neither always meets the cache the other has just warmed.
    const measureApi = () => time(() => viaApi(listCase));
    const measureSql = () => time(() => viaSql(listCase));
    const [[apiMs, body], [sqlMs, sql]] =
      round % 2 === 0
        ? [await measureApi(), await measureSql()]
        : await measureSql().then(async (sqlFirst) => [await measureApi(), sqlFirst] as const);
    if (round < WARM_UP) {
      // Both must have answered the same page: the same ids in the same order, the same total.
      const answer = JSON.parse(body) as { items: { id: string }[]; total: number; totalCapped: boolean };
      found[index] = {
        total: answer.total,
        capped: answer.totalCapped,
        agrees: answer.total === sql.total && answer.items.map((item) => item.id).join() === sql.ids.join(),
      };
      continue;
    }
    apiTimes[index]!.push(apiMs);
    sqlTimes[index]!.push(sqlMs);
  }
  progress(`round ${round + 1}/${WARM_UP + RUNS}`);
}
const memoryAfterLists = await processMemory(server.pid);

// ───────────── 2. The mixed load ─────────────
type Operation = 'list' | 'detail' | 'dashboard' | 'todo' | 'patch' | 'progress';
/** Shares of the requests (per cent): 80 reads, 20 writes. */
const mix: Record<Operation, number> = {
  list: 40,
  detail: 25,
  dashboard: 5,
  todo: 10,
  patch: 10,
  progress: 10,
};
const writes: Operation[] = ['patch', 'progress'];

interface LoadUser {
  username: string;
  cookie: string;
  scope: LedgerReadScope;
  /** items this user may read (a sample); for a unit's user, open items the unit is involved in */
  items: string[];
}
/** Item id → version, kept current from the answers (a PATCH answers the new record, a 409 the current one). */
const versions = new Map<string, number>();
const SAMPLE = 20_000;
for (const row of (
  await pool.query<{ id: string; version: number }>(
    `SELECT "id", "version" FROM "LedgerItem" WHERE "status" <> 'CLOSED' ORDER BY random() LIMIT ${SAMPLE}`,
  )
).rows) {
  versions.set(row.id, row.version);
}
const anyItems = (
  await pool.query<{ id: string }>(`SELECT "id" FROM "LedgerItem" ORDER BY random() LIMIT ${SAMPLE}`)
).rows.map((row) => row.id);

// Several sessions, one login each (the login limit): the coordinator edits, the district leader
// and the auditor read, the officers and heads of the units with the most open items report.
const unitAccounts = (
  await pool.query<{ username: string; unitId: string }>(
    `SELECT u."username", u."unitId" FROM "User" u
      JOIN (SELECT "leadUnitId", count(*) AS open FROM "LedgerItem" WHERE "status" <> 'CLOSED' GROUP BY 1) o
        ON o."leadUnitId" = u."unitId"
      WHERE u."role" IN ('UNIT_OFFICER', 'UNIT_HEAD') AND u."status" = 'ACTIVE'
      ORDER BY o.open DESC, u."username" LIMIT 10`,
  )
).rows;
const users: LoadUser[] = [];
for (const username of ['coordinator', 'leader', 'auditor']) {
  users.push({ username, cookie: await logIn(base, username), scope: { kind: 'any' }, items: anyItems });
}
for (const account of unitAccounts) {
  const unitItems = (
    await pool.query<{ id: string }>(
      `SELECT "id" FROM "LedgerItem" WHERE "unitIds" @> ARRAY[$1::uuid] AND "status" <> 'CLOSED'
        ORDER BY random() LIMIT 2000`,
      [account.unitId],
    )
  ).rows.map((row) => row.id);
  users.push({
    username: account.username,
    cookie: await logIn(base, account.username),
    scope: { kind: 'unit', unitId: account.unitId },
    items: unitItems,
  });
}
const coordinator = users[0]!;
const reporters = users.filter((user) => user.scope.kind === 'unit' && user.items.length > 0);
const editable = [...versions.keys()];

// Deterministic choices (mulberry32), so that two runs send the same mix.
let seed = 2018;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const operations = Object.keys(mix) as Operation[];
const totalShare = operations.reduce((sum, operation) => sum + mix[operation], 0);
function pickOperation(): Operation {
  let roll = random() * totalShare;
  for (const operation of operations) {
    roll -= mix[operation];
    if (roll < 0) return operation;
  }
  return operations.at(-1)!;
}
const names = ['王建华', '李志强', '张晓燕', '陈国平', '刘海涛', '杨丽娟', '赵明', '黄伟'];

interface Sent {
  operation: Operation;
  itemId?: string;
}
interface Request {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
}
/** The next request: an operation by the mix, a user who may do it, an item that user may touch. */
function nextRequest(): [Request, Sent] {
  const operation = pickOperation();
  const json = (user: LoadUser) => ({
    cookie: user.cookie,
    'content-type': 'application/json',
    origin: base,
  });
  if (operation === 'patch') {
    const itemId = pick(editable);
    const body = { version: versions.get(itemId), responsiblePersonName: pick(names) };
    return [
      {
        method: 'PATCH',
        path: `/api/items/${itemId}`,
        headers: json(coordinator),
        body: JSON.stringify(body),
      },
      { operation, itemId },
    ];
  }
  if (operation === 'progress') {
    const user = pick(reporters);
    const body = { reportedOn: toIsoDate(today), content: '已完成现场复查，整改按计划推进。', percent: 50 };
    return [
      {
        method: 'POST',
        path: `/api/items/${pick(user.items)}/progress`,
        headers: json(user),
        body: JSON.stringify(body),
      },
      { operation },
    ];
  }
  const user = pick(users);
  const headers = { cookie: user.cookie };
  if (operation === 'detail')
    return [{ method: 'GET', path: `/api/items/${pick(user.items)}`, headers }, { operation }];
  if (operation === 'dashboard')
    return [{ method: 'GET', path: '/api/dashboard/summary', headers }, { operation }];
  if (operation === 'todo') return [{ method: 'GET', path: '/api/todo', headers }, { operation }];
  const listCase = pick(
    listCases.filter((candidate) => (candidate.as === 'officer') === (user.scope.kind === 'unit')),
  );
  return [
    { method: 'GET', path: `/api/items?${new URLSearchParams(listCase.query).toString()}`, headers },
    { operation },
  ];
}

const perOperation = <T>(make: () => T) =>
  Object.fromEntries(operations.map((operation) => [operation, make()])) as Record<Operation, T>;

/** One mixed load of `connections` connections for LOAD_SECONDS, and what it measured. */
async function mixedLoad(connections: number) {
  const latencies = perOperation((): number[] => []);
  const statuses = perOperation(() => new Map<number, number>());
  /** Requests sent, per operation: answered or not (a timed-out request has no answer). */
  const requested = perOperation(() => 0);
  // autocannon calls onResponse and then emits 'response' (with the time) for the same answer,
  // synchronously: the operation is passed from one to the other here.
  let answered: Operation = 'list';
  let requestErrors = 0;
  const loadAverageBefore = loadavg();
  progress(`== load: ${connections} connections, ${LOAD_SECONDS} s, ${users.length} sessions`);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const load = autocannon(
      {
        url: base,
        connections,
        duration: LOAD_SECONDS,
        timeout: TIMEOUT_SECONDS,
        requests: [
          {
            setupRequest: (request, context) => {
              const [next, sent] = nextRequest();
              requested[sent.operation] += 1;
              Object.assign(context, sent);
              return { ...request, ...next } as typeof request;
            },
            onResponse: (status, body, context) => {
              const sent = context as Sent;
              answered = sent.operation;
              statuses[sent.operation].set(status, (statuses[sent.operation].get(status) ?? 0) + 1);
              if (sent.operation !== 'patch' || (status !== 200 && status !== 409)) return;
              const record = JSON.parse(body) as { version?: number; current?: { version: number } };
              const version = status === 200 ? record.version : record.current?.version;
              if (version !== undefined) versions.set(sent.itemId!, version);
            },
          },
        ],
      },
      (error, done) => (error ? reject(error as Error) : resolve(done)),
    );
    load.on('response', (_client, _status, _bytes, responseTime) => latencies[answered].push(responseTime));
    load.on('reqError', () => (requestErrors += 1));
  });
  return {
    connections,
    result,
    latencies,
    statuses,
    requested,
    requestErrors,
    loadAverageBefore,
    loadAverageAfter: loadavg(),
  };
}

const memoryBeforeLoad = await processMemory(server.pid);
const loads: Awaited<ReturnType<typeof mixedLoad>>[] = [];
for (const connections of CONNECTION_STEPS) loads.push(await mixedLoad(connections));
const memoryAfterLoad = await processMemory(server.pid);

// ───────────── The server's log: errors it reported ─────────────
await server.stop();
const logLines = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean);
const logged = logLines.map((line) => {
  try {
    const entry = JSON.parse(line) as {
      level: number;
      msg: string;
      err?: { message?: string };
      exportPeakRssKib?: number;
    };
    return { ...entry, msg: entry.err?.message ? `${entry.msg}: ${entry.err.message}` : entry.msg };
  } catch {
    return { level: 50, msg: line };
  }
});
const serverErrors = logged.filter((entry) => entry.level >= 50);
const exportPeaks = logged.flatMap((entry) => entry.exportPeakRssKib ?? []);
const pgVersion = (await one<{ server_version: string }>(`SHOW server_version`)).server_version;
await pool.end();
await rm(dataDir, { recursive: true, force: true });

// ───────────── The report ─────────────
const out: string[] = [];
const say = (line = '') => out.push(line);
const ratio = (api: number, sql: number) => (api / sql).toFixed(2);
say(
  `## ${items.toLocaleString('en')} items (${tasks.toLocaleString('en')} tasks), ${new Date().toISOString().slice(0, 16)}Z, ledger date ${toIsoDate(today)}`,
);
say();
say(
  `Machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB; ` +
    `Node ${process.version}, PostgreSQL ${pgVersion}. Load average (1/5/15 min) at the start ${loadAtStart}, ` +
    `at the end ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}.` +
    (process.env.BENCH_GENERATE_SECONDS
      ? ` Generating the items took ${process.env.BENCH_GENERATE_SECONDS} s.`
      : ''),
);
say();
say(`### GET /api/items against the same queries through pg (${RUNS} rounds after ${WARM_UP}, interleaved)`);
say();
say(
  '| query | as | API median (ms) | API p95 | SQL median (ms) | SQL p95 | API/SQL median | API/SQL p95 | total |',
);
say('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [index, listCase] of listCases.entries()) {
  const api = stats(apiTimes[index]!);
  const sql = stats(sqlTimes[index]!);
  const { total, capped, agrees } = found[index]!;
  say(
    `| ${listCase.name} | ${listCase.as} | ${ms(api.median)} | ${ms(api.p95)} | ${ms(sql.median)} | ${ms(sql.p95)} | ` +
      `${ratio(api.median, sql.median)} | ${ratio(api.p95, sql.p95)} | ` +
      `${total.toLocaleString('en')}${capped ? '+' : ''}${agrees ? '' : ' **DIFFERS**'} |`,
  );
}
const allApi = stats(apiTimes.flat());
const allSql = stats(sqlTimes.flat());
const worstApiP95 = Math.max(...apiTimes.map((times) => stats(times).p95));
say(
  `| **all queries** | | **${ms(allApi.median)}** | **${ms(allApi.p95)}** | **${ms(allSql.median)}** | **${ms(allSql.p95)}** | ` +
    `**${ratio(allApi.median, allSql.median)}** | **${ratio(allApi.p95, allSql.p95)}** | |`,
);
say();
say(
  `Targets (reported, not asserted): list p95 ≤ 50 ms at 1M items — all queries' p95 ${ms(allApi.p95)} ms, worst query's p95 ` +
    `${ms(worstApiP95)} ms; API/SQL ≤ 2 — ${ratio(allApi.median, allSql.median)} (medians), ${ratio(allApi.p95, allSql.p95)} (p95). ` +
    `Every page and total the same through both: ${found.every((entry) => entry.agrees) ? 'yes' : '**NO**'}.`,
);
say();

function reportLoad(load: (typeof loads)[number]) {
  const counted = operations.map((operation) => {
    const byStatus = load.statuses[operation];
    const total = [...byStatus.values()].reduce((sum, count) => sum + count, 0);
    const ok = [...byStatus].reduce(
      (sum, [status, count]) => (status >= 200 && status < 300 ? sum + count : sum),
      0,
    );
    const conflicts = byStatus.get(409) ?? 0;
    return { operation, total, ok, conflicts, failed: total - ok - conflicts };
  });
  const responses = counted.reduce((sum, entry) => sum + entry.total, 0);
  const failedAnswers = counted.reduce((sum, entry) => sum + entry.failed, 0);
  const conflicts = counted.reduce((sum, entry) => sum + entry.conflicts, 0);
  const sentTotal = operations.reduce((sum, operation) => sum + load.requested[operation], 0);
  const writeShare =
    writes.reduce((sum, operation) => sum + load.requested[operation], 0) / Math.max(sentTotal, 1);
  const answeredTimes = operations.flatMap((operation) => load.latencies[operation]);
  const overall = stats(answeredTimes.length ? answeredTimes : [NaN]);
  const { result, requestErrors } = load;
  const seconds = result.duration;
  say(
    `### Mixed load: ${load.connections} connections, ${seconds.toFixed(0)} s, ${users.length} sessions ` +
      `(${sentTotal.toLocaleString('en')} requests sent, ${(writeShare * 100).toFixed(0)} % writes)`,
  );
  say();
  say(
    `**${(responses / seconds).toFixed(1)} req/s** (${responses.toLocaleString('en')} answers); latency ` +
      `**p50 ${ms(overall.median)} ms, p95 ${ms(overall.p95)} ms, p99 ${ms(overall.p99)} ms**; ` +
      `**errors ${failedAnswers + requestErrors}** (${failedAnswers} answers other than 2xx and 409, ${requestErrors} request errors of which ` +
      `${result.timeouts} timeouts of ${TIMEOUT_SECONDS} s); 409 (stale version) ${conflicts}. ` +
      `autocannon's own: ${result.requests.average.toFixed(0)} req/s average, latency p50 ${result.latency.p50} ms, ` +
      `p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms. Load average before ` +
      `${load.loadAverageBefore.map((value) => value.toFixed(2)).join(' ')}, after ${load.loadAverageAfter.map((value) => value.toFixed(2)).join(' ')}.`,
  );
  say();
  say(
    '| operation | share | sent | answers | 2xx | 409 | other | p50 (ms) | p95 (ms) | p99 (ms) | statuses |',
  );
  say('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const entry of counted) {
    const measured = load.latencies[entry.operation];
    const times = measured.length ? stats(measured) : undefined;
    const latency = (value?: number) => (value === undefined ? '–' : ms(value));
    const byStatus = [...load.statuses[entry.operation]]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    say(
      `| ${describe[entry.operation]} | ${mix[entry.operation]} % | ${load.requested[entry.operation].toLocaleString('en')} | ` +
        `${entry.total.toLocaleString('en')} | ${entry.ok.toLocaleString('en')} | ${entry.conflicts} | ${entry.failed} | ` +
        `${latency(times?.median)} | ${latency(times?.p95)} | ${latency(times?.p99)} | ${byStatus} |`,
    );
  }
  say();
  say();
}
const describe: Record<Operation, string> = {
  list: 'GET /api/items (the queries above, by scope)',
  detail: 'GET /api/items/:id',
  dashboard: 'GET /api/dashboard/summary',
  todo: 'GET /api/todo',
  patch: 'PATCH /api/items/:id (coordinator, current version)',
  progress: 'POST /api/items/:id/progress (officers, heads)',
};
for (const load of loads) reportLoad(load);
say(
  `Server errors logged (level ≥ 50): ${serverErrors.length}` +
    (serverErrors.length
      ? ` — ${[...new Set(serverErrors.map((entry) => entry.msg))].slice(0, 5).join('; ')}`
      : '') +
    '.',
);
say();
say('### Server memory');
say();
say(
  `Peak RSS (VmHWM) **${memoryAfterLoad.peak.toFixed(0)} MiB** over the whole run; RSS ${memoryAfterLists.rss.toFixed(0)} MiB ` +
    `after the list measurements, ${memoryBeforeLoad.rss.toFixed(0)} MiB before the load, ${memoryAfterLoad.rss.toFixed(0)} MiB after it. ` +
    (exportPeaks.length
      ? `Export processes: peak ${(Math.max(...exportPeaks) / 1024).toFixed(0)} MiB (${exportPeaks.length}).`
      : 'No export process ran (the load asks for no export).'),
);
say();
console.log(out.join('\n'));
