/**
 * Reads a checked workbook (inspect.ts) with exceljs's streaming reader: rows are handled as
 * they arrive and never held as a whole sheet, and the read stops as soon as the workbook holds
 * more data rows than an import may (IMPORT_MAX_ROWS).
 *
 * Each sheet is matched to a layout of ledger-workbook.ts — by its name (整改任务 / 信访件), else by
 * its header — and its header row is looked for in the first rows (an export puts a title and a
 * 生成时间 row above it). Headers are compared after `normaliseHeader`, against each column's
 * header and aliases; columns the layout does not know are ignored and named in a note. Each cell
 * becomes its field's value with the domain's `parseCell`; what cannot be read (a formula, an
 * error value, a merged cell, a value `parseCell` refuses) becomes a problem placed on its sheet,
 * row and column.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

import { restoreFormulaText } from '@ledger/documents/xlsx';
import { IMPORT_MAX_ROWS, type ImportProblem } from '@ledger/domain/imports';
import {
  normaliseHeader,
  parseCell,
  workbookSheets,
  type WorkbookColumn,
  type WorkbookRawCell,
  type WorkbookSheet,
  type WorkbookValue,
} from '@ledger/domain/ledger-workbook';
import ExcelJS from 'exceljs';

import { HttpError, badRequest } from '../../lib/http-errors';
import type { CellRange, WorkbookPackage } from './inspect';

/** The header is looked for in this many rows from the top. */
export const HEADER_SEARCH_ROWS = 10;
/** A row is taken for the header when at least this many of its cells name a layout's columns. */
const MIN_HEADER_MATCHES = 3;

/** A column of the file matched to the layout. */
export interface FileColumn {
  /** 1-based column number */
  index: number;
  /** A, B, … AA */
  letter: string;
  /** the header as the file writes it */
  header: string;
  column: WorkbookColumn;
}

export interface ReadRow {
  /** Excel's row number */
  row: number;
  /** the values of the importable columns present in the sheet, by column key (null: empty) */
  values: Map<string, WorkbookValue>;
  problems: ImportProblem[];
}

export interface ReadSheet {
  /** the tab's name in the file */
  name: string;
  layout: WorkbookSheet;
  headerRow: number;
  /** importable columns (not exportOnly) of the file, by column key */
  columns: Map<string, FileColumn>;
  rows: ReadRow[];
}

export interface ReadWorkbook {
  sheets: ReadSheet[];
  /** what makes the whole file unusable as it stands (a missing column, a merged header …) */
  fileProblems: ImportProblem[];
  /** what was left aside without harm (unknown columns, other sheets) */
  notes: ImportProblem[];
}

export const readMessages = {
  tooManyRows: (sheet: string, row: number) =>
    `工作簿的数据超过 ${IMPORT_MAX_ROWS.toLocaleString('en')} 行（读到“${sheet}”第 ${row.toLocaleString('en')} 行时已超出），请分批导入，每次不超过 ${IMPORT_MAX_ROWS.toLocaleString('en')} 行`,
  empty: '工作簿是空的，没有可导入的数据',
  noLedgerSheet: (names: string[]) =>
    `没有找到台账工作表：工作表须命名为“整改任务”或“信访件”，或在前 ${HEADER_SEARCH_ROWS} 行内有台账表头（如 编号、问题概述、牵头单位、整改时限）。本文件的工作表：${names.map((name) => `“${name}”`).join('、') || '无'}`,
  noHeader: (sheet: string) =>
    `工作表“${sheet}”的前 ${HEADER_SEARCH_ROWS} 行中没有找到台账表头（至少 ${MIN_HEADER_MATCHES} 个列名，如 编号、问题概述、牵头单位、整改时限），请检查表头`,
  noDataRows: '台账工作表的表头下面没有数据行，没有可导入的内容',
  unreadable: '工作簿内容无法解析（XML 结构有误），请在 Excel 或 WPS 中打开后重新保存为 .xlsx 再导入',
};

