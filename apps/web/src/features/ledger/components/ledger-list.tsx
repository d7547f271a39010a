import { PlusOutlined } from '@ant-design/icons';
import { listItemsSearch, type ItemSummary } from '@ledger/domain/items';
import { itemKind, pollutionType, problemCategory, scheduleState } from '@ledger/domain/vocabulary';
import {
  App,
  Button,
  Card,
  Checkbox,
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
import { useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

import { paths } from '@/config/paths';
import { formatDateTime } from '@/lib/format';
import { LoadError } from '@/components/ui/load-error';
import { filtersFromSearch, type LedgerFilters as Filters } from '@/lib/ledger-address';

import { useItems } from '../api/get-items';
import { changeFilters } from '../utils/list-filters';
import { BulkUpdateModal } from './bulk-update-modal';
import type { UnitChoice } from './item-fields';
import { ItemLink } from './item-link';
import { DeadlineTag, ReboundTag, SampleTag, StatusTag } from './item-tags';
import { LedgerFilters, type UnitOption } from './ledger-filters';
import './ledger-list.css';

type LedgerListProps = {
  /** Units for the unit filter; absent for users who only see their own unit's items. */
  units?: UnitOption[];
  /** Every unit, to name those a link's filters refer to (from the dashboard, say). */
  unitNames?: UnitOption[];
  /** whether the user may register items (新增事项) */
  canRegister?: boolean;
  /** for users who may bulk-update items: the units to choose a new lead unit from */
  bulkUpdate?: { units: UnitChoice[]; unitsLoading?: boolean };
  /**
   * For users who may export: 导出 Excel beside the title and 批量导出案卷 beside the selection,
   * another feature's buttons that the page composes in (features do not import each other).
   */
  exports?: {
    workbook: (filters: Filters) => ReactNode;
    caseFiles: (batch: CaseFilesBatch) => ReactNode;
  };
};

/** What a batch of case files is made of: the chosen items, or with none chosen, the filters' items. */
export type CaseFilesBatch = {
  filters: Filters;
  selectedIds: string[];
  /** how many items the filters find (absent while the list loads) */
  total: number | undefined;
  totalCapped: boolean;
  /** the export has started: the chosen items are let go, as after a bulk change */
  onStarted: () => void;
};

const pageSizeOptions = [10, 20, 50, 100];

/** The ledger: filters, sorting and page all in the address; a table on desks, cards on phones. */
export function LedgerList({ units, unitNames, canRegister = false, bulkUpdate, exports }: LedgerListProps) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(searchParams), [searchParams]);
  // Every change is a new history entry, so the back button steps back through them.
  const setFilters = (change: Partial<Filters>) =>
    setSearchParams(listItemsSearch(changeFilters(filters, change)));

  const narrow = !Grid.useBreakpoint().md;
  const items = useItems(filters);
  const list = items.data;

  // Kept across pages and filters, so that items found by different searches can be adjusted at once.
  const [selected, setSelected] = useState<ItemSummary[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const selection: Selection | undefined =
    bulkUpdate || exports ? { selected, onChange: setSelected } : undefined;

  return (
    <Flex vertical gap={16}>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Flex align="baseline" gap={12} wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            台账
          </Typography.Title>
          {list && (
            <Typography.Text type="secondary" aria-live="polite">
              {describeTotal(list.total, list.totalCapped)}
            </Typography.Text>
          )}
        </Flex>
        <Space wrap>
          {exports?.workbook(filters)}
          {canRegister && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(paths.newItem.path)}>
              新增事项
            </Button>
          )}
        </Space>
      </Flex>
      <LedgerFilters
        filters={filters}
        onChange={setFilters}
        units={units}
        unitNames={unitNames}
        narrow={narrow}
      />
      {items.isError && (
        <LoadError title="台账加载失败" error={items.error} onRetry={() => void items.refetch()} />
      )}
      {selection && (
        <Flex align="center" justify="space-between" wrap gap={8} className="ledger-bulk-bar">
          <Typography.Text type={selected.length ? undefined : 'secondary'}>
            {selected.length ? `已选择 ${selected.length} 个事项` : selectionHint(!!bulkUpdate, !!exports)}
          </Typography.Text>
          <Space wrap>
            {selected.length > 0 && <Button onClick={() => setSelected([])}>清除选择</Button>}
            {bulkUpdate && (
              <Button type="primary" ghost disabled={selected.length === 0} onClick={() => setBulkOpen(true)}>
                批量调整
              </Button>
            )}
            {exports?.caseFiles({
              filters,
              selectedIds: selected.map((item) => item.id),
              total: list?.total,
              totalCapped: list?.totalCapped ?? false,
              onStarted: () => setSelected([]),
            })}
          </Space>
        </Flex>
      )}
      {narrow ? (
        <LedgerCards
          items={list?.items}
          loading={items.isFetching}
          total={list?.total ?? 0}
          totalCapped={list?.totalCapped ?? false}
          filters={filters}
          onChange={setFilters}
          selection={selection}
        />
      ) : (
        <LedgerTable
          items={list?.items}
          loading={items.isFetching}
          total={list?.total ?? 0}
          totalCapped={list?.totalCapped ?? false}
          filters={filters}
          onChange={setFilters}
          selection={selection}
        />
      )}
      {bulkUpdate && (
        <BulkUpdateModal
          items={selected}
          units={bulkUpdate.units}
          unitsLoading={bulkUpdate.unitsLoading}
          open={bulkOpen}
          onClose={() => setBulkOpen(false)}
          onDone={(updated) => {
            void message.success(`已调整 ${updated} 个事项`);
            setBulkOpen(false);
            setSelected([]);
          }}
        />
      )}
    </Flex>
  );
}

