import type { PublicSummary } from '@ledger/domain/public';
import { accountabilityCounts, handlingState, itemStatus, problemCategory } from '@ledger/domain/vocabulary';
import { Card, Col, Flex, Progress, Row, Skeleton, Statistic, Typography } from 'antd';

import { LoadError } from '@/components/ui/load-error';

import { usePublicSummary } from '../api/get-public-summary';

type CountRow = { key: string; label: string; count: number };

const percentOf = (count: number, total: number) => (total === 0 ? 0 : Math.round((count / total) * 100));

/** One bar per row that has any items: a phone shows each label and its count on one line. */
function CountBars({ title, rows, total }: { title: string; rows: CountRow[]; total: number }) {
  const shown = rows.filter((row) => row.count > 0);
  return (
    <section aria-label={title}>
      <Typography.Text strong>{title}</Typography.Text>
      <Flex vertical gap={4} style={{ marginTop: 8 }}>
        {shown.length === 0 && <Typography.Text type="secondary">暂无</Typography.Text>}
        {shown.map((row) => (
          <div key={row.key} data-testid={`count-${row.key}`}>
            <Flex justify="space-between" gap={8}>
              <span>{row.label}</span>
              <span>{row.count}</span>
            </Flex>
            <Progress percent={percentOf(row.count, total)} showInfo={false} size="small" />
          </div>
        ))}
      </Flex>
    </section>
  );
}

function Headline({ summary }: { summary: PublicSummary }) {
  const concluded =
    summary.petitions.byHandlingState.find((row) => row.handlingState === 'CONCLUDED')?.count ?? 0;
  const figures = [
    { title: '公开整改任务', value: summary.tasks.total, suffix: '项' },
    { title: '整改任务已销号', value: summary.tasks.closed, suffix: '项' },
    { title: '交办信访件', value: summary.petitions.total, suffix: '件' },
    { title: '信访件已办结', value: concluded, suffix: '件' },
  ];
  return (
    <Row gutter={[12, 12]}>
      {figures.map((figure) => (
        <Col key={figure.title} xs={12} md={6}>
          <Card size="small">
            <Statistic title={figure.title} value={figure.value} suffix={figure.suffix} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** 整改进展: the published items counted by status, category and handling state, and the 问责 totals. */
export function ProgressOverview() {
  const summary = usePublicSummary();

  if (summary.isPending) return <Skeleton active />;
  if (summary.isError) {
    return (
      <LoadError title="整改进展加载失败" error={summary.error} onRetry={() => void summary.refetch()} />
    );
  }

  const { tasks, petitions } = summary.data;
  const statusRows = (rows: PublicSummary['tasks']['byStatus']): CountRow[] =>
    rows.map((row) => ({ key: row.status, label: itemStatus.label(row.status), count: row.count }));

  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">数据截至 {summary.data.asOf}</Typography.Text>
      <Headline summary={summary.data} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card title="整改任务进展" size="small" style={{ height: '100%' }}>
            <Flex vertical gap={16}>
              <div>
                <Typography.Text>销号率</Typography.Text>
                <Progress
                  percent={percentOf(tasks.closed, tasks.total)}
                  status={tasks.closed === tasks.total && tasks.total > 0 ? 'success' : 'normal'}
                  aria-label={`整改任务销号率 ${percentOf(tasks.closed, tasks.total)}%`}
                />
                {tasks.rebound > 0 && (
                  <Typography.Text type="warning">
                    回头看发现反弹 {tasks.rebound} 项，已重新整改
                  </Typography.Text>
                )}
              </div>
              <CountBars title="按整改状态" rows={statusRows(tasks.byStatus)} total={tasks.total} />
              <CountBars
                title="按问题类别"
                rows={tasks.byCategory.map((row) => ({
                  key: row.category,
                  label: problemCategory.label(row.category),
                  count: row.count,
                }))}
                total={tasks.total}
              />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="信访件办理情况" size="small" style={{ height: '100%' }}>
            <Flex vertical gap={16}>
              <CountBars
                title="按办结状态"
                rows={petitions.byHandlingState.map((row) => ({
                  key: row.handlingState,
                  label: handlingState.label(row.handlingState),
                  count: row.count,
                }))}
                total={petitions.total}
              />
              <section aria-label="问责情况">
                <Typography.Text strong>问责情况</Typography.Text>
                <Row gutter={[8, 8]} style={{ marginTop: 8 }}>
                  {accountabilityCounts.map(({ field, label }) => (
                    <Col key={field} xs={12} sm={6}>
                      <Statistic title={label} value={petitions.accountability[field]} />
                    </Col>
                  ))}
                </Row>
              </section>
            </Flex>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