/** Column number → letters (1 → A, 27 → AA). */
export function columnLetter(index: number): string {
  let letters = '';
  for (let rest = index; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

const span = (from: number, to: number, show: (value: number) => string = String) =>
  from === to ? show(from) : `${show(from)}–${show(to)}`;

/** Header text → the layout's column, for each layout. */
const headerLookups = new Map(
  workbookSheets.map((layout) => {
    const lookup = new Map<string, WorkbookColumn>();
    for (const column of layout.columns) {
      for (const name of [column.header, ...(column.aliases ?? [])]) {
        const key = normaliseHeader(name);
        if (!lookup.has(key)) lookup.set(key, column);
      }
    }
    return [layout, lookup];
  }),
);

type Cells = Map<number, unknown>;

function rowCells(row: ExcelJS.Row): Cells {
  const cells: Cells = new Map();
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    if (cell.value !== null && cell.value !== undefined) cells.set(column, cell.value);
  });
  return cells;
}

/** The text a cell shows, for headers (a header written as a formula shows its result). */
function displayText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) {
      return (object.richText as { text?: string }[]).map((part) => part.text ?? '').join('');
    }
    if ('result' in object) return displayText(object.result);
    if ('text' in object) return displayText(object.text);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return '';
  }
  return String(value);
}

type CellReading = { raw: WorkbookRawCell } | { problem: string };

/** A data cell as `parseCell` takes it, or why it cannot be taken. */
function cellReading(value: unknown, where: string, header: string): CellReading {
  if (value === null || value === undefined) return { raw: null };
  if (value instanceof Date) return { raw: value };
  if (typeof value === 'string') return { raw: restoreFormulaText(value) };
  if (typeof value === 'number' || typeof value === 'boolean') return { raw: value };
  const object = value as Record<string, unknown>;
  if ('formula' in object || 'sharedFormula' in object) {
    // The cached result may be stale or missing: a formula is not a value the ledger can keep.
    return { problem: `${header}（${where}）是公式，请复制该列后“选择性粘贴 → 数值”，再导入` };
  }
  if ('error' in object) {
    return { problem: `${header}（${where}）是错误值 ${String(object.error)}，请改为正确的值` };
  }
  if (Array.isArray(object.richText) || 'text' in object) {
    return { raw: restoreFormulaText(displayText(value)) };
  }
  return { problem: `${header}（${where}）的内容无法识别，请改为文字、数字或日期` };
}

interface HeaderChoice {
  layout: WorkbookSheet;
  row: number;
  matches: number;
}

/** The best header row among the first rows, for the layouts allowed (the one named, or both). */
function chooseHeader(first: { row: number; cells: Cells }[], layouts: readonly WorkbookSheet[]) {
  let best: HeaderChoice | null = null;
  let tie = false;
  for (const { row, cells } of first) {
    for (const layout of layouts) {
      const lookup = headerLookups.get(layout)!;
      const matched = new Set<string>();
      for (const value of cells.values()) {
        const column = lookup.get(normaliseHeader(displayText(value)));
        if (column) matched.add(column.key);
      }
      const matches = matched.size;
      if (matches < MIN_HEADER_MATCHES) continue;
      if (!best || matches > best.matches) {
        best = { layout, row, matches };
        tie = false;
      } else if (matches === best.matches && row === best.row && layout !== best.layout) {
        tie = true;
      }
    }
  }
  return { best, tie };
}

/** The layout a sheet's name names, if any. */
function layoutByName(name: string): WorkbookSheet | undefined {
  const key = normaliseHeader(name);
  return workbookSheets.find((layout) => normaliseHeader(layout.name) === key);
}

