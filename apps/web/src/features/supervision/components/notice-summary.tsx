import type { SupervisionNoticeView } from '@ledger/domain/supervision';
import { Flex, Space, Typography } from 'antd';

import { NoticeDue, NoticeLevelTag, NoticeStatusTag } from '@/components/ui/supervision-tags';
import { formatDateTime } from '@/lib/format';

/** A notice in a few lines: level, status, the unit, the reason, the date to answer by. */
export function NoticeSummary({ notice }: { notice: SupervisionNoticeView }) {
  return (
    <Flex vertical gap={4}>
      <Space size={[6, 6]} wrap>
        <NoticeLevelTag level={notice.level} />
        <NoticeStatusTag status={notice.status} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          被督办单位：{notice.unit.name}
        </Typography.Text>
      </Space>
      <Typography.Text style={{ overflowWrap: 'anywhere' }}>{notice.reason}</Typography.Text>
      <Typography.Text style={{ fontSize: 12 }}>
        <NoticeDue notice={notice} />
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {notice.issuedBy.displayName} 于 {formatDateTime(notice.issuedAt)} 下发
      </Typography.Text>
    </Flex>
  );
}
