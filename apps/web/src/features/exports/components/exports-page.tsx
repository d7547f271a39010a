import { Card, Flex, Typography } from 'antd';
import { Link } from 'react-router';

import { PageHeader } from '@/components/ui/page-header';
import { paths } from '@/config/paths';

import { ExportJobList } from './export-job-list';

/**
 * 导出记录: the batch exports of case files the user started, with their progress and files.
 * Single files (the ledger workbook, one item's report or case file) download at once and are
 * not listed here; every export, batch or not, is in the audit log.
 */
export function ExportsPage() {
  return (
    <Flex vertical gap={16}>
      <PageHeader title={paths.exports.label} />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        在<Link to={paths.ledger.path}>台账</Link>
        {
          '中勾选事项或按筛选条件「批量导出案卷」后，案卷在后台打包，完成后在此下载（一案一档：每个事项的销号报告、佐证材料、留痕记录及校验清单）。'
        }
        {'台账 Excel、单个事项的销号报告和案卷在台账和事项页面直接下载。'}
      </Typography.Paragraph>
      <Card title="批量导出" size="small">
        <ExportJobList />
      </Card>
    </Flex>
  );
}
