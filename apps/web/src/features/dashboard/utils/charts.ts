/**
 * The dashboard's charts as ECharts options, and the ledger rows behind whatever is clicked in
 * them. Pure functions of the summary, so that what a bar means is tested without a canvas.
 */
import { drillDown, type DashboardSummary, type LedgerDrillDown } from '@ledger/domain/dashboard';
import { pollutionType, problemCategory } from '@ledger/domain/vocabulary';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** What ECharts tells a click handler about the element clicked (the part we read). */
export type ChartClick = { seriesId?: string; dataIndex: number };

/** antd's palette, so that the charts speak the same colours as the cards and tags. */
export const chartColors = {
  total: '#1677ff',
  closed: '#52c41a',
  overdue: '#ff4d4f',
  planned: '#fa8c16',
};

type Categories = DashboardSummary['categories'];
type PollutionTypes = DashboardSummary['pollutionTypes'];
type Trend = DashboardSummary['trend'];

const legend = { top: 0, itemGap: 12 } satisfies LegendComponentOption;

/** Bars across, categories down: the Chinese labels stay readable on a 375 px phone. */
function horizontalBars(
  labels: string[],
  series: { id: string; name: string; color: string; data: number[] }[],
  animation: boolean,
): ChartOption {
  return {
    animation,
    legend,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { top: 36, left: 8, right: 16, bottom: 8 },
    xAxis: { type: 'value', minInterval: 1 },
    // Vocabulary order from the top down.
    yAxis: { type: 'category', data: labels, inverse: true },
    series: series.map(({ id, name, color, data }) => ({
      id,
      name,
      type: 'bar',
      data,
      itemStyle: { color },
      barMaxWidth: 14,
      label: { show: true, position: 'right', fontSize: 11 },
    })),
  };
}

const categoryColumns = [
  { id: 'total', name: '任务数', color: chartColors.total },
  { id: 'closed', name: '已销号', color: chartColors.closed },
  { id: 'overdue', name: '逾期', color: chartColors.overdue },
] as const;

/** Tasks by 问题类别: how many, closed, overdue. */
export const categoryChart = (rows: Categories, animation: boolean) =>
  horizontalBars(
    rows.map((row) => problemCategory.label(row.category)),
    categoryColumns.map((column) => ({ ...column, data: rows.map((row) => row[column.id]) })),
    animation,
  );

export function categoryTarget(rows: Categories, click: ChartClick): LedgerDrillDown | undefined {
  const row = rows[click.dataIndex];
  const column = categoryColumns.find((entry) => entry.id === click.seriesId);
  return row && column ? drillDown.category(row.category, column.id) : undefined;
}

const pollutionColumns = [
  { id: 'total', name: '信访件数', color: chartColors.total },
  { id: 'concluded', name: '已办结', color: chartColors.closed },
  { id: 'overdue', name: '逾期', color: chartColors.overdue },
] as const;

/** Petitions by 污染类型 (a case of several types counts under each). */
export const pollutionTypeChart = (rows: PollutionTypes, animation: boolean) =>
  horizontalBars(
    rows.map((row) => pollutionType.label(row.pollutionType)),
    pollutionColumns.map((column) => ({ ...column, data: rows.map((row) => row[column.id]) })),
    animation,
  );

export function pollutionTypeTarget(rows: PollutionTypes, click: ChartClick): LedgerDrillDown | undefined {
  const row = rows[click.dataIndex];
  const column = pollutionColumns.find((entry) => entry.id === click.seriesId);
  return row && column ? drillDown.pollutionType(row.pollutionType, column.id) : undefined;
}

/**
 * Burn-up: cumulative 已销号 against the cumulative plan (items whose original deadline has
 * come), week by week, with each week's closures as bars underneath. The plan runs to its last
 * deadline; the closures stop at `today`'s week, since no one has closed anything in the future.
 */
export function trendChart(weeks: Trend, today: string, animation: boolean): ChartOption {
  const closedSoFar = (value: (week: Trend[number]) => number) =>
    weeks.map((week) => (week.weekStart <= today ? value(week) : null));
  return {
    animation,
    legend,
    tooltip: { trigger: 'axis' },
    grid: { top: 36, left: 8, right: 16, bottom: 8 },
    xAxis: {
      type: 'category',
      data: weeks.map((week) => week.weekStart),
      axisLabel: { hideOverlap: true },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        id: 'weekClosed',
        name: '本周销号',
        type: 'bar',
        data: closedSoFar((week) => week.closed),
        itemStyle: { color: chartColors.closed, opacity: 0.45 },
        barMaxWidth: 10,
      },
      {
        id: 'cumulativeClosed',
        name: '累计销号',
        type: 'line',
        data: closedSoFar((week) => week.cumulativeClosed),
        itemStyle: { color: chartColors.closed },
        symbolSize: 6,
      },
      {
        id: 'cumulativePlanned',
        name: '累计计划完成',
        type: 'line',
        data: weeks.map((week) => week.cumulativePlanned),
        itemStyle: { color: chartColors.planned },
        lineStyle: { type: 'dashed' },
        symbolSize: 6,
      },
    ],
  };
}

/** A week's closures behind a closure bar or point; the week's planned items behind a plan point. */
export function trendTarget(weeks: Trend, click: ChartClick): LedgerDrillDown | undefined {
  const week = weeks[click.dataIndex];
  if (!week) return undefined;
  if (click.seriesId === 'weekClosed' || click.seriesId === 'cumulativeClosed') {
    return drillDown.closedInWeek(week.weekStart);
  }
  if (click.seriesId === 'cumulativePlanned') return drillDown.plannedInWeek(week.weekStart);
  return undefined;
}
