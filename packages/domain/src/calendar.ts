/**
 * Calendar arithmetic on plain dates (YYYY-MM-DD, no time of day). Deadlines in the ledger are
 * dates in China Standard Time; doing the arithmetic on UTC midnights keeps it free of
 * time-zone and daylight-saving surprises.
 */
const DAY_MS = 86_400_000;

export const LEDGER_TIME_ZONE = 'Asia/Shanghai';

// Made once: building a DateTimeFormat costs ~1 ms (time-zone data), and lists call ledgerDate per row.
const ledgerDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: LEDGER_TIME_ZONE });

/** The calendar date of `instant` in the ledger's time zone, as a UTC-midnight Date. */
export function ledgerDate(instant: Date = new Date()): Date {
  const iso = ledgerDayFormat.format(instant);
  return new Date(`${iso}T00:00:00.000Z`);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function isWeekend(date: Date): boolean {
  const weekday = date.getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * The date on which a period of `workingDays` working days that starts on `start` ends
 * (inclusive). Weekends are skipped; `overrides` maps YYYY-MM-DD to true (a make-up working
 * day, 调休上班) or false (a public holiday).
 */
export function endOfWorkingDays(
  start: Date,
  workingDays: number,
  overrides: ReadonlyMap<string, boolean> = new Map(),
): Date {
  if (workingDays < 1) throw new RangeError('workingDays must be at least 1');
  let counted = 0;
  let day = start;
  for (;;) {
    const override = overrides.get(toIsoDate(day));
    const working = override ?? !isWeekend(day);
    if (working && ++counted === workingDays) return day;
    day = addDays(day, 1);
  }
}

export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The dates of a public notice (公示) of `workingDays` working days that starts on `today`:
 * from today, or the next working day when today is not one, to the period's last working day
 * (inclusive). Zero working days (a special case, and tests) ends the period the day before
 * today, so that it counts as over at once.
 */
export function noticePeriodDates(
  today: Date,
  workingDays: number,
  overrides: ReadonlyMap<string, boolean> = new Map(),
): { startsOn: Date; endsOn: Date } {
  if (workingDays < 0) throw new RangeError('workingDays must not be negative');
  if (workingDays === 0) return { startsOn: today, endsOn: addDays(today, -1) };
  const startsOn = endOfWorkingDays(today, 1, overrides);
  return { startsOn, endsOn: endOfWorkingDays(startsOn, workingDays, overrides) };
}

/**
 * A public notice period in words, the same on the item page, its timeline and the public page:
 * 2026-11-30 至 2026-12-04（5 个工作日）. A period of no working days (a special case, or a test)
 * has an end before its start, which reads as nonsense; it is said as what it is.
 */
export function describeNoticePeriod(period: {
  startsOn: string;
  endsOn: string;
  workingDays: number;
}): string {
  if (period.workingDays === 0) return `不设公示期（${period.startsOn} 起即可办理审签）`;
  return `${period.startsOn} 至 ${period.endsOn}（${period.workingDays} 个工作日）`;
}