/** Reads the workbook; throws a 4xx HttpError for a file that cannot be imported at all. */
export async function readWorkbook(path: string, workbookPackage: WorkbookPackage): Promise<ReadWorkbook> {
  const source = Readable.from(packageBytes(path, workbookPackage.readingOrder));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  // The reader parks a sheet in a temp file until it has the shared strings; a workbook without
  // any (inline strings only) would have every sheet parked. Shared strings, when the file has
  // them, come first in the reading order and replace this empty list.
  (reader as unknown as { sharedStrings: unknown[] }).sharedStrings = [];
  const result: ReadWorkbook = { sheets: [], fileProblems: [], notes: [] };
  const sheetNames: string[] = [];
  let dataRows = 0;
  let anyCell = false;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      sheetNames.push(name);
      const named = layoutByName(name);
      const first: { row: number; cells: Cells }[] = [];
      let sheet: ReadSheet | null = null;
      let ignored = false;
      const merges = workbookPackage.mergedCells.get(name) ?? [];
      /** the merged ranges below the header, once it is known */
      let dataMerges: CellRange[] = [];

      const startSheet = () => {
        const { best, tie } = chooseHeader(first, named ? [named] : workbookSheets);
        if (!best) {
          ignored = true;
          // A sheet named as a ledger sheet is one: its header must be fixed. Any other is left aside.
          if (named && first.length > 0) {
            result.fileProblems.push({
              sheet: name,
              row: null,
              column: null,
              message: readMessages.noHeader(name),
            });
          } else if (first.length > 0) {
            result.notes.push({
              sheet: name,
              row: null,
              column: null,
              message: `工作表“${name}”不是台账表（前 ${HEADER_SEARCH_ROWS} 行中没有台账表头），已忽略`,
            });
          }
          return;
        }
        if (tie) {
          ignored = true;
          result.fileProblems.push({
            sheet: name,
            row: best.row,
            column: null,
            message: `无法判断工作表“${name}”是整改任务还是信访件，请把工作表命名为“整改任务”或“信访件”`,
          });
          return;
        }
        const headerCells = first.find((candidate) => candidate.row === best.row)!.cells;
        sheet = headerOf(name, best.layout, best.row, headerCells, merges, result);
        dataMerges = merges.filter((merge) => merge.top > best.row);
        result.sheets.push(sheet);
        for (const buffered of first) if (buffered.row > best.row) takeRow(buffered.row, buffered.cells);
      };

      const takeRow = (rowNumber: number, cells: Cells) => {
        if (!sheet) return;
        const row = dataRow(sheet, rowNumber, cells, dataMerges);
        if (!row) return;
        dataRows += 1;
        if (dataRows > IMPORT_MAX_ROWS) throw new HttpError(413, readMessages.tooManyRows(name, rowNumber));
        sheet.rows.push(row);
      };

      for await (const row of worksheet) {
        const cells = rowCells(row);
        if (cells.size === 0) continue;
        anyCell = true;
        if (ignored) continue;
        if (!sheet && row.number <= HEADER_SEARCH_ROWS) {
          first.push({ row: row.number, cells });
          continue;
        }
        if (!sheet) {
          startSheet();
          if (ignored) continue;
        }
        takeRow(row.number, cells);
      }
      if (!sheet && !ignored) startSheet();
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    // The package passed inspection, so what fails here is the XML inside it.
    throw badRequest(readMessages.unreadable);
  } finally {
    source.destroy();
  }
  if (!anyCell) throw badRequest(readMessages.empty);
  // Nothing to preview: the first thing in the way is the answer.
  if (result.sheets.length === 0) {
    throw badRequest(result.fileProblems[0]?.message ?? readMessages.noLedgerSheet(sheetNames));
  }
  if (result.fileProblems.length === 0 && result.sheets.every((sheet) => sheet.rows.length === 0)) {
    throw badRequest(readMessages.noDataRows);
  }
  return result;
}

async function* packageBytes(path: string, ranges: WorkbookPackage['readingOrder']) {
  for (const { start, end } of ranges) {
    if (end <= start) continue;
    yield* createReadStream(path, { start, end: end - 1 });
  }
}

