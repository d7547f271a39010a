/**
 * The import preview of a 10,000-row ledger workbook, on a database loaded by run.sh (migrated,
 * demo seed). The API's own app (apps/api/src/app.ts) runs in this process over that database
 * and is called with fastify's inject as the logged-in coordinator: multipart upload, the file
 * checks, the streaming read, the plan against the ledger, the stored preview and its answer.
 *
 * 1. The ledger gets 5,000 items through the import itself (a preview, then a commit — timed).
 * 2. The workbook: both sheets, 10,000 rows — those 5,000 numbers (half of them with an edited
 *    cell, so updates are computed) and 5,000 new ones — written by exceljs's streaming writer
 *    with dates as dates, as an export is.
 * 3. Timed, interleaved, after a warm-up: the preview (POST /api/imports), and as the baseline
 *    exceljs's streaming reader going through the same file touching every cell, without any
 *    check or validation. Prints Markdown: medians, p95, the ratio, and the preview's counts.
 *
 *   apps/api/node_modules/.bin/tsx bench/import-preview/measure.ts postgres://…/<db>
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PassThrough, Readable } from 'node:stream';

import type ExcelJSType from 'exceljs';

import { buildApp } from '../../apps/api/src/app';
import { openDatabase } from '../../packages/db/src/database';
import { DEMO_PASSWORD } from '../../packages/db/src/seed/accounts';
import type { ImportView } from '../../packages/domain/src/imports';
import {
  formatCell,
  petitionSheet,
  taskSheet,
  type WorkbookSheet,
} from '../../packages/domain/src/ledger-workbook';

// bench/ is no workspace package: exceljs comes from the API's dependencies.
const ExcelJS = createRequire(new URL('../../apps/api/package.json', import.meta.url))(
  'exceljs',
) as typeof ExcelJSType;

const url = process.argv[2];
if (!url) throw new Error('usage: measure.ts <database url>');
const RUNS = Number(process.env.RUNS ?? 7);
const WARM_UP = 1;
const ROWS = 10_000;
const EXISTING = ROWS / 2;

const silent = { info: () => {}, warn: () => {} };
const db = await openDatabase({ databaseUrl: url, dataDir: '', logger: silent });
const evidenceDir = await mkdtemp(join(tmpdir(), 'bench-import-'));
const app = await buildApp({
  db,
  evidence: { dir: evidenceDir, maxBytes: 1 },
  // The demo coordinator logs in without a second factor only in demo mode.
  demoMode: true,
});
await app.ready();

const login = await app.inject({
  method: 'POST',
  url: '/api/auth/login',
  payload: { username: 'coordinator', password: DEMO_PASSWORD },
});
if (login.statusCode !== 200) throw new Error(`login: ${login.body}`);
const cookie = `ledger_session=${login.cookies.find((candidate) => candidate.name === 'ledger_session')!.value}`;

// ───────────── Realistic rows ─────────────
const units = (
  await db.prisma.unit.findMany({
    where: { type: { not: 'COORDINATION_GROUP' } },
    orderBy: { sortOrder: 'asc' },
  })
).map((unit) => ({ name: unit.name, street: unit.type === 'STREET' }));
const streets = units.filter((unit) => unit.street);
const phrases = [
  '运河沿线部分排口雨污混接，旱天仍有污水直排',
  '建筑工地扬尘防治措施落实不到位，渣土车未密闭运输',
  '餐饮油烟净化设施未正常运行，夜间油烟扰民',
  '工业园区挥发性有机物无组织排放，周边异味明显',
  '河道沿岸垃圾堆放，汛期存在入河风险',
  '危险废物贮存场所不规范，台账记录缺失',
];
const pick = <T>(list: readonly T[], index: number) => list[index % list.length]!;
const day = (offset: number) => new Date(Date.UTC(2027, 0, 1) + (offset % 1_500) * 86_400_000);

/** Field values of row `index` of a kind, by column key (as the workbook holds them). */
function fields(kind: 'TASK' | 'PETITION', index: number, edited: boolean): Record<string, unknown> {
  const lead = pick(units, index * 7);
  const common = {
    number: `${kind === 'TASK' ? 'BT' : 'BP'}-${String(index).padStart(6, '0')}`,
    title: `${pick(phrases, index)}（${index}）`,
    leadLeaderName: pick(['王副区长', '李副区长', '张副区长'], index),
    leadUnit: lead.name,
    cooperatingUnits: [pick(units, index * 7 + 3).name, pick(units, index * 7 + 5).name].filter(
      (name) => name !== lead.name,
    ),
    responsiblePersonName: pick(['陈华', '李明', '赵婷', '周强'], index),
    responsiblePersonPhone: `0571-8${String(8_000_000 + index).slice(-7)}`,
    deadline: day(index * 13),
    warningDate: null,
    timeLimitType: pick(['IMMEDIATE', 'SHORT_TERM', 'MEDIUM_TERM', 'LONG_TERM'], index),
    isPublic: index % 3 === 0,
  };
  if (kind === 'TASK') {
    return {
      ...common,
      'task.inspectionRound': pick(['FIRST_ROUND', 'LOOK_BACK', 'SECOND_ROUND'], index),
      'task.feedbackText': `${pick(phrases, index + 1)}。督察组指出：相关责任单位对问题整改重视不够，整改措施针对性不强，部分点位存在反弹。`,
      'task.category': pick(['AIR', 'WATER', 'SOIL', 'SOLID_WASTE', 'NOISE', 'ECOLOGY'], index),
      'task.target': edited
        ? `提前完成：${pick(phrases, index)}问题全面整改到位。`
        : `${pick(phrases, index)}问题全面整改到位。`,
      'task.measures': [
        '开展全面排查，建立问题清单',
        '落实整改责任，明确时间节点',
        '加强日常巡查，防止问题反弹',
      ],
      'task.closureStandard': '问题点位全部整改到位，经现场核查无反弹，群众满意。',
    };
  }
  return {
    ...common,
    'petition.batch': 1 + (index % 20),
    'petition.handedOverOn': day(index),
    'petition.isKeyCase': index % 10 === 0,
    'petition.duplicateOfNumber': null,
    'petition.complaintSummary': `群众反映：${pick(phrases, index + 2)}，影响周边居民正常生活。`,
    'petition.area': pick(streets, index).name,
    'petition.pollutionTypes': [pick(['WATER', 'AIR', 'NOISE', 'CATERING_FUMES', 'DUST'], index)],
    'petition.investigationFindings': '经现场核查，反映情况基本属实。',
    'petition.verdict': pick(['TRUE', 'MOSTLY_TRUE', 'PARTLY_TRUE', 'FALSE'], index),
    'petition.handling': edited ? '已责令停业整改，并处罚款。' : '已责令限期整改。',
    'petition.orderedToRectify': index % 4,
    'petition.penaltyCases': index % 2,
    'petition.finesTenThousandYuan': (index % 5) * 0.5,
    'petition.criminalInvestigations': 0,
    'petition.administrativeDetentions': 0,
    'petition.criminalDetentions': 0,
    'petition.interviews': index % 3,
    'petition.accountablePersons': 0,
    'petition.signerName': pick(['张主任', '刘局长'], index),
  };
}

