import { CheckCircleOutlined } from '@ant-design/icons';
import type { ImportProblem, ImportView } from '@ledger/domain/imports';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Grid,
  Pagination,
  Progress,
  Result,
  Row,
  Skeleton,
  Statistic,
  Tabs,
  Typography,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';

import { LoadError } from '@/components/ui/load-error';
import { ApiError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';

import { useCommitImport } from '../api/commit-import';
import { useImport, type ImportRowsPage } from '../api/get-import';
import { importsQueryKey } from '../api/get-imports';
import { ImportRows } from './import-rows';
import { ImportStatusTag } from './import-status-tag';

const tabs = ['all', 'changes', 'problems'] as const;
type Show = (typeof tabs)[number];

/** The tab and page live in the address, so a reload shows the same rows. */
function rowsPageFrom(search: URLSearchParams): ImportRowsPage {
  const show = search.get('show');
  const page = Number(search.get('page'));
  return {
    show: tabs.includes(show as Show) ? (show as Show) : 'all',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

const emptyTexts: Record<Show, string> = {
  all: '文件中没有数据行',
  changes: '没有需要新增或更新的行',
  problems: '没有错误',
};

/**
 * One import: what the file will do to the ledger (counts, problems of the file, each row), the
 * button that applies it — refused, with the reason, while the file has problems — then the
 * commit's progress and its result.
 */
export function ImportPreview({ importId }: { importId: string }) {
  const [search, setSearch] = useSearchParams();
  const rowsPage = rowsPageFrom(search);
  const query = useImport(importId, rowsPage);
  const narrow = !Grid.useBreakpoint().md;
  useLedgerRefreshOnCommit(query.data);

  if (query.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (query.isError) {
    if (query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400)) {
      return (
        <Result status="404" title="导入记录不存在" subTitle="请检查链接是否正确，或在下方导入记录中查找。" />
      );
    }
    return <LoadError title="导入预览加载失败" error={query.error} onRetry={() => void query.refetch()} />;
  }

  const view = query.data;
  const setRows = (next: Partial<ImportRowsPage>) => {
    const merged = { ...rowsPage, ...next };
    const params = new URLSearchParams();
    if (merged.show !== 'all') params.set('show', merged.show);
    if (merged.page !== 1) params.set('page', String(merged.page));
    setSearch(params, { replace: true });
  };

  return (
    <Flex vertical gap={16}>
      <Flex vertical gap={4}>
        <Flex gap={8} align="center" wrap>
          <Typography.Title level={4} style={{ margin: 0, overflowWrap: 'anywhere' }}>
            {view.fileName}
          </Typography.Title>
          <ImportStatusTag status={view.status} />
        </Flex>
        <Typography.Text type="secondary">
          {view.createdBy.displayName} 上传于 {formatDateTime(view.createdAt)}
          {view.committedAt && `，导入于 ${formatDateTime(view.committedAt)}`}
        </Typography.Text>
      </Flex>

      <Counts view={view} />
      {view.fileProblems.length > 0 && <FileProblems problems={view.fileProblems} />}
      {view.notes.length > 0 && <Notes notes={view.notes} />}
      <CommitArea view={view} />

      <Card size="small" title="逐行预览">
        <Tabs
          activeKey={rowsPage.show}
          onChange={(key) => setRows({ show: key as Show, page: 1 })}
          items={[
            { key: 'all', label: `全部（${view.counts.rows}）` },
            { key: 'changes', label: `有变化（${view.counts.create + view.counts.update}）` },
            { key: 'problems', label: `有错误（${view.counts.error}）` },
          ]}
        />
        <ImportRows
          rows={view.rows}
          loading={query.isFetching && query.isPlaceholderData}
          narrow={narrow}
          emptyText={emptyTexts[rowsPage.show]}
        />
        {view.total > view.pageSize && (
          <Pagination
            style={{ marginTop: 16 }}
            align="end"
            size="small"
            current={view.page}
            pageSize={view.pageSize}
            total={view.total}
            showSizeChanger={false}
            onChange={(page) => setRows({ page })}
          />
        )}
      </Card>
    </Flex>
  );
}

function Counts({ view }: { view: ImportView }) {
  const { counts } = view;
  const figures = [
    { label: '数据行', value: counts.rows },
    { label: '新增', value: counts.create, color: counts.create ? '#389e0d' : undefined },
    { label: '更新', value: counts.update, color: counts.update ? '#0958d9' : undefined },
    { label: '无变化', value: counts.unchanged },
    { label: '有错误', value: counts.error, color: counts.error ? '#cf1322' : undefined },
  ];
  return (
    <Card size="small">
      <Row gutter={[16, 12]} role="list" aria-label="预览统计">
        {figures.map((figure) => (
          <Col
            key={figure.label}
            xs={8}
            sm={4}
            role="listitem"
            aria-label={`${figure.label} ${figure.value}`}
          >
            <Statistic
              title={figure.label}
              value={figure.value}
              styles={{ content: figure.color ? { color: figure.color } : undefined }}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

const placeOf = (problem: ImportProblem) =>
  [
    problem.sheet && `工作表「${problem.sheet}」`,
    problem.row !== null && `第 ${problem.row} 行`,
    problem.column && `「${problem.column}」列`,
  ]
    .filter(Boolean)
    .join('');

/** Problems or notes, each where a spreadsheet user finds it. */
function PlacedList({ entries }: { entries: ImportProblem[] }) {
  return (
    <ul className="import-list">
      {entries.map((entry, index) => (
        <li key={index}>
          {placeOf(entry) && `${placeOf(entry)}：`}
          {entry.message}
        </li>
      ))}
    </ul>
  );
}

function FileProblems({ problems }: { problems: ImportProblem[] }) {
  return (
    <Alert
      type="error"
      showIcon
      title={`文件有 ${problems.length} 处问题，不能导入`}
      description={<PlacedList entries={problems} />}
    />
  );
}

/** What the import leaves aside without harm (a column it does not know, a sheet that is no ledger). */
function Notes({ notes }: { notes: ImportProblem[] }) {
  return (
    <Alert
      type="info"
      showIcon
      title={`以下 ${notes.length} 处内容不导入（不影响导入其余内容）`}
      description={<PlacedList entries={notes} />}
    />
  );
}

/** Why 确认导入 is refused, in words a person can act on; null when it may be pressed. */
function commitRefusal(view: ImportView): string | null {
  if (view.status === 'INVALID') {
    const parts = [
      view.fileProblems.length > 0 && `文件有 ${view.fileProblems.length} 处问题`,
      view.counts.error > 0 && `${view.counts.error} 行共 ${view.counts.problems} 处错误`,
    ].filter(Boolean);
    return `${parts.join('，') || '文件有错误'}。请在 Excel 中按提示修改后重新上传；有错误时不会导入任何一行。`;
  }
  return null;
}

function CommitArea({ view }: { view: ImportView }) {
  const commit = useCommitImport();
  const refusal = commitRefusal(view);
  const { create, update, unchanged } = view.counts;

  if (view.status === 'COMMITTING') {
    const { done, total } = view.progress;
    return (
      <Card size="small">
        <Typography.Text>正在导入，请勿关闭页面（离开后可在导入记录中查看结果）</Typography.Text>
        <Progress
          percent={total ? Math.floor((done / total) * 100) : 0}
          status="active"
          aria-label="导入进度"
          format={() => `${done}/${total}`}
        />
      </Card>
    );
  }
  if (view.status === 'COMMITTED') {
    return (
      <Alert
        type="success"
        showIcon
        title={`已导入：新增 ${create} 项，更新 ${update} 项`}
        description={unchanged > 0 ? `其余 ${unchanged} 行与台账一致，未作更改。` : undefined}
      />
    );
  }
  if (view.status === 'FAILED') {
    return (
      <Alert
        type="error"
        showIcon
        title="导入失败，台账未作任何更改"
        description={`${view.error ?? '原因不明'}。请修改后重新上传。`}
      />
    );
  }
  return (
    <Card size="small">
      <Flex vertical gap={8} align="start">
        <Typography.Text>
          {refusal ??
            (create + update > 0
              ? `确认后将新增 ${create} 项、更新 ${update} 项，${unchanged} 行无变化；在一次操作中全部导入，任何一行失败则全部不导入。`
              : '文件与台账一致，没有需要新增或更新的事项；确认后仅记录本次导入。')}
        </Typography.Text>
        <Button
          type="primary"
          icon={<CheckCircleOutlined />}
          disabled={refusal !== null}
          loading={commit.isPending}
          onClick={() => commit.mutate(view.id)}
        >
          确认导入
        </Button>
        {commit.isError && (
          <Alert type="error" showIcon title="未能导入" description={commit.error.message} />
        )}
      </Flex>
    </Card>
  );
}

/**
 * Once an import is in the ledger, every other cached view of the ledger (lists, items,
 * dashboard) is out of date: marked so, they are asked again when next shown.
 */
function useLedgerRefreshOnCommit(view: ImportView | undefined) {
  const queryClient = useQueryClient();
  const seen = useRef(view?.status);
  const status = view?.status;
  useEffect(() => {
    if (status === 'COMMITTED' && seen.current !== undefined && seen.current !== 'COMMITTED') {
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== importsQueryKey[0] });
    }
    seen.current = status;
  }, [status, queryClient]);
}
