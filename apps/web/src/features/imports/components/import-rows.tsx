import type { ImportChange, ImportProblem, ImportRow } from '@ledger/domain/imports';
import { Button, Card, Empty, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { RowActionTag } from './import-status-tag';
import './imports.css';

type ImportRowsProps = {
  rows: ImportRow[];
  loading: boolean;
  narrow: boolean;
  /** what the empty list means under the chosen tab */
  emptyText: string;
};

const hasProblems = (row: ImportRow) => row.action === 'ERROR' || row.problems.length > 0;
const rowKey = (row: ImportRow) => `${row.sheet}:${row.row}`;

/**
 * The preview's rows as a spreadsheet user finds them (sheet, row number, 编号), what each will
 * do, each changed field from its old to its new value, and every problem in red. Rows with a
 * problem stand out. A table on desks, cards on phones.
 */
export function ImportRows({ rows, loading, narrow, emptyText }: ImportRowsProps) {
  if (narrow) {
    return (
      <Flex vertical gap={12} aria-busy={loading}>
        {rows.length === 0 && !loading && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />
        )}
        {rows.map((row) => (
          <RowCard key={rowKey(row)} row={row} />
        ))}
      </Flex>
    );
  }

  const columns: TableColumnsType<ImportRow> = [
    { key: 'sheet', title: '工作表', dataIndex: 'sheet', width: 100 },
    { key: 'row', title: '行号', dataIndex: 'row', width: 70 },
    {
      key: 'number',
      title: '编号',
      width: 180,
      render: (_, row) => row.number ?? <Typography.Text type="secondary">（无）</Typography.Text>,
    },
    { key: 'title', title: '标题', width: 220, render: (_, row) => row.title ?? '' },
    { key: 'action', title: '处理', width: 90, render: (_, row) => <RowActionTag action={row.action} /> },
    {
      key: 'details',
      title: '变更与问题',
      render: (_, row) => <RowDetails row={row} />,
    },
  ];
  return (
    <Table<ImportRow>
      rowKey={rowKey}
      columns={columns}
      dataSource={rows}
      loading={loading}
      rowClassName={(row) => (hasProblems(row) ? 'import-row-error' : '')}
      pagination={false}
      scroll={{ x: 960 }}
      size="small"
      locale={{
        emptyText: loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />,
      }}
    />
  );
}

function RowCard({ row }: { row: ImportRow }) {
  return (
    <Card
      size="small"
      className={hasProblems(row) ? 'import-card-error' : undefined}
      aria-label={`${row.sheet} 第 ${row.row} 行`}
      title={
        <Typography.Text style={{ fontWeight: 500 }}>
          {row.sheet} · 第 {row.row} 行{row.number ? ` · ${row.number}` : ''}
        </Typography.Text>
      }
      extra={<RowActionTag action={row.action} />}
    >
      <Flex vertical gap={6}>
        {row.title && <Typography.Text>{row.title}</Typography.Text>}
        <RowDetails row={row} />
      </Flex>
    </Card>
  );
}

function RowDetails({ row }: { row: ImportRow }) {
  if (row.changes.length === 0 && row.problems.length === 0) {
    return (
      <Typography.Text type="secondary">{row.action === 'UNCHANGED' ? '与台账一致' : ''}</Typography.Text>
    );
  }
  return (
    <Flex vertical gap={4}>
      {row.problems.length > 0 && <Problems problems={row.problems} />}
      {row.changes.length > 0 && <Changes changes={row.changes} />}
    </Flex>
  );
}

function Problems({ problems }: { problems: ImportProblem[] }) {
  return (
    <ul aria-label="问题" className="import-list">
      {problems.map((problem, index) => (
        <li key={index}>
          <Typography.Text type="danger">
            {problem.column ? `「${problem.column}」：` : ''}
            {problem.message}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

/** A new item lists every field it brings; a few are shown until the person asks for the rest. */
const shownChanges = 5;

function Changes({ changes }: { changes: ImportChange[] }) {
  const [expanded, setExpanded] = useState(false);
  const visible = expanded ? changes : changes.slice(0, shownChanges);
  return (
    <div>
      <ul aria-label="变更" className="import-list">
        {visible.map((change, index) => (
          <li key={index}>
            <Typography.Text type="secondary">{change.header}：</Typography.Text>
            <ChangeValue value={change.before} old />
            {' → '}
            <ChangeValue value={change.after} />
          </li>
        ))}
      </ul>
      {changes.length > shownChanges && (
        <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setExpanded(!expanded)}>
          {expanded ? '收起' : `展开全部 ${changes.length} 个字段`}
        </Button>
      )}
    </div>
  );
}

function ChangeValue({ value, old = false }: { value: string | null; old?: boolean }) {
  if (value === null || value === '') return <Typography.Text type="secondary">（空）</Typography.Text>;
  return old ? (
    <Typography.Text delete>{value}</Typography.Text>
  ) : (
    <Typography.Text strong>{value}</Typography.Text>
  );
}
