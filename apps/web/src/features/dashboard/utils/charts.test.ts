import { drillDown } from '@ledger/domain/dashboard';
import { describe, expect, test } from 'vitest';

import { buildDashboardSummary } from '@/testing/dashboard-data';

import {
  categoryChart,
  categoryTarget,
  pollutionTypeChart,
  pollutionTypeTarget,
  trendChart,
  trendTarget,
} from './charts';

const summary = buildDashboardSummary();

/** The options' series as name → data, for assertions that do not depend on styling. */
const seriesData = (option: ReturnType<typeof trendChart>) =>
  Object.fromEntries(
    (Array.isArray(option.series) ? option.series : [option.series]).map((series) => [
      series?.name,
      series?.data,
    ]),
  );

describe('the dashboard charts', () => {
  test('tasks by 问题类别: Chinese labels in the API order, three series, animation as asked', () => {
    const option = categoryChart(summary.categories, false);

    expect(option.animation).toBe(false);
    expect(option.yAxis).toMatchObject({ type: 'category', data: ['大气', '水', '固废/危废'] });
    expect(seriesData(option)).toEqual({ 任务数: [18, 22, 10], 已销号: [9, 8, 3], 逾期: [4, 3, 2] });
    expect(categoryChart(summary.categories, true).animation).toBe(true);
  });

  test('a bar of a category opens the rows it counts', () => {
    const rows = summary.categories;

    expect(categoryTarget(rows, { seriesId: 'overdue', dataIndex: 1 })).toEqual(
      drillDown.category('WATER', 'overdue'),
    );
    expect(categoryTarget(rows, { seriesId: 'closed', dataIndex: 0 })).toEqual({
      kind: 'task',
      category: 'AIR',
      status: ['CLOSED'],
    });
    expect(categoryTarget(rows, { seriesId: 'total', dataIndex: 9 })).toBeUndefined();
  });

  test('petitions by 污染类型, and a bar opens its petition cases', () => {
    const rows = summary.pollutionTypes;

    expect(pollutionTypeChart(rows, false).yAxis).toMatchObject({ data: ['油烟', '噪声'] });
    expect(seriesData(pollutionTypeChart(rows, false))).toEqual({
      信访件数: [30, 25],
      已办结: [27, 22],
      逾期: [1, 0],
    });
    expect(pollutionTypeTarget(rows, { seriesId: 'concluded', dataIndex: 0 })).toEqual({
      kind: 'petition',
      pollutionType: 'CATERING_FUMES',
      bucket: 'CONCLUDED',
    });
  });

  test('the burn-up: cumulative closures against the cumulative plan, week by week', () => {
    const option = trendChart(summary.trend, '2018-11-29', false);

    expect(option.xAxis).toMatchObject({ data: ['2018-08-06', '2018-08-13', '2018-08-20'] });
    expect(seriesData(option)).toEqual({
      本周销号: [0, 3, 5],
      累计销号: [0, 3, 8],
      累计计划完成: [2, 6, 7],
    });
  });

  test('the plan runs on past today; the closures stop at the week today is in', () => {
    const option = trendChart(summary.trend, '2018-08-15', false);

    expect(seriesData(option)).toEqual({
      本周销号: [0, 3, null],
      累计销号: [0, 3, null],
      累计计划完成: [2, 6, 7],
    });
  });

  test("a week's closure bar or point opens that week's closures; a plan point its planned items", () => {
    const weeks = summary.trend;

    expect(trendTarget(weeks, { seriesId: 'weekClosed', dataIndex: 1 })).toEqual({
      closedFrom: '2018-08-13',
      closedTo: '2018-08-19',
    });
    expect(trendTarget(weeks, { seriesId: 'cumulativeClosed', dataIndex: 1 })).toEqual(
      drillDown.closedInWeek('2018-08-13'),
    );
    expect(trendTarget(weeks, { seriesId: 'cumulativePlanned', dataIndex: 2 })).toEqual({
      originalDeadlineFrom: '2018-08-20',
      originalDeadlineTo: '2018-08-26',
    });
  });
});
