import type { EvidenceFileView } from '@ledger/domain/items';
import { App, Flex, Switch, Typography } from 'antd';

import { useSetEvidencePublication } from '../api/set-evidence-publication';

/**
 * 公开 per file, for whoever may edit the item: a file is on the public page only when switched
 * on here (and the item itself is published). Photos of people or documents with names stay off.
 */
export function EvidencePublication({ itemId, files }: { itemId: string; files: EvidenceFileView[] }) {
  const { message } = App.useApp();
  const publication = useSetEvidencePublication(itemId);
  return (
    <Flex vertical gap={6}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        公开的材料显示在公开信息页；含个人信息的材料不要公开。
      </Typography.Text>
      {files.map((file) => (
        <Flex key={file.id} justify="space-between" align="center" gap={8}>
          <Typography.Text ellipsis style={{ minWidth: 0 }}>
            {file.fileName}
          </Typography.Text>
          <Switch
            aria-label={`公开 ${file.fileName}`}
            checkedChildren="公开"
            unCheckedChildren="不公开"
            checked={file.isPublic}
            loading={publication.isPending && publication.variables?.evidenceId === file.id}
            onChange={(isPublic) =>
              publication.mutate(
                { evidenceId: file.id, isPublic },
                {
                  onSuccess: (saved) =>
                    void message.success(`${saved.fileName}${saved.isPublic ? '已公开' : '已取消公开'}`),
                  onError: (error) => void message.error(error.message),
                },
              )
            }
          />
        </Flex>
      ))}
    </Flex>
  );
}
