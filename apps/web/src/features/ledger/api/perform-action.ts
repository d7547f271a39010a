import type { ItemDetail } from '@ledger/domain/items';
import type { WorkflowAction } from '@ledger/domain/workflow';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { itemsQueryKey } from './get-items';

/** POST /api/items/:id/actions/:action — one step of the closure workflow; answers the item after it. */
export const performAction = (itemId: string, action: WorkflowAction, input: Record<string, unknown>) =>
  apiFetch<ItemDetail>(`/api/items/${encodeURIComponent(itemId)}/actions/${action}`, {
    method: 'POST',
    body: input,
  });

export const usePerformAction = (itemId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, input }: { action: WorkflowAction; input: Record<string, unknown> }) =>
      performAction(itemId, action, input),
    // The state moves the item between lists and to-do groups, not only on its own page.
    onSettled: () => queryClient.invalidateQueries({ queryKey: itemsQueryKey }),
  });
};
