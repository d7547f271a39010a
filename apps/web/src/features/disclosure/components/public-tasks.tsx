import type { PublicTask } from '@ledger/domain/public';
import { itemStatus, problemCategory, timeLimitType } from '@ledger/domain/vocabulary';
import { Card, Empty, Flex, Input, Pagination, Select, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';

import { LoadError } from '@/components/ui/load-error';

import { usePublicTasks, type PublicTaskFilters } from '../api/get-public-tasks';
import { EvidenceLinks } from './evidence-links';
import { Field } from './field';
import { PublicStatusTag, SampleTag } from './public-tags';

const PAGE_SIZE = 10;

function TaskCard({ task }: { task: PublicTask }) {
  const extended = task.deadline !== task.originalDeadline;
  return (
    <Card
      size="small"
      title={
        <Flex vertical gap={4} style={{ whiteSpace: 'normal', paddingBlock: 8 }}>
          <Typography.Text type="secondary">{task.number}</Typography.Text>
          <span>{task.title}</span>
        </Flex>
      }
      extra={<PublicStatusTag status={task.status} />}
      role="article"
      aria-label={`${task.number} ${task.title}`}
    >
      <Flex vertical gap={12}>
        <Flex wrap gap={4}>
          <Tag>{problemCategory.label(task.category)}</Tag>
          <Tag>{timeLimitType.label(task.timeLimitType)}</Tag>
          <SampleTag isSample={task.isSample} />
          {task.reboundCount > 0 && <Tag color="magenta">反弹 {task.reboundCount} 次，已重新整改</Tag>}
        </Flex>
        <Field label="反馈问题">{task.feedbackText}</Field>
        <Field label="整改目标">{task.target}</Field>
        {task.measures.length > 0 && (
          <Field label="整改措施">
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {task.measures.map((measure, index) => (
                <li key={index}>{measure}</li>
              ))}
            </ol>
          </Field>
        )}
        <Field label="责任单位">
          {task.leadUnit}（牵头）
          {task.cooperatingUnits.length > 0 && `、${task.cooperatingUnits.join('、')}（配合）`}
        </Field>
        <Flex wrap gap={24}>
          <Field label="整改时限">
            {task.deadline}
            {extended && (
              <Typography.Text type="secondary">
                （经批准延期，原时限 {task.originalDeadline}）
              </Typography.Text>
            )}
          </Field>
          {task.closedOn && <Field label="销号日期">{task.closedOn}</Field>}
        </Flex>
        {task.evidence.length > 0 && (
          <Field label="整改佐证">
            <EvidenceLinks files={task.evidence} />
          </Field>
        )}
      </Flex>
    </Card>
  );
}

/** 整改任务清单: the published tasks as cards (they are read, not compared), filterable. */
export function PublicTasks() {
  const [filters, setFilters] = useState<PublicTaskFilters>({ page: 1, pageSize: PAGE_SIZE });
  const change = (next: Partial<PublicTaskFilters>) =>
    setFilters((current) => ({ ...current, page: 1, ...next }));
  const tasks = usePublicTasks(filters);

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8}>
        <Select
          aria-label="整改状态"
          placeholder="全部状态"
          allowClear
          style={{ minWidth: 140, flex: '1 1 140px' }}
          value={filters.status}
          onChange={(status) => change({ status })}
          options={itemStatus.options}
        />
        <Select
          aria-label="问题类别"
          placeholder="全部类别"
          allowClear
          style={{ minWidth: 140, flex: '1 1 140px' }}
          value={filters.category}
          onChange={(category) => change({ category })}
          options={problemCategory.options}
        />
        <Input.Search
          aria-label="搜索整改任务"
          placeholder="编号或关键词"
          allowClear
          style={{ flex: '2 1 200px' }}
          onSearch={(q) => change({ q: q.trim() || undefined })}
        />
      </Flex>
      {tasks.isError && (
        <LoadError title="整改任务加载失败" error={tasks.error} onRetry={() => void tasks.refetch()} />
      )}
      {tasks.isPending ? (
        <Spin description="加载中…" style={{ padding: 48 }} />
      ) : (
        tasks.data && (
          <Spin spinning={tasks.isFetching}>
            <Flex vertical gap={12}>
              <Typography.Text type="secondary" aria-live="polite">
                共 {tasks.data.total} 项
              </Typography.Text>
              {tasks.data.tasks.length === 0 && <Empty description="没有符合条件的整改任务" />}
              {tasks.data.tasks.map((task) => (
                <TaskCard key={task.number} task={task} />
              ))}
              {tasks.data.total > PAGE_SIZE && (
                <Pagination
                  align="center"
                  simple
                  current={filters.page}
                  pageSize={PAGE_SIZE}
                  total={tasks.data.total}
                  onChange={(page) => setFilters((current) => ({ ...current, page }))}
                />
              )}
            </Flex>
          </Spin>
        )
      )}
    </Flex>
  );
}
