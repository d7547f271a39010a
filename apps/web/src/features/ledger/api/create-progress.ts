import type { ProgressInput } from '@ledger/domain/items';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { itemsQueryKey } from './get-items';

/** What POST /api/items/:id/progress answers: the new entry, whose id evidence files attach to. */
export type CreatedProgress = { id: string };

/** POST /api/items/:id/progress (整改进展). */
export const createProgress = (itemId: string, input: ProgressInput) =>
  apiFetch<CreatedProgress>(`/api/items/${encodeURIComponent(itemId)}/progress`, {
    method: 'POST',
    body: input,
  });

export const useCreateProgress = (itemId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProgressInput) => createProgress(itemId, input),
    // The timeline, the latest percent, the schedule state and the list's updatedAt all move.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: itemsQueryKey }),
  });
};
