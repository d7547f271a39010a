import type { SupervisionNoticeView } from '@ledger/domain/supervision';
import { noticeLevel, supervisionStatus } from '@ledger/domain/vocabulary';
import { Tag } from 'antd';

/**
 * 三色督办's colours: yellow for 督办, red for 挂牌督办. Shared by the supervision pages and the
 * to-do list, which shows the notices waiting for the user.
 */
export function NoticeLevelTag({ level }: { level: SupervisionNoticeView['level'] }) {
  return (
    <Tag color={level === 'RED' ? 'red' : 'gold'} style={{ marginInlineEnd: 0 }}>
      {level === 'RED' ? '红色' : '黄色'}
      {noticeLevel.label(level)}
    </Tag>
  );
}

const statusColors: Record<SupervisionNoticeView['status'], string> = {
  ISSUED: 'processing',
  RESPONDED: 'cyan',
  OVERDUE: 'error',
  ESCALATED: 'volcano',
  CLOSED: 'success',
};

export function NoticeStatusTag({ status }: { status: SupervisionNoticeView['status'] }) {
  return (
    <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }}>
      {supervisionStatus.label(status)}
    </Tag>
  );
}

/** The response date, red once it has passed unanswered; an answer given late says so. */
export function NoticeDue({
  notice,
}: {
  notice: Pick<SupervisionNoticeView, 'responseDueOn' | 'overdue' | 'late'>;
}) {
  return (
    <span style={notice.overdue ? { color: '#cf1322', fontWeight: 500 } : undefined}>
      {notice.responseDueOn} 前反馈
      {notice.overdue ? '（已逾期）' : notice.late ? '（逾期反馈）' : ''}
    </span>
  );
}
