import type { PublicTask } from '@ledger/domain/public';
import { itemStatus } from '@ledger/domain/vocabulary';
import { Tag } from 'antd';

type Status = PublicTask['status'];

/**
 * A citizen reads three stages, not the nine workflow states: still being rectified, being
 * checked and published (公示), closed. The label stays the official one.
 */
const stageColor = (status: Status) => {
  if (status === 'CLOSED') return 'success';
  if (status === 'PHASE_COMPLETE') return 'lime';
  if (status === 'PUBLIC_NOTICE') return 'cyan';
  if (status === 'REGISTERED' || status === 'IN_PROGRESS') return 'processing';
  return 'purple';
};

export function PublicStatusTag({ status }: { status: Status }) {
  return <Tag color={stageColor(status)}>{itemStatus.label(status)}</Tag>;
}

/** Generated demo cases must never pass for the inspection group's real ones. */
export function SampleTag({ isSample }: { isSample: boolean }) {
  return isSample ? <Tag color="gold">示例数据</Tag> : null;
}