/** What the selection bar offers before anything is chosen. */
function selectionHint(canBulkUpdate: boolean, canExport: boolean) {
  if (canBulkUpdate && canExport) return '勾选事项后可批量调整或导出案卷；不勾选则按筛选结果导出案卷';
  if (canExport) return '勾选事项后可批量导出案卷；不勾选则按筛选结果导出';
  return '勾选事项后可批量调整牵头单位或整改时限';
}

/** The items chosen for a bulk change or export, whichever page they were chosen on. */
type Selection = {
  selected: ItemSummary[];
  onChange: (selected: ItemSummary[]) => void;
};

/**
 * 共 N 项, or 超过 N 项 when the API stopped counting at its cap: nobody pages through that many,
 * so the words point to the filters instead of promising an exact figure.
 */
export const describeTotal = (total: number, capped: boolean) =>
  capped ? `超过 ${total.toLocaleString('zh-CN')} 项，请用筛选缩小范围` : `共 ${total} 项`;

type ListViewProps = {
  items: ItemSummary[] | undefined;
  loading: boolean;
  total: number;
  /** more items match than the API counts (LIST_TOTAL_CAP): `total` is the cap */
  totalCapped: boolean;
  filters: Filters;
  onChange: (change: Partial<Filters>) => void;
  /** present when rows can be chosen for a bulk change */
  selection?: Selection;
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

function LedgerTable({ items, loading, total, totalCapped, filters, onChange, selection }: ListViewProps) {
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
      rowSelection={
        selection && {
          selectedRowKeys: selection.selected.map((item) => item.id),
          // Rows chosen on another page stay chosen; they are kept in `selection`, not in this page.
          preserveSelectedRowKeys: true,
          columnWidth: 48,
          getCheckboxProps: (item) => ({ 'aria-label': `选择 ${item.number}` }),
          onChange: (keys, rows) =>
            selection.onChange(
              keys
                .map(
                  (key) =>
                    rows.find((row) => row?.id === key) ?? selection.selected.find((item) => item.id === key),
                )
                .filter((item): item is ItemSummary => item !== undefined),
            ),
        }
      }
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
        showTotal: (count) => describeTotal(count, totalCapped),
      }}
    />
  );
}

function LedgerCards({ items, loading, total, filters, onChange, selection }: ListViewProps) {
  if (!items) return <Spin description="加载中…" style={{ padding: 48 }} />;

  return (
    <Spin spinning={loading}>
      <Flex vertical gap={12}>
        {items.length === 0 && <Empty description="没有符合条件的事项" />}
        {items.map((item) => (
          <ItemCard
            key={item.id}
            item={item}
            selected={selection ? selection.selected.some((chosen) => chosen.id === item.id) : undefined}
            onSelect={
              selection &&
              ((checked) =>
                selection.onChange(
                  checked
                    ? [...selection.selected, item]
                    : selection.selected.filter((chosen) => chosen.id !== item.id),
                ))
            }
          />
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

type ItemCardProps = {
  item: ItemSummary;
  /** whether the card is chosen for a bulk change; absent when cards cannot be chosen */
  selected?: boolean;
  onSelect?: (checked: boolean) => void;
};

function ItemCard({ item, selected, onSelect }: ItemCardProps) {
  const accent = item.overdue ? '#ff4d4f' : item.dueSoon ? '#fa8c16' : undefined;
  return (
    <Card
      size="small"
      aria-label={`${item.number} ${item.title}`}
      title={
        <Flex gap={8} align="center">
          {onSelect && (
            <Checkbox
              aria-label={`选择 ${item.number}`}
              checked={selected}
              onChange={(event) => onSelect(event.target.checked)}
            />
          )}
          <ItemLink id={item.id}>{item.number}</ItemLink>
        </Flex>
      }
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
