/**
 * GET /api/exports/ledger.xlsx (no filter: every item) against the same rows read without a
 * workbook, on a database loaded by run.sh. The export runs in the built server
 * (apps/api/dist/server.js), started here as a child process on a free port and called over HTTP
 * as the logged-in coordinator; the download is read as it arrives and counted, not kept. Its
 * peak memory is the child's VmHWM (/proc/<pid>/status). The baseline is the export's own
 * statements (services/ledger-export.ts: the counts, then per kind a cursor fetched 1,000 rows at
 * a time, in one REPEATABLE READ read-only transaction) run through `pg`, with nothing done with
 * the rows.
 * Prints Markdown: medians, the ratio, file size, memory; the last file is read back with
 * exceljs's streaming reader to check that every row is in it.
 *
 *   apps/api/node_modules/.bin/tsx bench/ledger-export/measure.ts postgres://…/<db>
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { createInterface } from 'node:readline';
import { finished, pipeline } from 'node:stream/promises';

import type ExcelJSType from 'exceljs';
import type Pg from 'pg';

import {
  EXPORT_BATCH_SIZE,
  EXPORT_SETTINGS,
  exportCloseSql,
  exportCountSql,
  exportCursorSql,
  exportFetchSql,
} from '../../apps/api/src/services/ledger-export';
import { ledgerDate } from '../../packages/domain/src/calendar';
import { listItemsDefaults } from '../../packages/domain/src/items';
import { logIn, processMemory, startBuiltServer } from '../lib/server';

// bench/ is no workspace package: `pg` and exceljs come from the API's dependencies.
const requireApi = createRequire(new URL('../../apps/api/package.json', import.meta.url));
const pg = requireApi('pg') as typeof Pg;
const ExcelJS = requireApi('exceljs') as typeof ExcelJSType;

const url = process.argv[2];
if (!url) throw new Error('usage: measure.ts <database url>');
const RUNS = Number(process.env.RUNS ?? 5);
const WARM_UP = 1;

// ───────────── The built server, as a child process ─────────────
const dataDir = await mkdtemp(join(tmpdir(), 'ledger-export-bench-'));
/** e.g. `--max-old-space-size=128`: V8 flags for the server, to see how far its heap's headroom goes. */
const serverFlags = (process.env.SERVER_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
// The server's log is read for the export process's peak memory (its 'ledger export ended'
// lines); warnings and errors go on to stderr with run.sh's progress; stdout is the Markdown.
const server = await startBuiltServer({ databaseUrl: url, dataDir, nodeFlags: serverFlags, stdout: 'pipe' });
const { base } = server;
/** Peak resident memory (MiB) of each export's own process, as the server logged it. */
const exportProcessPeaks: number[] = [];
createInterface({ input: server.child.stdout! }).on('line', (line) => {
  const entry = JSON.parse(line) as { level: number; msg: string; exportPeakRssKib?: number };
  if (entry.exportPeakRssKib !== undefined) exportProcessPeaks.push(entry.exportPeakRssKib / 1024);
  else if (entry.level >= 40) process.stderr.write(`${line}\n`);
});
const serverMemory = () => processMemory(server.pid);
const cookie = await logIn(base, 'coordinator');

const idle = await serverMemory();

/**
 * One download, read as it arrives; `keepTo` writes it to a file as well. Through node:http, the
 * lightest client: on a 2-core machine a heavier one (fetch's web streams) takes CPU time from
 * the server it measures.
 */
async function download(keepTo?: string): Promise<number> {
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    httpGet(`${base}/api/exports/ledger.xlsx`, { headers: { cookie } }, resolve).once('error', reject),
  );
  if (response.statusCode !== 200) throw new Error(`export: ${response.statusCode}`);
  let bytes = 0;
  response.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  if (keepTo) await pipeline(response, createWriteStream(keepTo));
  else await finished(response.resume());
  return bytes;
}

// ───────────── The baseline: the export's statements, no workbook ─────────────
const pool = new pg.Pool({ connectionString: url, max: 2 });
const today = ledgerDate();

