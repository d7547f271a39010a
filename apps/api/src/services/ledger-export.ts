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
 * are. The next batch is fetched while the current one is written.
 *
 * Why a cursor rather than the ordered ids and then the rows id by id: at 100,000 items that is
 * 100,000 × five index lookups, 6.5 s to read on the benchmark machine; one statement per kind
 * lets PostgreSQL join whole tables and sort once (2.9 s, fetches included). The planner is
 * told to plan the cursor for all of its rows (cursor_tuple_fraction = 1: by default it favours
 * the first rows) and JIT is off (compiling the statement took longer than running it).
 * bench/ledger-export has the figures.
 *
 * The audit record (`export.ledger`: filters, counts, 数据截至) is committed before the first byte
 * is sent, on its own connection. The embedded database has only one connection, which the
 * snapshot holds: there the record is written inside the snapshot's transaction (nothing else can
 * run on that database meanwhile, so the audit chain cannot fork) and commits with it.
 */
import { PassThrough, type Readable } from 'node:stream';

import { appendAudit, type AuditEntry } from '@ledger/db/audit';
import { Prisma, type PrismaClient } from '@ledger/db/client';
import { LEDGER_TIME_ZONE } from '@ledger/domain/calendar';
import { formatDateTime } from '@ledger/domain/format';
import { scheduleStateOf, type ListItemsQuery } from '@ledger/domain/items';
import { describeLedgerFilters } from '@ledger/domain/ledger-filters';
import {
  formatCell,
  petitionSheet,
  taskSheet,
  type WorkbookColumn,
  type WorkbookSheet,
  type WorkbookValue,
} from '@ledger/domain/ledger-workbook';
import { hasPermission, type Actor } from '@ledger/domain/permissions';
import { GAP, timesLine } from '@ledger/documents/format';
import type { CellValue, ColumnKind, SheetColumn } from '@ledger/documents/xlsx';
import { StreamingWorkbook } from '@ledger/documents/xlsx-stream';

import { ledgerConditions, ledgerOrderSql, type LedgerReadScope } from './ledger';
import type { ActingUser } from './progress';

type Tx = Prisma.TransactionClient;
type ItemKind = WorkbookSheet['kind'];

export const LEDGER_XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Rows per fetch: large enough that round trips do not count, small enough to stay flat. */
export const EXPORT_BATCH_SIZE = 1_000;

/** The snapshot stays open while the file is sent: a slow download of a large ledger may take long. */
const EXPORT_TRANSACTION_TIMEOUT_MS = 30 * 60_000;

/**
 * Whose items the caller may export: `export:item:any` every item, `export:item:own-unit` what
 * the caller's unit leads or cooperates on (the ledger list's unit scope); null: none.
 */
export function ledgerExportScope(actor: Actor): LedgerReadScope | null {
  if (hasPermission(actor.role, 'export:item:any')) return { kind: 'any' };
  if (hasPermission(actor.role, 'export:item:own-unit') && actor.unitId !== null) {
    return { kind: 'unit', unitId: actor.unitId };
  }
  return null;
}

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

type ExportRow = Record<string, WorkbookValue> & {
  status: string;
  deadline: string;
  registeredOn: string;
  latestProgressPercent: number | null;
};

// ───────────────────────────── Rows into cells ─────────────────────────────

const columnKinds: Record<WorkbookColumn['kind'], ColumnKind> = {
  text: 'text',
  longText: 'text',
  textLines: 'text',
  label: 'text',
  labels: 'text',
  unit: 'text',
  units: 'text',
  boolean: 'text',
  integer: 'integer',
  decimal: 'decimal',
  percent: 'percent',
  date: 'date',
};

/** The layout's columns as the sheet writer takes them: header, cell type, width. */
export function sheetColumns(layout: WorkbookSheet): SheetColumn[] {
  return layout.columns.map((column) => ({
    header: column.header,
    kind: columnKinds[column.kind],
    width: column.width,
  }));
}

const utcDay = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

/** What the cell holds: `formatCell`'s text or number, a date as a date, a percent as a fraction. */
function cellOf(column: WorkbookColumn, value: WorkbookValue): CellValue {
  const shown = formatCell(column, value);
  if (shown === null || shown === '') return null;
  if (column.kind === 'date') return utcDay(String(shown));
  if (column.kind === 'percent') return Number(shown) / 100;
  return shown;
}

/** The row's derived values that no column of the statement holds. */
function withDerived(row: ExportRow, today: Date): ExportRow {
  row.scheduleState = scheduleStateOf(
    { registeredOn: utcDay(row.registeredOn), deadline: utcDay(row.deadline), status: row.status as never },
    row.latestProgressPercent,
    today,
  );
  return row;
}

export function exportCells(layout: WorkbookSheet, row: ExportRow, today: Date): CellValue[] {
  const values = withDerived(row, today);
  return layout.columns.map((column) => cellOf(column, values[column.key] ?? null));
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
  finished: Promise<'complete' | 'aborted'>;
}

