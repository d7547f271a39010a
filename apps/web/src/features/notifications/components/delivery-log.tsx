import { deliveryStatus, type DeliveryView } from '@ledger/domain/notifications';
import { App, Button, Descriptions, Flex, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { LoadError } from '@/components/ui/load-error';
import { PageHeader } from '@/components/ui/page-header';
import { formatDateTime } from '@/lib/format';

import { useUnitOptions } from '../api/get-unit-options';
import { useDeliveries, type DeliveryFilter } from '../api/get-webhook-deliveries';
import { useRetryDelivery } from '../api/retry-delivery';

const PAGE_SIZE = 20;

const statusColors: Record<DeliveryView['status'], string> = {
  PENDING: 'processing',
  DELIVERED: 'success',
  FAILED: 'error',
};

/** Each attempt and what came back, and the text that was pushed. */
function DeliveryDetails({ delivery }: { delivery: DeliveryView }) {
  return (
    <Flex vertical gap={8}>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'url', label: '推送地址', children: <Typography.Text code>{delivery.url}</Typography.Text> },
          ...(delivery.nextTryAt
            ? [{ key: 'next', label: '下次尝试', children: formatDateTime(delivery.nextTryAt) }]
            : []),
        ]}
      />
      <Typography.Text strong>发送记录</Typography.Text>
      {delivery.attemptLog.length === 0 ? (
        <Typography.Text type="secondary">尚未发送</Typography.Text>
      ) : (
        <ol style={{ margin: 0, paddingInlineStart: 20 }} aria-label="发送记录">
          {delivery.attemptLog.map((attempt) => (
            <li key={`${attempt.at}:${attempt.attempt}`} style={{ overflowWrap: 'anywhere' }}>
              {formatDateTime(attempt.at)} 第 {attempt.attempt} 次：
              {attempt.delivered ? <Tag color="success">成功</Tag> : <Tag color="error">失败</Tag>}
              {attempt.responseStatus !== null && `HTTP ${attempt.responseStatus} `}
              {attempt.error}
            </li>
          ))}
        </ol>
      )}
      <Typography.Text strong>推送内容</Typography.Text>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
        {delivery.content}
      </Typography.Paragraph>
    </Flex>
  );
}

/** 推送记录: whether each unit's daily warning reached its robot, every attempt, and sending a failed one again. */
export function DeliveryLog() {
  const { message } = App.useApp();
  const [filter, setFilter] = useState<DeliveryFilter>({ page: 1, pageSize: PAGE_SIZE });
  const deliveries = useDeliveries(filter);
  const units = useUnitOptions();
  const retry = useRetryDelivery();

  const columns: TableColumnsType<DeliveryView> = [
    { key: 'createdAt', title: '生成时间', width: 150, render: (_, row) => formatDateTime(row.createdAt) },
    { key: 'unit', title: '单位', width: 140, render: (_, row) => row.unit.name },
    { key: 'digestOn', title: '日报日期', dataIndex: 'digestOn', width: 110 },
    {
      key: 'status',
      title: '状态',
      width: 90,
      render: (_, row) => <Tag color={statusColors[row.status]}>{deliveryStatus.label(row.status)}</Tag>,
    },
    { key: 'attempts', title: '尝试次数', dataIndex: 'attempts', width: 90 },
    {
      key: 'responseStatus',
      title: '状态码',
      width: 80,
      render: (_, row) => row.responseStatus ?? '—',
    },
    {
      key: 'lastError',
      title: '最近错误',
      ellipsis: true,
      render: (_, row) => row.lastError ?? '—',
    },
    {
      key: 'actions',
      title: '操作',
      width: 100,
      render: (_, row) =>
        row.status === 'FAILED' ? (
          <Button
            type="link"
            size="small"
            loading={retry.isPending && retry.variables === row.id}
            onClick={() =>
              retry.mutate(row.id, {
                onSuccess: () => void message.success(`已重新排队推送“${row.unit.name}”`),
                onError: (error) => void message.error(error.message),
              })
            }
          >
            重新推送
          </Button>
        ) : null,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader title="推送记录" />
      <Flex wrap gap={8}>
        <Select
          aria-label="单位"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="全部单位"
          style={{ minWidth: 180, flex: '1 1 180px', maxWidth: 320 }}
          value={filter.unitId}
          loading={units.isPending}
          options={units.data?.map((unit) => ({ value: unit.id, label: unit.name }))}
          onChange={(unitId?: string) => setFilter((current) => ({ ...current, unitId, page: 1 }))}
        />
        <Select
          aria-label="状态"
          allowClear
          placeholder="全部状态"
          style={{ minWidth: 140, flex: '0 1 160px' }}
          value={filter.status}
          options={deliveryStatus.options}
          onChange={(status?: DeliveryView['status']) =>
            setFilter((current) => ({ ...current, status, page: 1 }))
          }
        />
      </Flex>
      {deliveries.isError && (
        <LoadError
          title="推送记录加载失败"
          error={deliveries.error}
          onRetry={() => void deliveries.refetch()}
        />
      )}
      <Table<DeliveryView>
        rowKey="id"
        columns={columns}
        dataSource={deliveries.data?.deliveries}
        loading={deliveries.isFetching}
        expandable={{ expandedRowRender: (row) => <DeliveryDetails delivery={row} /> }}
        locale={{ emptyText: '暂无推送记录。为单位设置预警推送地址后，每天的预警日报会推送到该地址。' }}
        pagination={{
          current: filter.page,
          pageSize: PAGE_SIZE,
          total: deliveries.data?.total,
          showSizeChanger: false,
          onChange: (page) => setFilter((current) => ({ ...current, page })),
        }}
        scroll={{ x: 900 }}
        size="middle"
      />
    </Flex>
  );
}
