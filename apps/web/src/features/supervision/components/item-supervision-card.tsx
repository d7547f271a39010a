import { AlertOutlined } from '@ant-design/icons';
import type { ItemDetail } from '@ledger/domain/items';
import { Button, Card, Divider, Flex, Typography } from 'antd';
import { Fragment, useState } from 'react';

import { IssueModal } from './issue-modal';
import { NoticeDetails } from './notice-details';

/**
 * 督办 on the item page: the item's notices, newest first, with the steps the user may take, and
 * for the coordinator the button to issue one. Shown only when there is something to show or do.
 */
export function ItemSupervisionCard({ item }: { item: ItemDetail }) {
  const [issuing, setIssuing] = useState(false);
  const { notices, canIssue } = item.supervision;
  if (notices.length === 0 && !canIssue) return null;
  const newestFirst = [...notices].reverse();
  return (
    <Card
      size="small"
      title={`督办（${notices.length}）`}
      role="region"
      aria-label="督办"
      extra={
        canIssue && (
          <Button size="small" icon={<AlertOutlined />} onClick={() => setIssuing(true)}>
            督办
          </Button>
        )
      }
    >
      {newestFirst.length === 0 ? (
        <Typography.Text type="secondary">暂无督办</Typography.Text>
      ) : (
        <Flex vertical>
          {newestFirst.map((notice, index) => (
            <Fragment key={notice.id}>
              {index > 0 && <Divider style={{ marginBlock: 12 }} />}
              <NoticeDetails notice={notice} evidence={item.evidence} />
            </Fragment>
          ))}
        </Flex>
      )}
      <IssueModal
        target={issuing ? { kind: 'item', item } : null}
        onClose={() => setIssuing(false)}
        onDone={() => setIssuing(false)}
      />
    </Card>
  );
}
