import { DUE_SOON_DAYS, drillDown, type DashboardSummary } from '@ledger/domain/dashboard';
import { handlingState, taskReportBucket } from '@ledger/domain/vocabulary';
import { Card, Col, Empty, Flex, Row, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';

import { LoadError } from '@/components/ui/load-error';
import { PageLoading } from '@/components/ui/page-loading';
import { formatDateTime } from '@/lib/format';

import { useDashboardSummary } from '../api/get-dashboard-summary';
import {
  categoryChart,
  categoryTarget,
  chartColors,
  pollutionTypeChart,
  pollutionTypeTarget,
  trendChart,
  trendTarget,
} from '../utils/charts';
import { Chart, chartAnimation } from './chart';
import { FigureLink, FigureTile } from './figure-link';
import { UnitTable } from './unit-table';
import './dashboard.css';

/** Colours of the report buckets that call for attention; the others stay neutral. */
const bucketColors: Partial<Record<string, string>> = {
  CLOSED: chartColors.closed,
  COMPLETED: chartColors.closed,
  BEHIND: chartColors.overdue,
  CONCLUDED: chartColors.closed,
  NOT_CONCLUDED: chartColors.overdue,
};

/** 统计看板: the figures of the whole district, or of the user's own unit. */
export function Dashboard({ title }: { title: string }) {
  const summary = useDashboardSummary();

  if (summary.isPending) return <PageLoading />;
  if (summary.isError) {
    return (
      <Flex vertical gap={16}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <LoadError title="统计数据加载失败" error={summary.error} onRetry={() => void summary.refetch()} />
      </Flex>
    );
  }
  return <DashboardFigures title={title} summary={summary.data} />;
}

function DashboardFigures({ title, summary }: { title: string; summary: DashboardSummary }) {
  const scope = summary.scope.kind === 'district' ? '全区' : (summary.scope.unitName ?? '本单位');

  return (
    <Flex vertical gap={16}>
      <Flex vertical gap={4}>
        <Flex align="center" gap={8} wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          <Tag color="blue" style={{ fontSize: 14 }}>
            {scope}
          </Tag>
        </Flex>
        <Typography.Text type="secondary">数据截至 {formatDateTime(summary.asOf)}</Typography.Text>
      </Flex>

      <Row gutter={[16, 16]}>
        {/* Desks: 整改时限 | 整改任务 | 信访件 in one row; tablets: the two short cards side by side. */}
        <Col xs={24} md={{ span: 12, order: 1 }} lg={{ span: 6, order: 1 }}>
          <Section title="整改时限">
            <div className="dashboard-figures">
              <FigureTile
                label="逾期"
                value={summary.deadlines.overdue}
                filters={drillDown.overdue()}
                color={chartColors.overdue}
              />
              <FigureTile
                label={`临期（${DUE_SOON_DAYS}日内）`}
                value={summary.deadlines.dueSoon}
                filters={drillDown.dueSoon()}
                color={chartColors.planned}
              />
            </div>
          </Section>
        </Col>
        <Col xs={24} md={{ span: 24, order: 3 }} lg={{ span: 12, order: 2 }}>
          <Section
            title={
              <>
                整改任务 共{' '}
                <FigureLink label="整改任务" value={summary.tasks.total} filters={drillDown.tasks()} /> 项
              </>
            }
          >
            <div className="dashboard-figures">
              {taskReportBucket.options.map(({ value, label }) => (
                <FigureTile
                  key={value}
                  label={label}
                  value={summary.tasks.buckets[value] ?? 0}
                  filters={drillDown.bucket(value)}
                  color={bucketColors[value]}
                />
              ))}
            </div>
          </Section>
        </Col>
        <Col xs={24} md={{ span: 12, order: 2 }} lg={{ span: 6, order: 3 }}>
          <Section
            title={
              <>
                信访件 共{' '}
                <FigureLink
                  label="信访件"
                  value={summary.petitions.total}
                  unit="件"
                  filters={drillDown.petitions()}
                />{' '}
                件
              </>
            }
          >
            <div className="dashboard-figures">
              {handlingState.options.map(({ value, label }) => (
                <FigureTile
                  key={value}
                  label={label}
                  value={summary.petitions.buckets[value] ?? 0}
                  unit="件"
                  filters={drillDown.bucket(value)}
                  color={bucketColors[value]}
                />
              ))}
            </div>
          </Section>
        </Col>
        <Col xs={24} md={{ order: 4 }}>
          <Section title="各牵头单位情况">
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">
                逾期多、完成率低的排在前；点击表头可改变排序。
              </Typography.Text>
              <UnitTable units={summary.units} />
            </Flex>
          </Section>
        </Col>
        <Col xs={24} md={{ order: 5 }} lg={12}>
          <Section title="整改任务 · 按问题类别">
            {summary.categories.length > 0 ? (
              <Chart
                label="整改任务按问题类别的任务数、已销号数和逾期数"
                option={categoryChart(summary.categories, chartAnimation)}
                height={80 + summary.categories.length * 44}
                targetOf={(click) => categoryTarget(summary.categories, click)}
              />
            ) : (
              <Empty description="暂无整改任务" />
            )}
          </Section>
        </Col>
        <Col xs={24} md={{ order: 5 }} lg={12}>
          <Section title="信访件 · 按污染类型">
            {summary.pollutionTypes.length > 0 ? (
              <Chart
                label="信访件按污染类型的件数、已办结数和逾期数"
                option={pollutionTypeChart(summary.pollutionTypes, chartAnimation)}
                height={80 + summary.pollutionTypes.length * 44}
                targetOf={(click) => pollutionTypeTarget(summary.pollutionTypes, click)}
              />
            ) : (
              <Empty description="暂无信访件" />
            )}
          </Section>
        </Col>
        <Col xs={24} md={{ order: 6 }}>
          <Section title="整改进度 · 累计销号与计划对比（按周）">
            {summary.trend.length > 0 ? (
              <Chart
                label="按周累计销号数与按原整改时限累计应完成数的对比"
                option={trendChart(summary.trend, summary.today, chartAnimation)}
                height={320}
                targetOf={(click) => trendTarget(summary.trend, click)}
              />
            ) : (
              <Empty description="暂无数据" />
            )}
          </Section>
        </Col>
      </Row>
    </Flex>
  );
}

function Section({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <Card size="small" className="dashboard-card" title={title} style={{ height: '100%' }}>
      {children}
    </Card>
  );
}
