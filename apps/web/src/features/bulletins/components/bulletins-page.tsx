import { Card, Flex, Typography } from 'antd';

import { PageHeader } from '@/components/ui/page-header';

import { BulletinList } from './bulletin-list';
import { GenerateBulletinForm } from './generate-bulletin-form';

/**
 * 通报: the coordination group generates the bulletin it circulates; everyone who reads
 * bulletins (leaders, auditors) finds the earlier ones with their files as circulated.
 */
export function BulletinsPage({ title, canGenerate }: { title: string; canGenerate: boolean }) {
  return (
    <Flex vertical gap={16}>
      <PageHeader title={title} />
      {canGenerate && (
        <Card title="生成通报" size="small">
          <GenerateBulletinForm />
        </Card>
      )}
      <Card title="往期通报" size="small">
        {!canGenerate && (
          <Typography.Paragraph type="secondary">
            通报由区整改协调小组生成，文件为生成时存档的版本。
          </Typography.Paragraph>
        )}
        <BulletinList />
      </Card>
    </Flex>
  );
}
