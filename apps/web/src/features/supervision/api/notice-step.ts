import type { SupervisionAction, SupervisionNoticeView } from '@ledger/domain/supervision';
import type {
  CloseNoticeInput,
  EscalateNoticeInput,
  RespondNoticeInput,
} from '@ledger/domain/supervision-inputs';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { ledgerQueryKey, supervisionQueryKey } from './keys';

type StepInputs = {
  respond: RespondNoticeInput;
  escalate: EscalateNoticeInput;
  close: CloseNoticeInput;
};

/**
 * POST /api/supervision-notices/:id/{respond,escalate,close} — one step of the notice's
 * lifecycle. Answers the notice after it (for escalate: the new red notice).
 */
export const noticeStep = <A extends SupervisionAction>(noticeId: string, action: A, input: StepInputs[A]) =>
  apiFetch<SupervisionNoticeView>(`/api/supervision-notices/${encodeURIComponent(noticeId)}/${action}`, {
    method: 'POST',
    body: input,
  });

export const useNoticeStep = <A extends SupervisionAction>(action: A) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ noticeId, input }: { noticeId: string; input: StepInputs[A] }) =>
      noticeStep(noticeId, action, input),
    // The step moves the notice between lists and to-do groups, and onto the item's timeline.
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: supervisionQueryKey });
      await queryClient.invalidateQueries({ queryKey: ledgerQueryKey });
    },
  });
};
