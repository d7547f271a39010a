import type { ItemSummary } from '@ledger/domain/items';
import { itemStatus } from '@ledger/domain/vocabulary';
import { Tag } from 'antd';

type Status = ItemSummary['status'];

// Colour follows where an item stands in the closure (销号) workflow: open, under review, closed.
const statusColors: Record<Status, string> = {
  REGISTERED: 'default',
  IN_PROGRESS: 'processing',
  CLOSURE_REQUESTED: 'purple',
  AWAITING_VERIFICATION: 'purple',
  VERIFIED: 'blue',
  PUBLIC_NOTICE: 'cyan',
  AWAITING_SIGN_OFF: 'geekblue',
  CLOSED: 'success',
  PHASE_COMPLETE: 'lime',
};

export function StatusTag({ status }: { status: Status }) {
  return <Tag color={statusColors[status]}>{itemStatus.label(status)}</Tag>;
}

/**
 * 已逾期 N 天 in red, N 天后到期 in orange. Whether an item is overdue or due soon is the API's
 * answer (packages/domain `deadlineFacts`), not worked out here.
 */
export function DeadlineTag({ item }: { item: Pick<ItemSummary, 'overdue' | 'dueSoon' | 'daysLeft'> }) {
  if (item.overdue) return <Tag color="error">已逾期 {Math.abs(item.daysLeft)} 天</Tag>;
  if (item.dueSoon) {
    return <Tag color="warning">{item.daysLeft === 0 ? '今天到期' : `${item.daysLeft} 天后到期`}</Tag>;
  }
  return null;
}

/** The demo petition cases are generated, not the inspection group's real texts: always said so. */
export function SampleTag({ isSample }: { isSample: boolean }) {
  return isSample ? <Tag color="gold">示例数据</Tag> : null;
}

export function ReboundTag({ count }: { count: number }) {
  return count > 0 ? <Tag color="magenta">反弹 {count} 次</Tag> : null;
}
