/**
 * CSV as Excel and WPS open it in China: UTF-8 with a byte order mark (without it Excel reads
 * the bytes as GBK and Chinese turns into mojibake), CRLF line ends, RFC 4180 quoting, and no
 * cell that a spreadsheet would run as a formula (the same neutralisation as the workbooks).
 */
import { neutraliseFormula } from './xlsx';

/** What Excel looks for at the start of a file to read it as UTF-8. */
export const UTF8_BOM = '\uFEFF';

export type CsvValue = string | number | null;

/** One field: quoted when it holds a separator, a quote or a line break; empty for null. */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A whole file: the BOM, the header row, then the rows. */
export function csvFile(header: readonly string[], rows: readonly (readonly CsvValue[])[]): Buffer {
  return Buffer.from(UTF8_BOM + csvLine(header) + rows.map(csvLine).join(''), 'utf8');
}