/** A workbook of the given rows per kind, written by the streaming writer. */
async function workbook(
  rows: { kind: 'TASK' | 'PETITION'; index: number; edited: boolean }[],
): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useSharedStrings: true,
    useStyles: true,
  });
  for (const layout of [taskSheet, petitionSheet] as WorkbookSheet[]) {
    const columns = layout.columns.filter((column) => !column.exportOnly);
    const sheet = writer.addWorksheet(layout.name);
    sheet.columns = columns.map((column) => ({
      width: column.width ?? 12,
      style: column.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
    }));
    sheet.addRow([layout.title]).commit();
    sheet.addRow(columns.map((column) => column.header)).commit();
    for (const row of rows.filter((candidate) => candidate.kind === layout.kind)) {
      const values = fields(row.kind, row.index, row.edited);
      sheet
        .addRow(
          columns.map((column) => {
            const value = values[column.key];
            if (value instanceof Date) return value;
            return formatCell(column, (value ?? null) as never);
          }),
        )
        .commit();
    }
    sheet.commit();
  }
  await writer.commit();
  return Buffer.concat(chunks);
}

function form(content: Buffer) {
  const boundary = '----ledgerbench';
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.xlsx"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

async function preview(content: Buffer): Promise<ImportView> {
  const response = await app.inject({ method: 'POST', url: '/api/imports', ...form(content) });
  if (response.statusCode !== 201)
    throw new Error(`preview: ${response.statusCode} ${response.body.slice(0, 500)}`);
  return response.json<ImportView>();
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

// ───────────── 1. The ledger's 5,000 items, through the import ─────────────
const existingRows = Array.from({ length: EXISTING }, (_, index) => ({
  kind: index % 2 === 0 ? ('TASK' as const) : ('PETITION' as const),
  index,
  edited: false,
}));
const seeding = await preview(await workbook(existingRows));
if (seeding.status !== 'PREVIEWED')
  throw new Error(
    `seeding preview: ${JSON.stringify(seeding.counts)} ${JSON.stringify(seeding.fileProblems)}`,
  );
const commitStart = performance.now();
const started = await app.inject({
  method: 'POST',
  url: `/api/imports/${seeding.id}/commit`,
  headers: { cookie },
});
if (started.statusCode !== 202) throw new Error(`commit: ${started.body}`);
let committed: ImportView;
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  const response = await app.inject({
    method: 'GET',
    url: `/api/imports/${seeding.id}`,
    headers: { cookie },
  });
  committed = response.json<ImportView>();
  if (committed.status !== 'COMMITTING') break;
}
const commitMs = performance.now() - commitStart;
if (committed.status !== 'COMMITTED') throw new Error(`commit: ${committed.status} ${committed.error}`);

// ───────────── 2. The 10,000-row workbook ─────────────
const rows = [
  // the 5,000 items, every other one with an edited cell (整改目标 / 处理和整改情况)
  ...existingRows.map((row) => ({ ...row, edited: row.index % 4 < 2 })),
  ...Array.from({ length: ROWS - EXISTING }, (_, offset) => ({
    kind: offset % 2 === 0 ? ('TASK' as const) : ('PETITION' as const),
    index: EXISTING + offset,
    edited: false,
  })),
];
const file = await workbook(rows);

// ───────────── 3. Timing ─────────────
async function baseline(): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let cells = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) row.eachCell(() => (cells += 1));
  }
  return cells;
}

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
const rssBefore = process.memoryUsage().rss;
let rssHighest = rssBefore;
const sampler = setInterval(() => {
  rssHighest = Math.max(rssHighest, process.memoryUsage().rss);
}, 20);
const times = { preview: [] as number[], baseline: [] as number[] };
let last: ImportView | undefined;
let cells = 0;
for (let run = 0; run < WARM_UP + RUNS; run++) {
  // Interleaved, so that both meet the same cache and the same neighbours on the machine.
  let start = performance.now();
  last = await preview(file);
  if (run >= WARM_UP) times.preview.push(performance.now() - start);
  start = performance.now();
  cells = await baseline();
  if (run >= WARM_UP) times.baseline.push(performance.now() - start);
}
clearInterval(sampler);
const stats = (measured: number[]) => {
  const sorted = [...measured].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
};
const measured = { preview: stats(times.preview), baseline: stats(times.baseline) };

