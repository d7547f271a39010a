import type { ItemSummary } from '@ledger/domain/items';
import { itemKind, pollutionType, problemCategory, scheduleState } from '@ledger/domain/vocabulary';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Grid,
  Pagination,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { formatDateTime } from '@/lib/format';

import { useItems } from '../api/get-items';
import {
  changeFilters,
  filtersFromSearch,
  searchFromFilters,
  type LedgerFilters as Filters,
} from '../utils/list-filters';
import { ItemLink } from './item-link';
import { DeadlineTag, ReboundTag, SampleTag, StatusTag } from './item-tags';
import { LedgerFilters, type UnitOption } from './ledger-filters';
import './ledger-list.css';

type LedgerListProps = {
  /** Units for the unit filter; absent for users who only see their own unit's items. */
  units?: UnitOption[];
};

const pageSizeOptions = [10, 20, 50, 100];

/** The ledger: filters, sorting and page all in the address; a table on desks, cards on phones. */
export function LedgerList({ units }: LedgerListProps) {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(searchParams), [searchParams]);
  // Every change is a new history entry, so the back button steps back through them.
  const setFilters = (change: Partial<Filters>) =>
    setSearchParams(searchFromFilters(changeFilters(filters, change)));

  const narrow = !Grid.useBreakpoint().md;
  const items = useItems(filters);
  const list = items.data;

  return (
    <Flex vertical gap={16}>
      <Flex align="baseline" justify="space-between" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          台账
        </Typography.Title>
        {list && (
          <Typography.Text type="secondary" aria-live="polite">
            共 {list.total} 项
          </Typography.Text>
        )}
      </Flex>
      <LedgerFilters filters={filters} onChange={setFilters} units={units} narrow={narrow} />
      {items.isError && (
        <Alert
          type="error"
          showIcon
          title="台账加载失败"
          description={items.error.message}
          action={
            <Button size="small" onClick={() => void items.refetch()}>
              重试
            </Button>
          }
        />
      )}
      {narrow ? (
        <LedgerCards
          items={list?.items}
          loading={items.isFetching}
          total={list?.total ?? 0}
          filters={filters}
          onChange={setFilters}
        />
      ) : (
        <LedgerTable
          items={list?.items}
          loading={items.isFetching}
          total={list?.total ?? 0}
          filters={filters}
          onChange={setFilters}
        />
      )}
    </Flex>
  );
}

type ListViewProps = {
  items: ItemSummary[] | undefined;
  loading: boolean;
  total: number;
  filters: Filters;
  onChange: (change: Partial<Filters>) => void;
};

const kindLabel = (item: ItemSummary) => itemKind.label(item.kind);

/** 问题类别 of a task, 污染类型 of a petition case. */
const classification = (item: ItemSummary) =>
  item.category
    ? problemCategory.label(item.category)
    : item.pollutionTypes.map((type) => pollutionType.label(type)).join('、');

function rowClassName(item: ItemSummary) {
  if (item.overdue) return 'ledger-row-overdue';
  if (item.dueSoon) return 'ledger-row-due-soon';
  return '';
}