/** The header row read into the sheet's columns; what is wrong with it goes to the file's problems. */
function headerOf(
  name: string,
  layout: WorkbookSheet,
  headerRow: number,
  cells: Cells,
  merges: CellRange[],
  result: ReadWorkbook,
): ReadSheet {
  const lookup = headerLookups.get(layout)!;
  const sheet: ReadSheet = { name, layout, headerRow, columns: new Map(), rows: [] };
  const problem = (column: string | null, message: string) =>
    result.fileProblems.push({ sheet: name, row: headerRow, column, message });

  for (const merge of merges) {
    if (merge.top <= headerRow && merge.bottom >= headerRow && merge.right > merge.left) {
      problem(
        null,
        `表头第 ${span(merge.top, merge.bottom)} 行 ${span(merge.left, merge.right, columnLetter)} 列是合并单元格，请取消合并，每列一个表头`,
      );
    } else if (merge.top <= headerRow && merge.bottom > headerRow) {
      problem(
        null,
        `表头第 ${span(merge.top, merge.bottom)} 行 ${columnLetter(merge.left)} 列是合并单元格（表头占了多行），请取消合并，表头只占一行`,
      );
    }
  }

  const unknown: string[] = [];
  const seen = new Map<string, FileColumn>();
  for (const [index, value] of [...cells].sort(([a], [b]) => a - b)) {
    const header = displayText(value).trim();
    if (header === '') continue;
    const column = lookup.get(normaliseHeader(header));
    const letter = columnLetter(index);
    if (!column) {
      unknown.push(`“${header}”（${letter} 列）`);
      continue;
    }
    const earlier = seen.get(column.key);
    if (earlier) {
      problem(
        header,
        `${earlier.letter} 列“${earlier.header}”和 ${letter} 列“${header}”都是${column.header}，请删去其中一列`,
      );
      continue;
    }
    const fileColumn = { index, letter, header, column };
    seen.set(column.key, fileColumn);
    // Columns the ledger derives (台账状态, 销号日期 …) are read by people, never imported.
    if (!column.exportOnly) sheet.columns.set(column.key, fileColumn);
  }
  if (unknown.length > 0) {
    result.notes.push({
      sheet: name,
      row: headerRow,
      column: null,
      message: `以下列不在台账格式中，已忽略：${unknown.join('、')}`,
    });
  }
  for (const column of layout.columns) {
    if (!column.required || column.exportOnly || seen.has(column.key)) continue;
    const variants = column.aliases?.length ? `（也可写作：${column.aliases.join('、')}）` : '';
    problem(column.header, `缺少必填列“${column.header}”${variants}`);
  }
  return sheet;
}

/** A data row's values and problems (`merges`: those below the header); null for a row without any value. */
function dataRow(sheet: ReadSheet, rowNumber: number, cells: Cells, merges: CellRange[]): ReadRow | null {
  if ([...cells.values()].every((value) => displayText(value).trim() === '' && typeof value !== 'object')) {
    return null;
  }
  const row: ReadRow = { row: rowNumber, values: new Map(), problems: [] };
  for (const fileColumn of sheet.columns.values()) {
    const where = `${fileColumn.letter}${rowNumber}`;
    const reading = cellReading(cells.get(fileColumn.index), where, fileColumn.header);
    if ('problem' in reading) {
      row.problems.push({
        sheet: sheet.name,
        row: rowNumber,
        column: fileColumn.header,
        message: reading.problem,
      });
      continue;
    }
    const parsed = parseCell(fileColumn.column, reading.raw);
    if (parsed.ok) row.values.set(fileColumn.column.key, parsed.value);
    else
      row.problems.push({
        sheet: sheet.name,
        row: rowNumber,
        column: fileColumn.header,
        message: parsed.problem,
      });
  }
  for (const merge of merges) {
    if (merge.top > rowNumber || merge.bottom < rowNumber) continue;
    const fileColumn = [...sheet.columns.values()].find(
      (candidate) => candidate.index >= merge.left && candidate.index <= merge.right,
    );
    row.problems.push({
      sheet: sheet.name,
      row: rowNumber,
      column: fileColumn?.header ?? null,
      message: `第 ${span(merge.top, merge.bottom)} 行 ${span(merge.left, merge.right, columnLetter)} 列是合并单元格，请取消合并，并在每一行填写`,
    });
  }
  return row;
}
