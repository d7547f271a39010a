import type { PublicPetition } from '@ledger/domain/public';
import { accountabilityCounts, handlingState, pollutionType, verdict } from '@ledger/domain/vocabulary';
import {
  Card,
  Descriptions,
  Empty,
  Flex,
  Grid,
  Input,
  Pagination,
  Select,
  Spin,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { LoadError } from '@/components/ui/load-error';

import { usePublicPetitions, type PublicPetitionFilters } from '../api/get-public-petitions';
import { usePublicSummary } from '../api/get-public-summary';
import { SampleTag } from './public-tags';

const PAGE_SIZE = 20;

const pollutionLabels = (petition: PublicPetition) =>
  petition.pollutionTypes.map((type) => pollutionType.label(type)).join('、');

const verdictLabel = (petition: PublicPetition) =>
  petition.verdict ? verdict.label(petition.verdict) : '核查中';

/** 问责情况 as the official table prints it: the counts that are not zero, in the table's order. */
function Accountability({ petition }: { petition: PublicPetition }) {
  const given = accountabilityCounts.filter(({ field }) => petition.accountability[field] > 0);
  if (given.length === 0) return <Typography.Text type="secondary">无</Typography.Text>;
  return (
    <Flex vertical>
      {given.map(({ field, label }) => (
        <span key={field}>
          {label}：{petition.accountability[field]}
        </span>
      ))}
    </Flex>
  );
}

const text = (value: string | null) => value ?? <Typography.Text type="secondary">核查中</Typography.Text>;

const columns: TableColumnsType<PublicPetition> = [
  {
    key: 'number',
    title: '受理编号',
    width: 190,
    render: (_, petition) => (
      <Flex vertical gap={4} align="start">
        <span>{petition.number}</span>
        <Typography.Text type="secondary">第 {petition.batch} 批</Typography.Text>
        <SampleTag isSample={petition.isSample} />
      </Flex>
    ),
  },
  { key: 'complaintSummary', title: '交办问题基本情况', dataIndex: 'complaintSummary', width: 260 },
  { key: 'area', title: '行政区域', dataIndex: 'area', width: 100 },
  { key: 'pollutionTypes', title: '污染类型', width: 90, render: (_, petition) => pollutionLabels(petition) },
  {
    key: 'investigationFindings',
    title: '调查核实情况',
    width: 260,
    render: (_, petition) => text(petition.investigationFindings),
  },
  { key: 'verdict', title: '是否属实', width: 90, render: (_, petition) => verdictLabel(petition) },
  { key: 'handling', title: '处理和整改情况', width: 260, render: (_, petition) => text(petition.handling) },
  {
    key: 'accountability',
    title: '问责情况',
    width: 150,
    render: (_, petition) => <Accountability petition={petition} />,
  },
  {
    key: 'handlingState',
    title: '办结情况',
    width: 100,
    render: (_, petition) => handlingState.label(petition.handlingState),
  },
];

/** On a phone the table's columns become a card per case, the labels above their text. */
function PetitionCard({ petition }: { petition: PublicPetition }) {
  return (
    <Card
      size="small"
      role="article"
      aria-label={`受理编号 ${petition.number}`}
      title={<span style={{ whiteSpace: 'normal' }}>受理编号 {petition.number}</span>}
      extra={<SampleTag isSample={petition.isSample} />}
    >
      <Descriptions
        column={1}
        size="small"
        layout="vertical"
        items={[
          { key: 'complaintSummary', label: '交办问题基本情况', children: petition.complaintSummary },
          { key: 'area', label: '行政区域', children: petition.area },
          { key: 'pollutionTypes', label: '污染类型', children: pollutionLabels(petition) },
          {
            key: 'investigationFindings',
            label: '调查核实情况',
            children: text(petition.investigationFindings),
          },
          { key: 'verdict', label: '是否属实', children: verdictLabel(petition) },
          { key: 'handling', label: '处理和整改情况', children: text(petition.handling) },
          { key: 'accountability', label: '问责情况', children: <Accountability petition={petition} /> },
          { key: 'handlingState', label: '办结情况', children: handlingState.label(petition.handlingState) },
        ]}
      />
    </Card>
  );
}

/** 边督边改公开情况一览表: the official public table of petition cases; cards on phones. */
export function PublicPetitions() {
  const narrow = !Grid.useBreakpoint().md;
  const [filters, setFilters] = useState<PublicPetitionFilters>({ page: 1, pageSize: PAGE_SIZE });
  const change = (next: Partial<PublicPetitionFilters>) =>
    setFilters((current) => ({ ...current, page: 1, ...next }));
  const petitions = usePublicPetitions(filters);
  // The streets with cases, for the area filter: the public cannot read the unit list.
  const areas = usePublicSummary().data?.petitions.byArea ?? [];
  const list = petitions.data;

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8}>
        <Select
          aria-label="行政区域"
          placeholder="全部街道"
          allowClear
          style={{ minWidth: 140, flex: '1 1 140px' }}
          value={filters.areaUnitId}
          onChange={(areaUnitId) => change({ areaUnitId })}
          options={areas.map((area) => ({ value: area.unitId, label: `${area.name}（${area.count}）` }))}
        />
        <Select
          aria-label="污染类型"
          placeholder="全部污染类型"
          allowClear
          style={{ minWidth: 140, flex: '1 1 140px' }}
          value={filters.pollutionType}
          onChange={(type) => change({ pollutionType: type })}
          options={pollutionType.options}
        />
        <Select
          aria-label="办结情况"
          placeholder="全部办结情况"
          allowClear
          style={{ minWidth: 140, flex: '1 1 140px' }}
          value={filters.handlingState}
          onChange={(state) => change({ handlingState: state })}
          options={handlingState.options}
        />
        <Input.Search
          aria-label="搜索信访件"
          placeholder="受理编号或关键词"
          allowClear
          style={{ flex: '2 1 200px' }}
          onSearch={(q) => change({ q: q.trim() || undefined })}
        />
      </Flex>
      {petitions.isError && (
        <LoadError title="信访件加载失败" error={petitions.error} onRetry={() => void petitions.refetch()} />
      )}
      {list && (
        <Typography.Text type="secondary" aria-live="polite">
          共 {list.total} 件
        </Typography.Text>
      )}
      {narrow ? (
        petitions.isPending ? (
          <Spin description="加载中…" style={{ padding: 48 }} />
        ) : (
          list && (
            <Spin spinning={petitions.isFetching}>
              <Flex vertical gap={12}>
                {list.petitions.length === 0 && <Empty description="没有符合条件的信访件" />}
                {list.petitions.map((petition) => (
                  <PetitionCard key={petition.number} petition={petition} />
                ))}
                {list.total > PAGE_SIZE && (
                  <Pagination
                    align="center"
                    simple
                    current={filters.page}
                    pageSize={PAGE_SIZE}
                    total={list.total}
                    onChange={(page) => setFilters((current) => ({ ...current, page }))}
                  />
                )}
              </Flex>
            </Spin>
          )
        )
      ) : (
        <Table<PublicPetition>
          rowKey="number"
          columns={columns}
          dataSource={list?.petitions}
          loading={petitions.isFetching}
          tableLayout="fixed"
          scroll={{ x: 1500 }}
          locale={{ emptyText: petitions.isFetching ? ' ' : <Empty description="没有符合条件的信访件" /> }}
          pagination={{
            current: filters.page,
            pageSize: PAGE_SIZE,
            total: list?.total ?? 0,
            showSizeChanger: false,
            showTotal: (count) => `共 ${count} 件`,
            onChange: (page) => setFilters((current) => ({ ...current, page })),
          }}
        />
      )}
    </Flex>
  );
}