async function baseline(): Promise<{ tasks: number; petitions: number }> {
  const client = await pool.connect();
  const run = (sql: { text: string; values: unknown[] }) => client.query(sql.text, sql.values);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const setting of EXPORT_SETTINGS) await run(setting);
    const counts = { TASK: 0, PETITION: 0 };
    for (const row of (await run(exportCountSql(listItemsDefaults, { kind: 'any' }, today))).rows) {
      counts[row.kind as 'TASK' | 'PETITION'] = row.count;
    }
    for (const kind of ['TASK', 'PETITION'] as const) {
      if (counts[kind] === 0) continue;
      await run(exportCursorSql(kind, listItemsDefaults, { kind: 'any' }, today));
      // Rows as arrays, as the export process fetches them (services/ledger-workbook-writer.ts).
      const fetchRows = () => client.query({ text: exportFetchSql.text, values: [], rowMode: 'array' });
      while ((await fetchRows()).rows.length === EXPORT_BATCH_SIZE);
      await run(exportCloseSql);
    }
    await client.query('COMMIT');
    return { tasks: counts.TASK, petitions: counts.PETITION };
  } finally {
    client.release();
  }
}

// ───────────── Timing ─────────────
async function time<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await run();
  return [(performance.now() - start) / 1000, result];
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const exportTimes: number[] = [];
const baselineTimes: number[] = [];
let fileBytes = 0;
let counts = { tasks: 0, petitions: 0 };
const keptDir = await mkdtemp(join(tmpdir(), 'ledger-export-file-'));
const kept = join(keptDir, 'ledger.xlsx');
for (let run = 0; run < WARM_UP + RUNS; run++) {
  // Interleaved, so that both meet the same cache and the same neighbours on the machine.
  const last = run === WARM_UP + RUNS - 1;
  const [exportSeconds, bytes] = await time(() => download(last ? kept : undefined));
  const [baselineSeconds, found] = await time(baseline);
  if (run >= WARM_UP) {
    exportTimes.push(exportSeconds);
    baselineTimes.push(baselineSeconds);
  }
  fileBytes = bytes;
  counts = found;
}
const memory = await serverMemory();

// ───────────── The last file, read back ─────────────
const rowsBySheet: Record<string, number> = {};
const reader = new ExcelJS.stream.xlsx.WorkbookReader(kept, { worksheets: 'emit', sharedStrings: 'ignore' });
for await (const worksheet of reader) {
  let rows = 0;
  for await (const _row of worksheet) rows += 1;
  rowsBySheet[(worksheet as unknown as { name: string }).name] = rows;
}
const HEAD_ROWS = 3;
const readBack = Object.values(rowsBySheet).map((rows) => rows - HEAD_ROWS);
const complete = readBack[0] === counts.tasks && readBack[1] === counts.petitions;

const items = counts.tasks + counts.petitions;
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const exportMedian = median(exportTimes);
const baselineMedian = median(baselineTimes);
console.log(
  `## ${items.toLocaleString('en')} items (${counts.tasks.toLocaleString('en')} tasks, ${counts.petitions.toLocaleString('en')} petitions; ${RUNS} runs after ${WARM_UP} warm-up${serverFlags.length ? `; server: node ${serverFlags.join(' ')}` : ''})\n`,
);
console.log('| what | median (s) | min (s) | max (s) |');
console.log('| --- | ---: | ---: | ---: |');
const row = (name: string, times: number[]) =>
  console.log(
    `| ${name} | ${median(times).toFixed(2)} | ${Math.min(...times).toFixed(2)} | ${Math.max(...times).toFixed(2)} |`,
  );
row('export: GET /api/exports/ledger.xlsx (built server, HTTP, whole download)', exportTimes);
row("baseline: the export's statements through pg, no workbook", baselineTimes);
console.log(
  `\n**Ratio export / baseline: ${(exportMedian / baselineMedian).toFixed(2)}.** ` +
    `File ${mib(fileBytes)} MiB. Server RSS ${idle.rss.toFixed(0)} MiB idle after login, ` +
    `peak ${memory.peak.toFixed(0)} MiB (VmHWM over all ${WARM_UP + RUNS} exports), ${memory.rss.toFixed(0)} MiB after. ` +
    `**Export process peak RSS: median ${median(exportProcessPeaks).toFixed(0)} MiB, ` +
    `max ${Math.max(...exportProcessPeaks).toFixed(0)} MiB** (its own VmHWM, ${exportProcessPeaks.length} exports). ` +
    `Read back: ${readBack.map((rows) => rows.toLocaleString('en')).join(' + ')} data rows — ${complete ? 'all there' : 'MISSING ROWS'}.\n`,
);

await server.stop();
await pool.end();
await rm(keptDir, { recursive: true, force: true });
await rm(dataDir, { recursive: true, force: true });
if (!complete) process.exitCode = 1;
