/**
 * The ledger workbook (台账 Excel, `GET /api/exports/ledger.xlsx`): every item the ledger list's
 * filters find, tasks on one sheet and petitions on the other, in the columns of
 * packages/domain/src/ledger-workbook.ts and in the list's order (docs/ledger-workbook.md).
 *
 * One consistent snapshot: the whole read is one REPEATABLE READ transaction, read-only, whose
 * start is the file's 数据截至. In it, one narrow statement counts the matches by kind (the
 * list's conditions, services/ledger.ts), then for each kind a cursor runs one statement — the
 * same conditions and the list's ORDER BY, with the unit names and the latest progress text — and
 * the rows are fetched EXPORT_BATCH_SIZE at a time and written into exceljs's streaming writer as
 * they come (packages/documents/src/xlsx-stream.ts): memory stays flat however many rows there
 * are. The next batch is fetched while the current one is written. This file builds the
 * statements and starts the export; ledger-workbook-writer.ts runs them and writes the workbook —
 * on PostgreSQL in a process of its own (ledger-export-process.ts, ADR 013).
 *
 * Why a cursor rather than the ordered ids and then the rows id by id: at 100,000 items that is
 * 100,000 × five index lookups, 6.5 s to read on the benchmark machine; one statement per kind
 * lets PostgreSQL join whole tables and sort once (2.9 s, fetches included). The planner is
 * told to plan the cursor for all of its rows (cursor_tuple_fraction = 1: by default it favours
 * the first rows) and JIT is off (compiling the statement took longer than running it).
 * bench/ledger-export has the figures.
 *
 * The audit record (`export.ledger`: filters, counts, 数据截至) is committed before the first byte
 * is sent, on the server's connection. The embedded database has only one connection, which the
 * snapshot holds: there the record is written inside the snapshot's transaction (nothing else can
 * run on that database meanwhile, so the audit chain cannot fork) and commits with it.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { appendAudit, type AuditEntry } from '@ledger/db/audit';
import { Prisma, type PrismaClient } from '@ledger/db/client';
import { LEDGER_TIME_ZONE } from '@ledger/domain/calendar';
import { formatDateTime } from '@ledger/domain/format';
import type { ListItemsQuery } from '@ledger/domain/items';
import { describeLedgerFilters } from '@ledger/domain/ledger-filters';

import type { ExportJob, ExportMessage } from '../ledger-export-process';
import { ledgerConditions, ledgerOrderSql, unitNames, type LedgerReadScope } from './ledger';
import {
  countExport,
  EXPORT_BATCH_SIZE,
  exportSubtitle,
  writeWorkbook,
  type ExportRunner,
  type ExportStatements,
  type ItemKind,
  type SqlText,
} from './ledger-workbook-writer';
import type { ActingUser } from './progress';

export { EXPORT_BATCH_SIZE };

export const LEDGER_XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `整改台账_20261129-1205.xlsx`: when it was made, on a Beijing clock. */
export function ledgerWorkbookFileName(generatedAt: Date): string {
  const [date, time] = formatDateTime(generatedAt).split(' ') as [string, string];
  return `整改台账_${date.replaceAll('-', '')}-${time.replace(':', '')}.xlsx`;
}

// ───────────────────────────── The statements ─────────────────────────────

/** How many items of each kind the filters find: the snapshot's first statement. */
export function exportCountSql(query: ListItemsQuery, scope: LedgerReadScope, today: Date): Prisma.Sql {
  return Prisma.sql`SELECT i."kind"::text AS "kind", count(*)::int AS "count" FROM "LedgerItem" i
    WHERE ${ledgerConditions(query, scope, today)}
    GROUP BY i."kind"`;
}

const isoDate = (column: string) => Prisma.raw(`to_char(${column}, 'YYYY-MM-DD')`);

/**
 * What both kinds' rows carry. Columns are named after the layout's keys (`"task.target"`), so a
 * row's values are looked up by its columns' keys.
 */
const commonColumns = Prisma.sql`i."number", i."title", i."leadLeaderName", lead."name" AS "leadUnit",
  ARRAY(SELECT u."name" FROM "ItemCooperatingUnit" c JOIN "Unit" u ON u."id" = c."unitId"
        WHERE c."itemId" = i."id" ORDER BY u."sortOrder", u."name") AS "cooperatingUnits",
  i."responsiblePersonName", i."responsiblePersonPhone",
  ${isoDate('i."deadline"')} AS "deadline", ${isoDate('i."warningDate"')} AS "warningDate",
  i."timeLimitType"::text AS "timeLimitType", i."isPublic",
  ${isoDate('i."originalDeadline"')} AS "originalDeadline",
  i."latestProgressPercent", ${isoDate('i."lastProgressOn"')} AS "lastProgressOn",
  (SELECT e."content" FROM "ProgressEntry" e WHERE e."itemId" = i."id"
    ORDER BY e."reportedOn" DESC, e."createdAt" DESC, e."id" DESC LIMIT 1) AS "latestProgress",
  i."status"::text AS "status", ${isoDate('i."closedOn"')} AS "closedOn", i."reboundCount",
  ${isoDate(`(i."createdAt" AT TIME ZONE '${LEDGER_TIME_ZONE}')::date`)} AS "registeredOn"`;

