import { FilterOutlined } from '@ant-design/icons';
import { reportBucketKind } from '@ledger/domain/dashboard';
import { itemSortFields } from '@ledger/domain/items';
import {
  handlingState,
  itemKind,
  itemStatus,
  pollutionType,
  problemCategory,
  taskReportBucket,
} from '@ledger/domain/vocabulary';
import {
  Badge,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';

import type { LedgerFilters as Filters } from '@/lib/ledger-address';

import { activeFilterCount, clearedFilters, filterChips } from '../utils/list-filters';

export type UnitOption = { id: string; name: string };

type LedgerFiltersProps = {
  filters: Filters;
  onChange: (change: Partial<Filters>) => void;
  /** Units to filter by; absent for users who only see their own unit's items. */
  units?: UnitOption[];
  /** Every unit the user may meet in a link's filters, to name them in the chips (ids otherwise). */
  unitNames?: UnitOption[];
  /** Phones get a search box and a 筛选 button that opens the filters in a drawer. */
  narrow: boolean;
};

const kindOptions = (['task', 'petition'] as const).map((kind) => ({
  value: kind,
  label: itemKind.label(kind === 'task' ? 'TASK' : 'PETITION'),
}));

const sortLabels: Record<(typeof itemSortFields)[number], string> = {
  deadline: '整改时限',
  updatedAt: '更新时间',
  number: '编号',
};
const sortOptions = itemSortFields.flatMap((field) => [
  { value: `${field}:asc`, label: `${sortLabels[field]} ↑` },
  { value: `${field}:desc`, label: `${sortLabels[field]} ↓` },
]);

const dueWithinChoices = [3, 7, 15, 30];

/** 统计口径: the official report buckets, a task's and a petition's (办结状态) apart. */
const bucketOptions = [
  { label: '整改任务', title: '整改任务', options: taskReportBucket.options },
  { label: '信访件', title: '信访件', options: handlingState.options },
];

/** The ledger's filters, each bound to its URL parameter through `filters` / `onChange`. */
export function LedgerFilters({ filters, onChange, units, unitNames, narrow }: LedgerFiltersProps) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const count = activeFilterCount(filters);
  const unitName = (id: string) => (unitNames ?? units)?.find((unit) => unit.id === id)?.name;
  const chips = filterChips(filters, unitName);
  const unitOptions = units?.map((unit) => ({ value: unit.id, label: unit.name }));

  const search = (
    <Input.Search
      // A new key when the address changes (back button, reset) puts the address's term back in.
      key={filters.q ?? ''}
      defaultValue={filters.q}
      aria-label="搜索"
      placeholder="搜索编号、标题或内容"
      allowClear
      enterButton="搜索"
      maxLength={100}
      onSearch={(value) => onChange({ q: value.trim() || undefined })}
    />
  );

  const field = (id: string, label: string, control: ReactNode, span = 6) => (
    <Col xs={24} sm={12} md={8} xl={span}>
      <Form.Item label={label} htmlFor={`ledger-filter-${id}`} style={{ marginBottom: 12 }}>
        {control}
      </Form.Item>
    </Col>
  );

  const fields = (
    <Form layout="vertical" component="div">
      <Row gutter={16}>
        {field(
          'kind',
          '类型',
          <Select
            id="ledger-filter-kind"
            allowClear
            placeholder="全部类型"
            options={kindOptions}
            value={filters.kind}
            onChange={(kind) =>
              onChange({
                kind,
                // Categories belong to tasks and pollution types to petitions.
                ...(kind === 'petition' ? { category: undefined } : {}),
                ...(kind === 'task' ? { pollutionType: undefined } : {}),
              })
            }
          />,
        )}
        {field(
          'status',
          '状态',
          <Select
            id="ledger-filter-status"
            mode="multiple"
            allowClear
            placeholder="全部状态"
            options={itemStatus.options}
            value={filters.status ?? []}
            onChange={(status) => onChange({ status: status.length > 0 ? status : undefined })}
            maxTagCount="responsive"
          />,
        )}
        {units &&
          field(
            'unit',
            '责任单位',
            <Select
              id="ledger-filter-unit"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部单位"
              options={unitOptions}
              value={filters.unitId}
              onChange={(unitId) => onChange({ unitId })}
            />,
          )}
        {units &&
          field(
            'lead-unit',
            '牵头单位',
            <Select
              id="ledger-filter-lead-unit"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部牵头单位"
              options={unitOptions}
              value={filters.leadUnitId}
              onChange={(leadUnitId) => onChange({ leadUnitId })}
            />,
          )}
        {field(
          'bucket',
          '统计口径',
          <Select
            id="ledger-filter-bucket"
            allowClear
            placeholder="不限"
            options={bucketOptions}
            // Ten options in two groups: all of them fit, none needs the virtual list.
            virtual={false}
            value={filters.bucket}
            onChange={(bucket) =>
              onChange({
                bucket,
                // A task's bucket finds tasks only and a petition's petitions only: a kind that
                // contradicts it would empty the list.
                ...(bucket && filters.kind === (reportBucketKind(bucket) === 'TASK' ? 'petition' : 'task')
                  ? { kind: undefined }
                  : {}),
              })
            }
          />,
        )}
        {filters.kind !== 'petition' &&
          field(
            'category',
            '问题类别',
            <Select
              id="ledger-filter-category"
              allowClear
              placeholder="全部类别"
              options={problemCategory.options}
              value={filters.category}
              onChange={(category) => onChange({ category })}
            />,
          )}
        {filters.kind !== 'task' &&
          field(
            'pollution-type',
            '污染类型',
            <Select
              id="ledger-filter-pollution-type"
              allowClear
              placeholder="全部污染类型"
              options={pollutionType.options}
              value={filters.pollutionType}
              onChange={(value) => onChange({ pollutionType: value })}
            />,
          )}
        {field(
          'deadline',
          '整改时限',
          <DatePicker.RangePicker
            id={{ start: 'ledger-filter-deadline' }}
            style={{ width: '100%' }}
            allowEmpty={[true, true]}
            inputReadOnly={narrow}
            value={[
              filters.deadlineFrom ? dayjs(filters.deadlineFrom) : null,
              filters.deadlineTo ? dayjs(filters.deadlineTo) : null,
            ]}
            onChange={(range) =>
              onChange({
                deadlineFrom: range?.[0]?.format('YYYY-MM-DD'),
                deadlineTo: range?.[1]?.format('YYYY-MM-DD'),
              })
            }
          />,
        )}
        {field(
          'due-within',
          '临期',
          <Select
            id="ledger-filter-due-within"
            allowClear
            placeholder="不限"
            options={[
              ...new Set([...dueWithinChoices, ...(filters.dueWithinDays ? [filters.dueWithinDays] : [])]),
            ]
              .sort((a, b) => a - b)
              .map((days) => ({ value: days, label: `${days} 天内到期` }))}
            value={filters.dueWithinDays}
            onChange={(dueWithinDays) => onChange({ dueWithinDays })}
          />,
        )}
        {narrow &&
          field(
            'sort',
            '排序',
            <Select
              id="ledger-filter-sort"
              options={sortOptions}
              value={`${filters.sort}:${filters.order}`}
              onChange={(value: string) => {
                const [sort, order] = value.split(':') as [Filters['sort'], Filters['order']];
                onChange({ sort, order });
              }}
            />,
          )}
        <Col xs={24} sm={12} md={8} xl={6}>
          <Flex align="center" justify="space-between" gap={8} style={{ minHeight: narrow ? 40 : 62 }} wrap>
            <Checkbox
              checked={filters.overdue === true}
              onChange={(event) => onChange({ overdue: event.target.checked ? true : undefined })}
            >
              只看已逾期
            </Checkbox>
            <Button onClick={() => onChange(clearedFilters(filters))} disabled={count === 0 && !filters.q}>
              重置
            </Button>
          </Flex>
        </Col>
      </Row>
    </Form>
  );

  const applied = chips.length > 0 && (
    <Flex wrap gap={6} align="center" role="group" aria-label="已选条件">
      <Typography.Text type="secondary">已选：</Typography.Text>
      {chips.map((chip) => (
        <Tag
          key={chip.key}
          color="blue"
          style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}
          closable={{ 'aria-label': `移除 ${chip.label}` }}
          onClose={(event) => {
            // The list redraws from the address; the tag must not hide itself first.
            event.preventDefault();
            onChange(chip.remove);
          }}
        >
          {chip.label}
        </Tag>
      ))}
    </Flex>
  );

  if (!narrow) {
    return (
      <Flex vertical gap={12}>
        <div style={{ maxWidth: 480 }}>{search}</div>
        {fields}
        {applied}
      </Flex>
    );
  }

  return (
    <Flex vertical gap={8}>
      <Flex gap={8}>
        <div style={{ flex: 1, minWidth: 0 }}>{search}</div>
        <Badge count={count} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setDrawerOpen(true)}>
            筛选
          </Button>
        </Badge>
        <Drawer
          title="筛选条件"
          placement="right"
          size={320}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          footer={
            <Button type="primary" block onClick={() => setDrawerOpen(false)}>
              查看结果
            </Button>
          }
        >
          {fields}
        </Drawer>
      </Flex>
      {applied}
    </Flex>
  );
}
