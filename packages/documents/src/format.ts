/**
 * How documents print instants: the wall-clock time in the ledger's time zone (Asia/Shanghai),
 * whatever the server's own zone is, so a bulletin made on a UTC server says what officials read
 * on their clocks (`formatDateTime`, shared with the web app).
 */
import { formatDateTime } from '@ledger/domain/format';

export { formatDateTime };

/** `2026-11-29` for a calendar date kept as a UTC midnight (deadlines, periods). */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The instant as a Date whose UTC fields are the ledger time zone's wall-clock time: spreadsheet
 * cells have no time zone, and exceljs writes a Date's UTC fields, so this is the Date to put in a
 * cell for the cell to show Beijing time.
 */
export function wallClockDate(instant: Date): Date {
  const [date, time] = formatDateTime(instant).split(' ') as [string, string];
  const seconds = instant.getUTCSeconds().toString().padStart(2, '0');
  return new Date(`${date}T${time}:${seconds}.000Z`);
}

/** Two ideographic spaces: how Chinese documents set apart the parts of one line. */
export const GAP = '\u3000\u3000';

/** `生成时间 2026-11-29 12:05  数据截至 2026-11-29 12:04`: what every document says of its age. */
export function timesLine(generatedAt: Date, dataAsOf: Date): string {
  return `生成时间 ${formatDateTime(generatedAt)}${GAP}数据截至 ${formatDateTime(dataAsOf)}`;
}
