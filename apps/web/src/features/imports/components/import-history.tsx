import type { ImportList } from '@ledger/domain/imports';
import { Divider, Empty, Flex, Spin, Tag, Typography } from 'antd';
import { Fragment } from 'react';
import { Link } from 'react-router';

import { LoadError } from '@/components/ui/load-error';
import { importPath } from '@/config/paths';
import { formatDateTime } from '@/lib/format';

import { useImports } from '../api/get-imports';
import { ImportStatusTag } from './import-status-tag';

type ImportSummary = ImportList['imports'][number];

/** What an import did, or would do: its counts in a line. */
function describeCounts({ counts }: ImportSummary) {
  const parts = [
    `${counts.rows} 行`,
    `新增 ${counts.create}`,
    `更新 ${counts.update}`,
    `无变化 ${counts.unchanged}`,
  ];
  if (counts.error > 0) parts.push(`有错误 ${counts.error}`);
  return parts.join(' · ');
}

/** 导入记录: earlier imports, newest first, each leading to its preview or result. */
export function ImportHistory({ currentId }: { currentId?: string }) {
  const imports = useImports();
  if (imports.isError) {
    return (
      <LoadError title="导入记录加载失败" error={imports.error} onRetry={() => void imports.refetch()} />
    );
  }
  if (imports.isPending) return <Spin description="加载中…" style={{ display: 'block', padding: 24 }} />;
  if (imports.data.imports.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无导入记录" />;
  }
  return (
    <ul aria-label="导入记录" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {imports.data.imports.map((entry, index) => (
        <Fragment key={entry.id}>
          {index > 0 && <Divider style={{ margin: '12px 0' }} />}
          <li>
            <Flex vertical gap={4}>
              <Flex gap={8} align="center" wrap>
                <Link to={importPath(entry.id)} style={{ overflowWrap: 'anywhere' }}>
                  {entry.fileName}
                </Link>
                <ImportStatusTag status={entry.status} />
                {entry.id === currentId && <Tag style={{ marginInlineEnd: 0 }}>当前查看</Tag>}
              </Flex>
              <Typography.Text type="secondary">
                {entry.createdBy.displayName} 上传于 {formatDateTime(entry.createdAt)}
                {entry.committedAt && `，导入于 ${formatDateTime(entry.committedAt)}`}
              </Typography.Text>
              <Typography.Text type="secondary">{describeCounts(entry)}</Typography.Text>
            </Flex>
          </li>
        </Fragment>
      ))}
    </ul>
  );
}
