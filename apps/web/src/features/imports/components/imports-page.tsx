import { Card, Flex, Typography } from 'antd';

import { PageHeader } from '@/components/ui/page-header';
import { paths } from '@/config/paths';

import { ImportHistory } from './import-history';
import { ImportPreview } from './import-preview';
import { ImportUpload } from './import-upload';

/**
 * 导入台账 (coordination group): upload a workbook, see what it would change, then apply it in
 * one step. `importId` is the preview open at /imports/:id.
 */
export function ImportsPage({ importId }: { importId?: string }) {
  return (
    <Flex vertical gap={16}>
      <PageHeader title={paths.imports.label} />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        按编号（信访件按受理编号）匹配：台账中已有的事项更新所改字段，没有的新增。台账状态、销号日期等办理信息只导出、不导入。
      </Typography.Paragraph>
      <Card title="上传台账文件" size="small">
        <ImportUpload />
      </Card>
      {importId && (
        <Card title="导入预览" size="small">
          <ImportPreview key={importId} importId={importId} />
        </Card>
      )}
      <Card title="导入记录" size="small">
        <ImportHistory currentId={importId} />
      </Card>
    </Flex>
  );
}
