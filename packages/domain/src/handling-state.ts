import type { handlingState, itemStatus } from './vocabulary';

type ItemStatus = (typeof itemStatus.codes)[number];
type HandlingState = (typeof handlingState.codes)[number];

/**
 * 办结状态 of a petition case follows from its ledger status: a case is 已办结 only once it is
 * formally closed (销号), 阶段性办结 while a long-term case stands at phase complete, and 未办结
 * otherwise — a case waiting for verification or sign-off is not yet concluded.
 */
export function handlingStateForStatus(status: ItemStatus): HandlingState {
  switch (status) {
    case 'CLOSED':
      return 'CONCLUDED';
    case 'PHASE_COMPLETE':
      return 'PHASE_CONCLUDED';
    default:
      return 'NOT_CONCLUDED';
  }
}
