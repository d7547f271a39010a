import type { SupervisionNoticeView } from '@ledger/domain/supervision';
import type { IssueNoticeInput } from '@ledger/domain/supervision-inputs';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { ledgerQueryKey, supervisionQueryKey } from './keys';

/** POST /api/items/:id/supervision-notices — 下发督办 on one item. */
export const issueNotice = (itemId: string, input: IssueNoticeInput) =>
  apiFetch<SupervisionNoticeView>(`/api/items/${encodeURIComponent(itemId)}/supervision-notices`, {
    method: 'POST',
    body: input,
  });

export const useIssueNotice = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, input }: { itemId: string; input: IssueNoticeInput }) =>
      issueNotice(itemId, input),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: supervisionQueryKey });
      await queryClient.invalidateQueries({ queryKey: ledgerQueryKey });
    },
  });
};
