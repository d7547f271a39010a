import type { BatchIssueResult, IssueBatchInput } from '@ledger/domain/supervision-inputs';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { ledgerQueryKey, supervisionQueryKey } from './keys';

/** POST /api/supervision-notices/batch — one notice per chosen overdue item of a unit, all or none. */
export const issueBatch = (input: IssueBatchInput) =>
  apiFetch<BatchIssueResult>('/api/supervision-notices/batch', { method: 'POST', body: input });

export const useIssueBatch = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: issueBatch,
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: supervisionQueryKey });
      await queryClient.invalidateQueries({ queryKey: ledgerQueryKey });
    },
  });
};
