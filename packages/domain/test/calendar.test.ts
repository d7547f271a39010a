import { describe, expect, it } from 'vitest';

import { describeNoticePeriod, noticePeriodDates, toIsoDate } from '../src/calendar';

const date = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const dates = (period: { startsOn: Date; endsOn: Date }) => ({
  startsOn: toIsoDate(period.startsOn),
  endsOn: toIsoDate(period.endsOn),
});

describe('public notice dates (公示期)', () => {
  it('starts on a working day and counts working days only, both ends included', () => {
    // 2026-12-01 is a Tuesday: five working days end on Monday 2026-12-07.
    expect(dates(noticePeriodDates(date('2026-12-01'), 5))).toEqual({
      startsOn: '2026-12-01',
      endsOn: '2026-12-07',
    });
  });

  it('starts on the next working day when started on a weekend', () => {
    // Sunday 2026-11-29 → Monday 2026-11-30 … Friday 2026-12-04.
    expect(dates(noticePeriodDates(date('2026-11-29'), 5))).toEqual({
      startsOn: '2026-11-30',
      endsOn: '2026-12-04',
    });
  });

  it('skips holidays and counts make-up working days from the working calendar', () => {
    const holiday = new Map([['2026-12-02', false]]); // a holiday on a Wednesday
    // Tue 1, (Wed 2 off), Thu 3, Fri 4, Mon 7, Tue 8.
    expect(dates(noticePeriodDates(date('2026-12-01'), 5, holiday))).toEqual({
      startsOn: '2026-12-01',
      endsOn: '2026-12-08',
    });
    const withMakeUpDay = new Map([...holiday, ['2026-12-05', true]]); // 调休上班 on a Saturday
    expect(dates(noticePeriodDates(date('2026-12-01'), 5, withMakeUpDay))).toEqual({
      startsOn: '2026-12-01',
      endsOn: '2026-12-07',
    });
    // Started on the holiday itself: the period begins the next working day.
    expect(dates(noticePeriodDates(date('2026-12-02'), 1, holiday))).toEqual({
      startsOn: '2026-12-03',
      endsOn: '2026-12-03',
    });
  });

  it('ends the day before today for zero working days, so that it is over at once', () => {
    expect(dates(noticePeriodDates(date('2026-12-01'), 0))).toEqual({
      startsOn: '2026-12-01',
      endsOn: '2026-11-30',
    });
  });

  it('refuses a negative length', () => {
    expect(() => noticePeriodDates(date('2026-12-01'), -1)).toThrow(RangeError);
  });
});

describe('describeNoticePeriod', () => {
  it('says the dates and the working days', () => {
    expect(describeNoticePeriod({ startsOn: '2026-11-30', endsOn: '2026-12-04', workingDays: 5 })).toBe(
      '2026-11-30 至 2026-12-04（5 个工作日）',
    );
  });

  it('says a period of no working days as none, not as an end before its start', () => {
    expect(describeNoticePeriod({ startsOn: '2026-11-29', endsOn: '2026-11-28', workingDays: 0 })).toBe(
      '不设公示期（2026-11-29 起即可办理审签）',
    );
  });
});