/** The filters as the audit record keeps them: what was set, without paging. */
function auditedFilters(query: ListItemsQuery): Partial<ListItemsQuery> {
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

/**
 * Opens the snapshot, finds the rows, writes the audit record and answers once the file is
 * ready to be sent; the rows are then read and written into `stream` while the caller sends it.
 * A failure before that rejects (nothing was sent, nothing audited); a failure after it destroys
 * the stream and settles `finished` with it.
 */
export function startLedgerExport(
  db: { prisma: PrismaClient; singleConnection: boolean },
  request: LedgerExportRequest,
): Promise<LedgerExportStarted> {
  const { prisma, singleConnection } = db;
  const { query, scope, today, actor, ip } = request;
  const output = new PassThrough();

  return new Promise<LedgerExportStarted>((resolveStarted, rejectStarted) => {
    let started = false;
    const finished = prisma.$transaction(
      async (tx) => {
        // Must come first: the transaction's mode is fixed by its first statement.
        if (!singleConnection) await tx.$executeRaw`SET TRANSACTION READ ONLY`;
        const [now] = await tx.$queryRaw<{ asOf: Date }[]>`SELECT now() AS "asOf"`;
        const dataAsOf = now!.asOf;
        for (const setting of EXPORT_SETTINGS) await tx.$executeRaw(setting);
        const counted = await tx.$queryRaw<{ kind: ItemKind; count: number }[]>(
          exportCountSql(query, scope, today),
        );
        const counts: Record<ItemKind, number> = { TASK: 0, PETITION: 0 };
        for (const row of counted) counts[row.kind] = row.count;

        const names = await unitNames(tx, [query.unitId, query.leadUnitId, scopeUnit(scope)]);
        const audit: AuditEntry = {
          actor: { id: actor.id, name: actor.name },
          action: 'export.ledger',
          entityType: 'LedgerItem',
          after: {
            filters: auditedFilters(query),
            tasks: counts.TASK,
            petitions: counts.PETITION,
            dataAsOf: dataAsOf.toISOString(),
          },
          ip,
        };
        if (singleConnection) await appendAudit(tx, audit);
        else await prisma.$transaction((auditTx) => appendAudit(auditTx, audit));

        // 生成时间: when the file starts to be written, never before its 数据截至.
        const generatedAt = new Date();
        started = true;
        resolveStarted({
          fileName: ledgerWorkbookFileName(generatedAt),
          tasks: counts.TASK,
          petitions: counts.PETITION,
          dataAsOf,
          stream: output,
          finished,
        });

        const subtitle = [
          timesLine(generatedAt, dataAsOf),
          `筛选条件：${describeLedgerFilters(query, (id) => names.get(id))}`,
          ...(scope.kind === 'unit' ? [`范围：${names.get(scope.unitId) ?? '本单位'}牵头或配合的事项`] : []),
        ].join(GAP);
        return writeWorkbook(tx, output, {
          counts,
          cursor: (kind) => exportCursorSql(kind, query, scope, today),
          subtitle,
          today,
          creator: actor.name,
          generatedAt,
        });
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

const scopeUnit = (scope: LedgerReadScope) => (scope.kind === 'unit' ? scope.unitId : undefined);

async function unitNames(tx: Tx, ids: (string | undefined)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => id !== undefined);
  if (wanted.length === 0) return new Map();
  const units = await tx.unit.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(units.map((unit) => [unit.id, unit.name]));
}

/** Both sheets, rows batch by batch; stops reading as soon as nobody takes the bytes any more. */
async function writeWorkbook(
  tx: Tx,
  output: PassThrough,
  options: {
    counts: Record<ItemKind, number>;
    cursor: (kind: ItemKind) => Prisma.Sql;
    subtitle: string;
    today: Date;
    creator: string;
    generatedAt: Date;
  },
): Promise<'complete' | 'aborted'> {
  const workbook = new StreamingWorkbook(output, {
    creator: options.creator,
    created: options.generatedAt,
    title: '整改台账',
    // zlib's fastest level: at 100,000 rows 2 s quicker than the default for a file a third
    // larger (25 MB instead of 19 MB; bench/ledger-export).
    compressionLevel: 1,
  });
  // A Prisma query starts when it is awaited or `then`-ed: Promise.resolve sends it now, so that
  // the database fetches the next batch while this one is written.
  const fetchBatch = () => Promise.resolve(tx.$queryRaw<ExportRow[]>(exportFetchSql));
  for (const layout of [taskSheet, petitionSheet]) {
    const sheet = workbook.addSheet({
      name: layout.name,
      title: layout.title,
      subtitle: options.subtitle,
      columns: sheetColumns(layout),
    });
    const total = options.counts[layout.kind];
    if (total > 0) {
      await tx.$executeRaw(options.cursor(layout.kind));
      let next: Promise<ExportRow[]> | null = fetchBatch();
      for (let fetched = 0; next;) {
        const rows: ExportRow[] = await next;
        if (output.destroyed) return 'aborted';
        fetched += rows.length;
        // The count is of the same snapshot: no fetch is needed to learn that the cursor is done.
        next = rows.length === EXPORT_BATCH_SIZE && fetched < total ? fetchBatch() : null;
        for (const row of rows) sheet.addRow(exportCells(layout, row, options.today));
        await sheet.drain();
      }
      await tx.$executeRaw(exportCloseSql);
    }
    sheet.commit();
  }
  return (await workbook.commit()) ? 'complete' : 'aborted';
}
