import type { SupervisionNoticeView } from '@ledger/domain/supervision';
import { noticeLevel, supervisionStatus } from '@ledger/domain/vocabulary';
import {
  Alert,
  Card,
  Empty,
  Flex,
  Grid,
  Pagination,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { NoticeDue, NoticeLevelTag, NoticeStatusTag } from '@/components/ui/supervision-tags';
import { formatDate } from '@/lib/format';

import { useNotices, type NoticeFilters } from '../api/get-notices';
import { NoticeActions } from './notice-actions';
import { NoticeDetails } from './notice-details';

const PAGE_SIZE = 20;

/**
 * 督办列表: filters by level, status and 逾期未反馈; yellow and red as tags, overdue in red. A unit
 * sees its own notices and answers them here; the coordinator reviews and escalates.
 */
export function NoticeList({ itemHref }: { itemHref: (id: string) => string }) {
  const [filters, setFilters] = useState<NoticeFilters>({ page: 1, pageSize: PAGE_SIZE });
  const notices = useNotices(filters);
  const narrow = !Grid.useBreakpoint().md;
  const set = (change: Partial<NoticeFilters>) =>
    setFilters((current) => ({ ...current, ...change, page: 1 }));

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center">
        <Select
          aria-label="督办等级"
          allowClear
          placeholder="全部等级"
          style={{ minWidth: 140 }}
          value={filters.level}
          onChange={(level) => set({ level })}
          options={noticeLevel.options}
        />
        <Select
          aria-label="督办状态"
          allowClear
          placeholder="全部状态"
          style={{ minWidth: 160 }}
          value={filters.status}
          onChange={(status) => set({ status })}
          options={supervisionStatus.options}
        />
        <Space size={4}>
          <Switch
            size="small"
            aria-label="只看逾期未反馈"
            checked={filters.overdue === true}
            onChange={(on) => set({ overdue: on ? true : undefined })}
          />
          <span>只看逾期未反馈</span>
        </Space>
      </Flex>
      {notices.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : notices.isError ? (
        <Alert type="error" showIcon title="督办列表加载失败" description={notices.error.message} />
      ) : notices.data.notices.length === 0 ? (
        <Empty description="没有符合条件的督办" />
      ) : narrow ? (
        <Flex vertical gap={8}>
          {notices.data.notices.map((notice) => (
            <Card key={notice.id} size="small" type="inner">
              <Flex vertical gap={4}>
                <Link to={itemHref(notice.item.id)} style={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
                  {notice.item.number} {notice.item.title}
                </Link>
                <NoticeDetails notice={notice} />
              </Flex>
            </Card>
          ))}
        </Flex>
      ) : (
        <NoticeTable notices={notices.data.notices} itemHref={itemHref} />
      )}
      {notices.data && notices.data.total > PAGE_SIZE && (
        <Pagination
          size="small"
          current={filters.page}
          pageSize={PAGE_SIZE}
          total={notices.data.total}
          showSizeChanger={false}
          showTotal={(total) => `共 ${total} 份`}
          onChange={(page) => setFilters((current) => ({ ...current, page }))}
        />
      )}
    </Flex>
  );
}

function NoticeTable({
  notices,
  itemHref,
}: {
  notices: SupervisionNoticeView[];
  itemHref: (id: string) => string;
}) {
  const columns: TableColumnsType<SupervisionNoticeView> = [
    {
      key: 'item',
      title: '事项',
      render: (_, notice) => (
        <Flex vertical>
          <Link to={itemHref(notice.item.id)}>{notice.item.number}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {notice.item.title}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'unit', title: '被督办单位', width: 140, render: (_, notice) => notice.unit.name },
    {
      key: 'level',
      title: '等级',
      width: 120,
      render: (_, notice) => <NoticeLevelTag level={notice.level} />,
    },
    {
      key: 'status',
      title: '状态',
      width: 150,
      render: (_, notice) => <NoticeStatusTag status={notice.status} />,
    },
    { key: 'issuedAt', title: '下发日期', width: 110, render: (_, notice) => formatDate(notice.issuedAt) },
    { key: 'due', title: '要求反馈', width: 170, render: (_, notice) => <NoticeDue notice={notice} /> },
    { key: 'actions', title: '操作', width: 190, render: (_, notice) => <NoticeActions notice={notice} /> },
  ];
  return (
    <Table<SupervisionNoticeView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={notices}
      pagination={false}
      scroll={{ x: 900 }}
      expandable={{
        expandedRowRender: (notice) => (
          <Flex vertical gap={4}>
            <Typography.Text>督办事由：{notice.reason}</Typography.Text>
            {notice.responseText && <Typography.Text>单位反馈：{notice.responseText}</Typography.Text>}
          </Flex>
        ),
      }}
    />
  );
}
