/**
 * Writing the ledger workbook from the export's statements (services/ledger-export.ts builds
 * them): the snapshot's count, then each kind's rows through a cursor into exceljs's streaming
 * writer. Written against a bare SQL runner so that the same code runs in the export's own
 * process over `pg` (ledger-export-process.ts) and, on the embedded database, inside the server
 * over a Prisma transaction. Nothing here may load Prisma at run time: the export process stays
 * small because it does not (ADR 013).
 */
import type { Writable } from 'node:stream';

import { scheduleStateOf } from '@ledger/domain/items';
import {
  formatCell,
  petitionSheet,
  taskSheet,
  type WorkbookColumn,
  type WorkbookSheet,
  type WorkbookValue,
} from '@ledger/domain/ledger-workbook';
import { GAP, timesLine } from '@ledger/documents/format';
import type { CellValue, ColumnKind, SheetColumn } from '@ledger/documents/xlsx';
import { StreamingWorkbook } from '@ledger/documents/xlsx-stream';

export type ItemKind = WorkbookSheet['kind'];

/** A statement with PostgreSQL's numbered parameters, as Prisma.Sql has it (`.text`, `.values`). */
export interface SqlText {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** Runs one statement of the snapshot's transaction and answers its rows. */
export interface ExportRunner {
  query<Row>(sql: SqlText): Promise<Row[]>;
  /**
   * The same, rows as arrays in the order of `fields`: a fetched batch is a thousand rows of
   * forty values, and arrays cost the export process far less to build and to collect than
   * objects with forty keys.
   */
  queryArrays(sql: SqlText): Promise<RowArrays>;
}

export interface RowArrays {
  fields: string[];
  rows: unknown[][];
}

/** Everything the export runs, in the order it runs it (services/ledger-export.ts). */
export interface ExportStatements {
  /** SET LOCAL … for the cursor's plan */
  settings: SqlText[];
  /** the items of each kind the filters find */
  count: SqlText;
  /** DECLARE … CURSOR over one kind's rows */
  cursors: Record<ItemKind, SqlText>;
  fetch: SqlText;
  close: SqlText;
}

/** Rows per fetch: large enough that round trips do not count, small enough to stay flat. */
export const EXPORT_BATCH_SIZE = 1_000;

export interface ExportCounts {
  counts: Record<ItemKind, number>;
  /** the snapshot's start: the file's 数据截至 */
  dataAsOf: Date;
}

/** The snapshot's first statements, in a transaction the runner has begun. */
export async function countExport(runner: ExportRunner, statements: ExportStatements): Promise<ExportCounts> {
  const [now] = await runner.query<{ asOf: Date | string }>({ text: 'SELECT now() AS "asOf"', values: [] });
  for (const setting of statements.settings) await runner.query(setting);
  const counts: Record<ItemKind, number> = { TASK: 0, PETITION: 0 };
  for (const row of await runner.query<{ kind: ItemKind; count: number }>(statements.count)) {
    counts[row.kind] = Number(row.count);
  }
  return { counts, dataAsOf: new Date(now!.asOf) };
}

/** The title block's second row: when it was made, as of when, and what was asked for. */
export function exportSubtitle(generatedAt: Date, dataAsOf: Date, filterLines: readonly string[]): string {
  return [timesLine(generatedAt, dataAsOf), ...filterLines].join(GAP);
}

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

/**
 * A calendar date as the workbook writes it (UTC midnight). Parsed once per distinct date: a
 * ledger has few of them and a large export asks for each many times (a tenth of its time else).
 * The Dates are shared, never changed.
 */
const days = new Map<string, Date>();
function utcDay(iso: string): Date {
  let day = days.get(iso);
  if (!day) {
    day = new Date(`${iso}T00:00:00.000Z`);
    if (days.size < 100_000) days.set(iso, day);
  }
  return day;
}

/** What the cell holds: `formatCell`'s text or number, a date as a date, a percent as a fraction. */
function cellOf(column: WorkbookColumn, value: WorkbookValue): CellValue {
  const shown = formatCell(column, value);
  if (shown === null || shown === '') return null;
  if (column.kind === 'date') return utcDay(String(shown));
  if (column.kind === 'percent') return Number(shown) / 100;
  return shown;
}

/**
 * Turns a fetched row (values in the statement's column order, named by the layout's keys) into
 * the sheet's cells. Made once per batch's field list: the lookups are positions, not names.
 */
export function rowToCells(layout: WorkbookSheet, fields: readonly string[], today: Date) {
  const at = (key: string) => fields.indexOf(key);
  const positions = layout.columns.map((column) => at(column.key));
  const registeredOn = at('registeredOn');
  const deadline = at('deadline');
  const status = at('status');
  const percent = at('latestProgressPercent');
  return (row: readonly unknown[]): CellValue[] =>
    layout.columns.map((column, index) => {
      // 序时进度 is derived here, by the same rule as everywhere (packages/domain/src/items.ts).
      const value =
        column.key === 'scheduleState'
          ? scheduleStateOf(
              {
                registeredOn: utcDay(row[registeredOn] as string),
                deadline: utcDay(row[deadline] as string),
                status: row[status] as never,
              },
              row[percent] as number | null,
              today,
            )
          : row[positions[index]!];
      return cellOf(column, (value ?? null) as WorkbookValue);
    });
}

// ───────────────────────────── The workbook ─────────────────────────────

/** Both sheets, rows batch by batch; stops reading as soon as nobody takes the bytes any more. */
export async function writeWorkbook(
  runner: ExportRunner,
  output: Writable,
  options: {
    counts: Record<ItemKind, number>;
    statements: ExportStatements;
    subtitle: string;
    today: Date;
    creator: string;
    generatedAt: Date;
  },
): Promise<'complete' | 'aborted'> {
  const { statements } = options;
  const workbook = new StreamingWorkbook(output, {
    creator: options.creator,
    created: options.generatedAt,
    title: '整改台账',
    // zlib's fastest level: at 100,000 rows 2 s quicker than the default for a file a third
    // larger (25 MB instead of 19 MB; bench/ledger-export).
    compressionLevel: 1,
  });
  // Asked for at once (not when awaited), so that the database fetches the next batch while this
  // one is written.
  const fetchBatch = () => runner.queryArrays(statements.fetch);
  for (const layout of [taskSheet, petitionSheet]) {
    const sheet = workbook.addSheet({
      name: layout.name,
      title: layout.title,
      subtitle: options.subtitle,
      columns: sheetColumns(layout),
    });
    const total = options.counts[layout.kind];
    if (total > 0) {
      await runner.query(statements.cursors[layout.kind]);
      let next: Promise<RowArrays> | null = fetchBatch();
      let cellsOf: ((row: readonly unknown[]) => CellValue[]) | undefined;
      for (let fetched = 0; next;) {
        const { fields, rows }: RowArrays = await next;
        if (output.destroyed) return 'aborted';
        fetched += rows.length;
        // The count is of the same snapshot: no fetch is needed to learn that the cursor is done.
        next = rows.length === EXPORT_BATCH_SIZE && fetched < total ? fetchBatch() : null;
        cellsOf ??= rowToCells(layout, fields, options.today);
        for (const row of rows) sheet.addRow(cellsOf(row));
        await sheet.drain();
      }
      await runner.query(statements.close);
    }
    sheet.commit();
  }
  return (await workbook.commit()) ? 'complete' : 'aborted';
}
