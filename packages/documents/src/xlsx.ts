/**
 * Excel sheets the way officials use them: a title row (what, which period, 数据截至), a bold
 * header row that stays in view when scrolling, sensible column widths, dates as real dates (so
 * they sort and filter), and no cell text that a spreadsheet would run as a formula.
 */
import ExcelJS from 'exceljs';

import { wallClockDate } from './format';

export type Workbook = ExcelJS.Workbook;
export type Worksheet = ExcelJS.Worksheet;

/**
 * Text a spreadsheet would take for a formula or a command: it starts with =, +, -, @, a tab or a
 * carriage return (OWASP "CSV injection"). Such text comes from users (a title, a finding) and
 * must reach the reader as text, so it gets a leading apostrophe — visible, harmless, and what
 * Excel itself shows for text typed that way. Exported files get copied into CSV and re-saved,
 * so this is done even though an .xlsx string cell is not evaluated as it stands.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Text that already looks neutralised ('=…, ''=…) gets one more apostrophe, so that the step can be undone. */
const NEUTRALISED = /^'+[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) || NEUTRALISED.test(text) ? `'${text}` : text;
}

/** The text as it was before `neutraliseFormula` (an import reads back what an export wrote). */
export function restoreFormulaText(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

/** What a column holds, which decides its cell type and number format. */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'percent' | 'date' | 'datetime';

export interface SheetColumn {
  header: string;
  kind: ColumnKind;
  /** in characters (Excel's unit); CJK characters count about two */
  width?: number;
}

/**
 * A cell's value: text, a number, a Date (a calendar date as UTC midnight for `date`; any
 * instant for `datetime`, shown in Beijing time), or null for an empty cell.
 */
export type CellValue = string | number | Date | null;

/** A sheet's title block and columns: what comes before its rows. */
export interface SheetHead {
  /** the tab's name (Excel allows 31 characters and none of \ / ? * [ ] :) */
  name: string;
  /** the first row, e.g. the document title with its period */
  title: string;
  /** the second row, e.g. 生成时间 … 数据截至 … */
  subtitle?: string;
  columns: readonly SheetColumn[];
}

export interface SheetSpec extends SheetHead {
  rows: readonly (readonly CellValue[])[];
}

const NUMBER_FORMATS: Record<ColumnKind, string | undefined> = {
  text: '@',
  integer: '0',
  decimal: '0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

const DEFAULT_WIDTHS: Record<ColumnKind, number> = {
  text: 24,
  integer: 10,
  decimal: 12,
  percent: 10,
  date: 12,
  datetime: 17,
};

export function createWorkbook(meta: { creator: string; created: Date; title?: string }): Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = meta.creator;
  workbook.created = meta.created;
  workbook.modified = meta.created;
  if (meta.title) workbook.title = meta.title;
  return workbook;
}

/** Excel refuses these in a sheet name, and at most 31 characters. */
export function sheetName(name: string): string {
  return name.replace(/[\\/?*[\]:]/g, '_').slice(0, 31);
}

function cellValue(value: CellValue, kind: ColumnKind): ExcelJS.CellValue {
  if (value === null) return null;
  if (value instanceof Date) return kind === 'datetime' ? wallClockDate(value) : value;
  if (typeof value === 'number') return value;
  return neutraliseFormula(value);
}

/** The row the header stands in: under the title, and under the subtitle when there is one. */
export function headerRowNumber(head: SheetHead): number {
  return head.subtitle === undefined ? 2 : 3;
}

/** The options a sheet is added with: everything down to the header row stays in view. */
export function sheetOptions(head: SheetHead): Partial<ExcelJS.AddWorksheetOptions> {
  return { views: [{ state: 'frozen', ySplit: headerRowNumber(head), xSplit: 0 }] };
}

/**
 * Each column's style for its data cells: the kind's number format, top-aligned and wrapped.
 * One object per column, shared by all its cells: exceljs then registers the style once rather
 * than once per cell (which a 100,000-row sheet would notice).
 */
export type ColumnStyles = readonly Partial<ExcelJS.Style>[];

export function columnStyles(columns: readonly SheetColumn[]): ColumnStyles {
  return columns.map((column) => ({
    numFmt: NUMBER_FORMATS[column.kind],
    alignment: { vertical: 'top', wrapText: true },
  }));
}

/**
 * Writes the title block of a sheet just added with `sheetOptions(head)`: the widths and number
 * formats of the columns, the title and subtitle rows (merged across the columns), and the
 * header row (styled, with a filter when `autoFilter`). Answers the header row's number.
 */
export function writeSheetHead(
  sheet: Worksheet,
  head: SheetHead,
  { autoFilter }: { autoFilter: boolean },
): number {
  const headerRow = headerRowNumber(head);
  sheet.columns = head.columns.map((column) => ({
    width: column.width ?? DEFAULT_WIDTHS[column.kind],
    style: { numFmt: NUMBER_FORMATS[column.kind] },
  }));

  const lastColumn = Math.max(head.columns.length, 1);
  const titleRow = sheet.getRow(1);
  titleRow.getCell(1).value = neutraliseFormula(head.title);
  titleRow.font = { bold: true, size: 14 };
  titleRow.height = 24;
  if (lastColumn > 1) sheet.mergeCells(1, 1, 1, lastColumn);
  if (head.subtitle !== undefined) {
    const subtitleRow = sheet.getRow(2);
    subtitleRow.getCell(1).value = neutraliseFormula(head.subtitle);
    subtitleRow.font = { color: { argb: 'FF555555' } };
    if (lastColumn > 1) sheet.mergeCells(2, 1, 2, lastColumn);
  }

  const header = sheet.getRow(headerRow);
  head.columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = neutraliseFormula(column.header);
    cell.numFmt = '@';
  });
  styleHeaderRow(header);
  if (autoFilter && head.columns.length > 0) {
    sheet.autoFilter = {
      from: { row: headerRow, column: 1 },
      to: { row: headerRow, column: head.columns.length },
    };
  }
  return headerRow;
}

/** Puts one data row's values into `row`: dates as dates, numbers as numbers, text never as a formula. */
export function writeRowValues(
  row: ExcelJS.Row,
  columns: readonly SheetColumn[],
  styles: ColumnStyles,
  values: readonly CellValue[],
): void {
  columns.forEach((column, index) => {
    const value = values[index] ?? null;
    if (value === null) return;
    const cell = row.getCell(index + 1);
    cell.value = cellValue(value, column.kind);
    cell.style = styles[index]!;
  });
}

/**
 * Adds a sheet: title row, optional subtitle row, header row (bold, filled, frozen, with a filter),
 * then the rows. Answers the sheet for any further touches.
 */
export function addSheet(workbook: Workbook, spec: SheetSpec): Worksheet {
  const sheet = workbook.addWorksheet(sheetName(spec.name), sheetOptions(spec));
  const headerRow = writeSheetHead(sheet, spec, { autoFilter: spec.rows.length > 0 });
  const styles = columnStyles(spec.columns);
  spec.rows.forEach((values, rowIndex) => {
    writeRowValues(sheet.getRow(headerRow + 1 + rowIndex), spec.columns, styles, values);
  });
  return sheet;
}

/** Bold on a light fill, centred, ruled below: the header row of every sheet. */
export function styleHeaderRow(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF3' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF8A8A8A' } } };
  });
}

export async function workbookBuffer(workbook: Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
