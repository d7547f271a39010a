import type { ItemDetail } from '@ledger/domain/items';
import type { WorkflowAction } from '@ledger/domain/workflow';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { itemQueryOptions } from './get-item';
import { itemsQueryKey } from './get-items';
import { conflictingRecord } from './update-item';

/** POST /api/items/:id/actions/:action — one step of the closure workflow; answers the item after it. */
export const performAction = (itemId: string, action: WorkflowAction, input: Record<string, unknown>) =>
  apiFetch<ItemDetail>(`/api/items/${encodeURIComponent(itemId)}/actions/${action}`, {
    method: 'POST',
    body: input,
  });

export const usePerformAction = (itemId: string) => {
  const queryClient = useQueryClient();
  const detailKey = itemQueryOptions(itemId).queryKey;
  return useMutation({
    mutationFn: ({ action, input }: { action: WorkflowAction; input: Record<string, unknown> }) =>
      performAction(itemId, action, input),
    // The answer (or a 409's current record) is the item as it now stands, with the caller's next
    // allowedActions: shown at once, before the refetch below comes back.
    onSuccess: (item) => queryClient.setQueryData(detailKey, item),
    onError: (error) => {
      const current = conflictingRecord(error);
      if (current) queryClient.setQueryData(detailKey, current);
    },
    // The state moves the item between lists and to-do groups (['items', 'todo']), not only on its
    // own page.
    onSettled: () => queryClient.invalidateQueries({ queryKey: itemsQueryKey }),
  });
};
