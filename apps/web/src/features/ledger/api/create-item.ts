import type { CreateItemInput, ItemDetail } from '@ledger/domain/items';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { itemQueryOptions } from './get-item';
import { itemsQueryKey } from './get-items';

/** POST /api/items: registers (挂账) a task or a petition case; answers the new record. */
export const createItem = (input: CreateItemInput) =>
  apiFetch<ItemDetail>('/api/items', { method: 'POST', body: input });

export const useCreateItem = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createItem,
    onSuccess: (item) => {
      // The item page opens next: it shows the answer at once instead of asking for it again.
      queryClient.setQueryData(itemQueryOptions(item.id).queryKey, item);
      return queryClient.invalidateQueries({ queryKey: [...itemsQueryKey, 'list'] });
    },
  });
};
