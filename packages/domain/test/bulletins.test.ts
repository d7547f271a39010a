import { describe, expect, it } from 'vitest';

import {
  bulletinFileName,
  defaultBulletinTitle,
  generateBulletinInput,
  isoWeekOf,
  resolveBulletinPeriod,
} from '../src/bulletins';

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const today = day('2026-11-29'); // a Sunday

describe('resolveBulletinPeriod', () => {
  it('takes the last complete week or month before today when no date is given', () => {
    expect(resolveBulletinPeriod({ periodKind: 'WEEK' }, today)).toEqual({
      ok: true,
      period: { periodStart: '2026-11-16', periodEnd: '2026-11-22' },
    });
    expect(resolveBulletinPeriod({ periodKind: 'WEEK' }, day('2026-11-30'))).toEqual({
      ok: true,
      period: { periodStart: '2026-11-23', periodEnd: '2026-11-29' },
    });
    expect(resolveBulletinPeriod({ periodKind: 'MONTH' }, day('2026-03-01'))).toEqual({
      ok: true,
      period: { periodStart: '2026-02-01', periodEnd: '2026-02-28' },
    });
  });

  it('takes the week or month a given date lies in, up to today if it has not ended', () => {
    expect(resolveBulletinPeriod({ periodKind: 'WEEK', periodStart: '2026-11-19' }, today)).toEqual({
      ok: true,
      period: { periodStart: '2026-11-16', periodEnd: '2026-11-22' },
    });
    expect(
      resolveBulletinPeriod({ periodKind: 'MONTH', periodStart: '2026-11-03' }, day('2026-11-20')),
    ).toEqual({
      ok: true,
      period: { periodStart: '2026-11-01', periodEnd: '2026-11-20' },
    });
  });

  it('refuses a period in the future, naming the field', () => {
    expect(resolveBulletinPeriod({ periodKind: 'WEEK', periodStart: '2026-11-30' }, today)).toMatchObject({
      ok: false,
      issue: { field: 'periodStart' },
    });
    expect(
      resolveBulletinPeriod(
        { periodKind: 'CUSTOM', periodStart: '2026-11-01', periodEnd: '2026-11-30' },
        today,
      ),
    ).toMatchObject({
      ok: false,
      issue: { field: 'periodEnd', message: '统计截止日期不能晚于今天（2026-11-29）' },
    });
  });
});

describe('generateBulletinInput', () => {
  const fields = (input: unknown) => {
    const result = generateBulletinInput.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
  };
  it('names the field of an incomplete or reversed custom period, in Chinese', () => {
    expect(fields({ periodKind: 'CUSTOM' })).toEqual([
      ['periodStart', '自定义周期须填写统计起始日期'],
      ['periodEnd', '自定义周期须填写统计截止日期'],
    ]);
    expect(fields({ periodKind: 'CUSTOM', periodStart: '2026-11-20', periodEnd: '2026-11-10' })).toEqual([
      ['periodEnd', '统计截止日期不能早于统计起始日期'],
    ]);
    expect(fields({ periodKind: 'WEEK', periodStart: '2026-13-01' })).toEqual([
      ['periodStart', '统计起始日期须为 YYYY-MM-DD 格式的日期'],
    ]);
    expect(fields({ periodKind: 'WEEK', periodStart: '2026-11-16' })).toEqual([]);
  });
});

describe('titles and file names', () => {
  it('number weeks as ISO 8601 does, across the turn of the year', () => {
    expect(isoWeekOf(day('2026-11-16'))).toEqual({ year: 2026, week: 47 });
    expect(isoWeekOf(day('2027-01-01'))).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(day('2025-12-29'))).toEqual({ year: 2026, week: 1 });
  });
  it('name the period in the default title', () => {
    const period = { periodStart: '2026-11-23', periodEnd: '2026-11-29' };
    expect(defaultBulletinTitle('WEEK', period)).toBe('拱墅区中央环保督察整改工作通报（2026年第48周）');
    expect(defaultBulletinTitle('MONTH', { periodStart: '2026-11-01', periodEnd: '2026-11-30' })).toBe(
      '拱墅区中央环保督察整改工作通报（2026年11月）',
    );
    expect(defaultBulletinTitle('CUSTOM', period)).toBe(
      '拱墅区中央环保督察整改工作通报（2026-11-23至2026-11-29）',
    );
  });
  it('keep file names free of what file systems refuse', () => {
    expect(bulletinFileName('通报: 11/23 "周报"', 'pdf')).toBe('通报_ 11_23 _周报_.pdf');
  });
});
