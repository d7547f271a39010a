/**
 * Instants as the ledger shows them, on screen and in documents: the wall-clock time in China
 * Standard Time (Asia/Shanghai), whatever the device's or the server's own time zone (a laptop or
 * a server set to UTC must not show yesterday's date on today's report).
 */
import { LEDGER_TIME_ZONE } from './calendar';

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: LEDGER_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(instant: string | Date) {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return Object.fromEntries(formatter.formatToParts(date).map(({ type, value }) => [type, value]));
}

/** 2026-11-29 14:35 */
export function formatDateTime(instant: string | Date): string {
  const p = parts(instant);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 2026-11-29: the instant's date in the ledger's time zone. */
export function formatDate(instant: string | Date): string {
  const p = parts(instant);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 14:35 */
export function formatTime(instant: string | Date): string {
  const p = parts(instant);
  return `${p.hour}:${p.minute}`;
}
