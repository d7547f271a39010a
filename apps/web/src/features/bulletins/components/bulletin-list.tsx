import { bulletinPeriod, describePeriod } from '@ledger/domain/bulletins';
import { Divider, Empty, Flex, Pagination, Spin, Tag, Typography } from 'antd';
import { Fragment, useState } from 'react';

import { LoadError } from '@/components/ui/load-error';
import { formatDateTime } from '@/lib/format';

import { useBulletins } from '../api/get-bulletins';
import { BulletinDownloads } from './bulletin-downloads';

const PAGE_SIZE = 20;

/**
 * 往期通报: newest first, each with its period, who generated it when, the moment its data show
 * (数据截至), and its files as they were circulated. Stacked lines rather than a table: they read
 * the same on a phone.
 */
export function BulletinList() {
  const [page, setPage] = useState(1);
  const bulletins = useBulletins({ page, pageSize: PAGE_SIZE });

  if (bulletins.isError) {
    return (
      <LoadError title="通报列表加载失败" error={bulletins.error} onRetry={() => void bulletins.refetch()} />
    );
  }
  const rows = bulletins.data?.bulletins ?? [];
  const total = bulletins.data?.total ?? 0;
  return (
    <Spin spinning={bulletins.isFetching}>
      {rows.length === 0 && !bulletins.isPending && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未生成通报" />
      )}
      <ul aria-label="往期通报" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {rows.map((bulletin, index) => (
          <Fragment key={bulletin.id}>
            {index > 0 && <Divider style={{ margin: '12px 0' }} />}
            <li>
              <Flex vertical gap={4}>
                <Typography.Text strong>{bulletin.title}</Typography.Text>
                <Typography.Text type="secondary">
                  <Tag>{bulletinPeriod.label(bulletin.periodKind)}</Tag>
                  统计周期 {describePeriod(bulletin)}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {bulletin.generatedBy.name} 生成于 {formatDateTime(bulletin.generatedAt)}，数据截至{' '}
                  {formatDateTime(bulletin.dataAsOf)}
                </Typography.Text>
                <BulletinDownloads bulletin={bulletin} />
              </Flex>
            </li>
          </Fragment>
        ))}
      </ul>
      {total > PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16 }}
          align="end"
          size="small"
          current={page}
          pageSize={PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          onChange={setPage}
        />
      )}
    </Spin>
  );
}
