import type { EvidenceFileView } from '@ledger/domain/items';
import type { SupervisionNoticeView } from '@ledger/domain/supervision';
import { Flex, Typography } from 'antd';

import { formatDateTime } from '@/lib/format';

import { NoticeActions } from './notice-actions';
import { NoticeSummary } from './notice-summary';

/** One notice with its response, its place in an escalation, and the steps open to the user. */
export function NoticeDetails({
  notice,
  evidence,
}: {
  notice: SupervisionNoticeView;
  evidence?: EvidenceFileView[];
}) {
  return (
    <Flex vertical gap={8} role="article" aria-label={`督办 ${notice.item.number}`}>
      <NoticeSummary notice={notice} />
      {notice.escalatedFromId && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          由黄色督办逾期或反馈不到位升级而来
        </Typography.Text>
      )}
      {notice.responseText && (
        <Flex vertical gap={4} style={{ background: 'rgba(0, 0, 0, 0.02)', padding: 8, borderRadius: 6 }}>
          <Typography.Text strong style={{ fontSize: 13 }}>
            单位反馈{notice.late ? '（逾期反馈）' : ''}
          </Typography.Text>
          <Typography.Text style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
            {notice.responseText}
          </Typography.Text>
          {notice.evidence.map((file) => (
            <a
              key={file.id}
              href={file.url}
              target="_blank"
              rel="noreferrer"
              style={{ overflowWrap: 'anywhere' }}
            >
              {file.fileName}
            </a>
          ))}
          {notice.respondedBy && notice.respondedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {notice.respondedBy.displayName} 于 {formatDateTime(notice.respondedAt)} 反馈
            </Typography.Text>
          )}
        </Flex>
      )}
      {notice.closedAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(notice.closedAt)} 审核办结
        </Typography.Text>
      )}
      <NoticeActions notice={notice} evidence={evidence} />
    </Flex>
  );
}