console.log(
  `## Import preview of ${ROWS.toLocaleString('en')} rows (${(file.length / 1024 / 1024).toFixed(1)} MB, ${cells.toLocaleString('en')} cells; ${RUNS} runs after ${WARM_UP} warm-up)\n`,
);
console.log('| what | median (s) | p95 (s) |');
console.log('| --- | ---: | ---: |');
console.log(
  `| POST /api/imports (preview, stored) | ${seconds(measured.preview.median)} | ${seconds(measured.preview.p95)} |`,
);
console.log(
  `| exceljs streaming read, every cell, no checks | ${seconds(measured.baseline.median)} | ${seconds(measured.baseline.p95)} |`,
);
console.log(
  `\n**Ratio preview / bare read: ${(measured.preview.median / measured.baseline.median).toFixed(1)} (median). Target: preview < 5 s — ${measured.preview.median < 5000 ? 'met' : 'NOT MET'}.**`,
);
console.log(`\nThe preview's counts: \`${JSON.stringify(last!.counts)}\` (status ${last!.status}).`);
console.log(
  `Loading the ${EXISTING.toLocaleString('en')} existing items through the import: commit ${seconds(commitMs)} s (${committed.progress.done.toLocaleString('en')} rows in one transaction).`,
);
console.log(
  `RSS of this process (app and benchmark): ${megabytes(rssBefore)} MB before the timed runs, at most ${megabytes(rssHighest)} MB during them (sampled every 20 ms); peak over the whole run ${Math.round(process.resourceUsage().maxRSS / 1024)} MB.\n`,
);

await app.close();
await db.close();
await rm(evidenceDir, { recursive: true, force: true });