function LedgerTable({ items, loading, total, filters, onChange }: ListViewProps) {
  const sortOrderOf = (field: Filters['sort']) =>
    filters.sort === field ? (filters.order === 'asc' ? 'ascend' : 'descend') : null;

  const columns: TableColumnsType<ItemSummary> = [
    {
      key: 'number',
      title: '编号',
      dataIndex: 'number',
      width: 170,
      sorter: true,
      sortOrder: sortOrderOf('number'),
      render: (number: string, item) => <ItemLink id={item.id}>{number}</ItemLink>,
    },
    {
      key: 'title',
      title: '事项',
      render: (_, item) => (
        <Flex vertical gap={4}>
          <ItemLink id={item.id}>{item.title}</ItemLink>
          <Space size={[0, 4]} wrap>
            <Tag>{kindLabel(item)}</Tag>
            {classification(item) && <Tag variant="filled">{classification(item)}</Tag>}
            <SampleTag isSample={item.isSample} />
            <ReboundTag count={item.reboundCount} />
          </Space>
        </Flex>
      ),
    },
    {
      key: 'leadUnit',
      title: '牵头单位',
      width: 130,
      render: (_, item) => item.leadUnit.name,
    },
    {
      key: 'status',
      title: '状态',
      width: 100,
      render: (_, item) => <StatusTag status={item.status} />,
    },
    {
      key: 'deadline',
      title: '整改时限',
      width: 130,
      sorter: true,
      sortOrder: sortOrderOf('deadline'),
      render: (_, item) => (
        <Flex vertical gap={4} align="start">
          <span>{item.deadline}</span>
          <DeadlineTag item={item} />
        </Flex>
      ),
    },
    {
      key: 'scheduleState',
      title: '序时进度',
      width: 130,
      // Narrower desks keep the room for the title; the item page shows it too.
      responsive: ['xxl'],
      render: (_, item) => scheduleState.label(item.scheduleState),
    },
    {
      key: 'updatedAt',
      title: '更新时间',
      width: 150,
      responsive: ['xl'],
      sorter: true,
      sortOrder: sortOrderOf('updatedAt'),
      render: (_, item) => formatDateTime(item.updatedAt),
    },
  ];

  const handleChange: TableProps<ItemSummary>['onChange'] = (pagination, _filters, sorter, { action }) => {
    if (action === 'sort') {
      const { columnKey, order } = Array.isArray(sorter) ? sorter[0]! : sorter;
      onChange(
        order
          ? { sort: columnKey as Filters['sort'], order: order === 'ascend' ? 'asc' : 'desc' }
          : { sort: undefined, order: undefined },
      );
    } else if (action === 'paginate') {
      onChange(
        pagination.pageSize !== filters.pageSize
          ? { pageSize: pagination.pageSize }
          : { page: pagination.current ?? 1 },
      );
    }
  };

  return (
    <Table<ItemSummary>
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      rowClassName={rowClassName}
      onChange={handleChange}
      sortDirections={['ascend', 'descend']}
      showSorterTooltip={false}
      scroll={{ x: 860 }}
      locale={{ emptyText: loading ? ' ' : <Empty description="没有符合条件的事项" /> }}
      pagination={{
        current: filters.page,
        pageSize: filters.pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions,
        showTotal: (count) => `共 ${count} 项`,
      }}
    />
  );
}

function LedgerCards({ items, loading, total, filters, onChange }: ListViewProps) {
  if (!items) return <Spin description="加载中…" style={{ padding: 48 }} />;

  return (
    <Spin spinning={loading}>
      <Flex vertical gap={12}>
        {items.length === 0 && <Empty description="没有符合条件的事项" />}
        {items.map((item) => (
          <ItemCard key={item.id} item={item} />
        ))}
        {total > 0 && (
          <Pagination
            align="center"
            size="small"
            current={filters.page}
            pageSize={filters.pageSize}
            total={total}
            showSizeChanger={false}
            onChange={(page) => onChange({ page })}
          />
        )}
      </Flex>
    </Spin>
  );
}

function ItemCard({ item }: { item: ItemSummary }) {
  const accent = item.overdue ? '#ff4d4f' : item.dueSoon ? '#fa8c16' : undefined;
  return (
    <Card
      size="small"
      aria-label={`${item.number} ${item.title}`}
      title={<ItemLink id={item.id}>{item.number}</ItemLink>}
      extra={<StatusTag status={item.status} />}
      style={accent ? { borderInlineStart: `4px solid ${accent}` } : undefined}
    >
      <Flex vertical gap={6}>
        <ItemLink id={item.id} style={{ fontWeight: 500 }}>
          {item.title}
        </ItemLink>
        <Space size={[0, 4]} wrap>
          <DeadlineTag item={item} />
          <Tag>{kindLabel(item)}</Tag>
          <SampleTag isSample={item.isSample} />
          <ReboundTag count={item.reboundCount} />
        </Space>
        <Typography.Text type="secondary">牵头单位：{item.leadUnit.name}</Typography.Text>
        <Typography.Text type="secondary">
          整改时限：{item.deadline} · {scheduleState.label(item.scheduleState)}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