const kindColumns: Record<ItemKind, Prisma.Sql> = {
  TASK: Prisma.sql`t."inspectionRound"::text AS "task.inspectionRound", t."feedbackText" AS "task.feedbackText",
    t."category"::text AS "task.category", t."target" AS "task.target", t."measures" AS "task.measures",
    t."closureStandard" AS "task.closureStandard"`,
  PETITION: Prisma.sql`p."batch" AS "petition.batch", ${isoDate('p."handedOverOn"')} AS "petition.handedOverOn",
    p."isKeyCase" AS "petition.isKeyCase", p."duplicateOfNumber" AS "petition.duplicateOfNumber",
    p."complaintSummary" AS "petition.complaintSummary", area."name" AS "petition.area",
    p."pollutionTypes"::text[] AS "petition.pollutionTypes",
    p."investigationFindings" AS "petition.investigationFindings", p."verdict"::text AS "petition.verdict",
    p."handling" AS "petition.handling", p."orderedToRectify" AS "petition.orderedToRectify",
    p."penaltyCases" AS "petition.penaltyCases",
    p."finesTenThousandYuan"::float8 AS "petition.finesTenThousandYuan",
    p."criminalInvestigations" AS "petition.criminalInvestigations",
    p."administrativeDetentions" AS "petition.administrativeDetentions",
    p."criminalDetentions" AS "petition.criminalDetentions", p."interviews" AS "petition.interviews",
    p."accountablePersons" AS "petition.accountablePersons", p."handlingState"::text AS "handlingState",
    p."signerName" AS "petition.signerName"`,
};

const kindJoins: Record<ItemKind, Prisma.Sql> = {
  TASK: Prisma.sql`JOIN "TaskDetail" t ON t."itemId" = i."id"`,
  PETITION: Prisma.sql`JOIN "PetitionDetail" p ON p."itemId" = i."id"
    JOIN "Unit" area ON area."id" = p."areaUnitId"`,
};

/** The cursor's name: one per kind, opened and closed one after the other in the snapshot. */
export const EXPORT_CURSOR = 'ledger_export';

/**
 * Settings of the snapshot's transaction for the cursor's statement: planned for all its rows,
 * without JIT (see the file's comment).
 */
export const EXPORT_SETTINGS = [
  Prisma.sql`SET LOCAL cursor_tuple_fraction = 1`,
  Prisma.sql`SET LOCAL jit = off`,
];

/** Opens the cursor over one kind's rows: the list's conditions and order. */
export function exportCursorSql(
  kind: ItemKind,
  query: ListItemsQuery,
  scope: LedgerReadScope,
  today: Date,
): Prisma.Sql {
  return Prisma.sql`DECLARE ${Prisma.raw(EXPORT_CURSOR)} NO SCROLL CURSOR FOR
    SELECT ${commonColumns}, ${kindColumns[kind]}
    FROM "LedgerItem" i
    JOIN "Unit" lead ON lead."id" = i."leadUnitId"
    ${kindJoins[kind]}
    WHERE i."kind" = ${Prisma.raw(`'${kind}'`)} AND ${ledgerConditions(query, scope, today)}
    ORDER BY ${ledgerOrderSql(query)}`;
}

export const exportFetchSql = Prisma.raw(`FETCH ${EXPORT_BATCH_SIZE} FROM ${EXPORT_CURSOR}`);
export const exportCloseSql = Prisma.raw(`CLOSE ${EXPORT_CURSOR}`);

/** A statement as plain data (Prisma.Sql's `text` is a getter): it travels to the export process as JSON. */
const sqlText = (sql: Prisma.Sql): SqlText => ({ text: sql.text, values: sql.values });

/** Everything the export of these filters runs, in order (ledger-workbook-writer.ts runs them). */
export function exportStatements(
  query: ListItemsQuery,
  scope: LedgerReadScope,
  today: Date,
): ExportStatements {
  return {
    settings: EXPORT_SETTINGS.map(sqlText),
    count: sqlText(exportCountSql(query, scope, today)),
    cursors: {
      TASK: sqlText(exportCursorSql('TASK', query, scope, today)),
      PETITION: sqlText(exportCursorSql('PETITION', query, scope, today)),
    },
    fetch: sqlText(exportFetchSql),
    close: sqlText(exportCloseSql),
  };
}

// ───────────────────────────── The export ─────────────────────────────

export interface LedgerExportRequest {
  /** the list's filters; page and pageSize, if any, are ignored */
  query: ListItemsQuery;
  scope: LedgerReadScope;
  /** the app's ledger date (`app.ledgerToday()`) */
  today: Date;
  actor: ActingUser;
  ip: string;
}

export interface LedgerExportStarted {
  fileName: string;
  tasks: number;
  petitions: number;
  dataAsOf: Date;
  /** the workbook's bytes, written as the rows are read; destroy it to stop the export */
  stream: Readable;
  /** settles when the export ends: 'complete', 'aborted' (the stream was destroyed), or the failure */
  finished: Promise<ExportOutcome>;
}

export interface ExportOutcome {
  outcome: 'complete' | 'aborted';
  /** the export process's peak resident memory (KiB); absent when the export ran in the server */
  peakRssKib?: number;
}

/** What the export database is: its address, and whether it takes a second connection. */
export interface ExportDatabase {
  prisma: PrismaClient;
  url: string;
  singleConnection: boolean;
}

/** The filters as the audit record keeps them: what was set, without paging. */
function auditedFilters(query: ListItemsQuery): Partial<ListItemsQuery> {
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

function auditEntry(
  request: LedgerExportRequest,
  { counts, dataAsOf }: Awaited<ReturnType<typeof countExport>>,
) {
  return {
    actor: { id: request.actor.id, name: request.actor.name },
    action: 'export.ledger',
    entityType: 'LedgerItem',
    after: {
      filters: auditedFilters(request.query),
      tasks: counts.TASK,
      petitions: counts.PETITION,
      dataAsOf: dataAsOf.toISOString(),
    },
    ip: request.ip,
  } satisfies AuditEntry;
}

/** The title block's words for the filters and the caller's scope. */
async function filterLines(prisma: PrismaClient, { query, scope }: LedgerExportRequest): Promise<string[]> {
  const unit = scope.kind === 'unit' ? scope.unitId : undefined;
  const names = await unitNames(prisma, [query.unitId, query.leadUnitId, unit]);
  return [
    `筛选条件：${describeLedgerFilters(query, (id) => names.get(id))}`,
    ...(unit ? [`范围：${names.get(unit) ?? '本单位'}牵头或配合的事项`] : []),
  ];
}

/**
 * Counts the rows, writes the audit record and answers once the file is ready to be sent; the
 * rows are then read and written into `stream` while the caller sends it. A failure before that
 * rejects (nothing was sent, nothing audited); a failure after it destroys the stream and
 * settles `finished` with it.
 *
 * On PostgreSQL the work runs in a process of its own (ledger-export-process.ts, ADR 013): the
 * server only passes the bytes on, so a large export neither grows the server's memory nor
 * holds its event loop. The embedded database takes one connection, which the server holds:
 * there the same code runs inside the server, on a Prisma transaction.
 */
export async function startLedgerExport(
  db: ExportDatabase,
  request: LedgerExportRequest,
): Promise<LedgerExportStarted> {
  const job = {
    statements: exportStatements(request.query, request.scope, request.today),
    filterLines: await filterLines(db.prisma, request),
    today: request.today.toISOString(),
    creator: request.actor.name,
  };
  return db.singleConnection ? exportInServer(db.prisma, request, job) : exportInOwnProcess(db, request, job);
}

type JobWithoutDatabase = Omit<ExportJob, 'databaseUrl'>;

function startedWith(
  counted: Awaited<ReturnType<typeof countExport>>,
  generatedAt: Date,
  stream: Readable,
  finished: Promise<ExportOutcome>,
): LedgerExportStarted {
  return {
    fileName: ledgerWorkbookFileName(generatedAt),
    tasks: counted.counts.TASK,
    petitions: counted.counts.PETITION,
    dataAsOf: counted.dataAsOf,
    stream,
    finished,
  };
}

// ───────────────────────────── In its own process ─────────────────────────────

/**
 * V8's old generation of the export process: the export keeps a few batches of rows alive at a
 * time, and a tight heap makes V8 collect them instead of growing (bench/ledger-export).
 */
const EXPORT_PROCESS_HEAP_MB = 128;

/** How the export process is started: the bundle's sibling file, or the source through tsx. */
function exportProcessCommand(): { args: string[]; cwd: string } {
  const heap = `--max-old-space-size=${EXPORT_PROCESS_HEAP_MB}`;
  if (import.meta.url.endsWith('.ts')) {
    // Development and tests run the TypeScript source (apps/api/src/services/…): tsx runs it.
    const source = fileURLToPath(new URL('../ledger-export-process.ts', import.meta.url));
    return { args: [heap, '--import', 'tsx', source], cwd: fileURLToPath(new URL('../..', import.meta.url)) };
  }
  // The server bundle (dist/server.js) has the export process beside it (tsup.config.ts).
  const bundled = fileURLToPath(new URL('./ledger-export-process.js', import.meta.url));
  return { args: [heap, bundled], cwd: fileURLToPath(new URL('.', import.meta.url)) };
}

function exportInOwnProcess(
  db: ExportDatabase,
  request: LedgerExportRequest,
  job: JobWithoutDatabase,
): Promise<LedgerExportStarted> {
  const { args, cwd } = exportProcessCommand();
  const child = spawn(process.execPath, args, { cwd, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  const messages = createInterface({ input: child.stdio[3] as Readable });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const failure = (what: string) =>
    new Error(`ledger export process ${what}${stderr ? `: ${stderr.trim()}` : ''}`);
  // Whoever stops reading (a client gone) stops the process: nobody would take the rest.
  child.stdout.once('close', () => {
    if (!child.stdout.readableEnded && child.exitCode === null) child.kill('SIGTERM');
  });

  return new Promise<LedgerExportStarted>((resolveStarted, rejectStarted) => {
    let started = false;
    let done: ExportOutcome | undefined;
    let error: string | undefined;
    const finished = exited.then((code) => {
      if (done) return done;
      if (child.stdout.destroyed && !child.stdout.readableEnded) return { outcome: 'aborted' as const };
      throw failure(error ?? `stopped (exit ${code})`);
    });
    finished.catch((reason: unknown) => {
      if (!started) rejectStarted(reason);
      else child.stdout.destroy(reason instanceof Error ? reason : new Error(String(reason)));
    });
    child.on('error', (spawnError) => rejectStarted(spawnError));

    messages.on('line', (line) => {
      const message = JSON.parse(line) as ExportMessage;
      if (message.type === 'error') error = message.message;
      if (message.type === 'done') done = { outcome: message.outcome, peakRssKib: message.peakRssKib };
      if (message.type !== 'counted') return;
      const counted = { counts: message.counts, dataAsOf: new Date(message.dataAsOf) };
      void (async () => {
        // Committed before the first byte is sent, on the server's own connection.
        await db.prisma.$transaction((tx) => appendAudit(tx, auditEntry(request, counted)));
        // 生成时间: when the file starts to be written, never before its 数据截至.
        const generatedAt = new Date();
        child.stdin.end(`${JSON.stringify({ generatedAt: generatedAt.toISOString() })}\n`);
        started = true;
        resolveStarted(startedWith(counted, generatedAt, child.stdout, finished));
      })().catch((auditError: unknown) => {
        child.kill('SIGTERM');
        rejectStarted(auditError);
      });
    });
    child.stdin.write(`${JSON.stringify({ ...job, databaseUrl: db.url } satisfies ExportJob)}\n`);
  });
}

// ───────────────────────────── In the server (embedded database) ─────────────────────────────

/** The snapshot stays open while the file is sent: a slow download of a large ledger may take long. */
const EXPORT_TRANSACTION_TIMEOUT_MS = 30 * 60_000;

function exportInServer(
  prisma: PrismaClient,
  request: LedgerExportRequest,
  job: JobWithoutDatabase,
): Promise<LedgerExportStarted> {
  const output = new PassThrough();
  return new Promise<LedgerExportStarted>((resolveStarted, rejectStarted) => {
    let started = false;
    const finished = prisma.$transaction(
      async (tx) => {
        // A Prisma query starts when it is awaited or `then`-ed: Promise.resolve sends it now.
        const query = <Row>(sql: SqlText) =>
          Promise.resolve(tx.$queryRawUnsafe<Row[]>(sql.text, ...sql.values));
        const runner: ExportRunner = {
          query,
          queryArrays: async (sql) => {
            const rows = await query<Record<string, unknown>>(sql);
            const fields = rows[0] ? Object.keys(rows[0]) : [];
            return { fields, rows: rows.map((row) => fields.map((field) => row[field])) };
          },
        };
        const counted = await countExport(runner, job.statements);
        // The only connection is this transaction's: the record commits with it, and nothing
        // else can run on the database meanwhile, so the audit chain cannot fork.
        await appendAudit(tx, auditEntry(request, counted));
        const generatedAt = new Date();
        started = true;
        resolveStarted(startedWith(counted, generatedAt, output, finished));
        const outcome = await writeWorkbook(runner, output, {
          counts: counted.counts,
          statements: job.statements,
          subtitle: exportSubtitle(generatedAt, counted.dataAsOf, job.filterLines),
          today: request.today,
          creator: job.creator,
          generatedAt,
        });
        return { outcome };
      },
      {
        isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
        timeout: EXPORT_TRANSACTION_TIMEOUT_MS,
      },
    );
    finished.catch((error: unknown) => {
      if (started) output.destroy(error instanceof Error ? error : new Error(String(error)));
      else rejectStarted(error);
    });
  });
}
