import type { BulkUpdateInput } from '@ledger/domain/items';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { itemsQueryKey } from './get-items';

/**
 * POST /api/items/bulk (批量调整): a new lead unit and/or deadline for many items, all or nothing;
 * a refusal names each item it concerns as `itemIds.<index>`.
 */
export const bulkUpdateItems = (input: BulkUpdateInput) =>
  apiFetch<{ updated: number }>('/api/items/bulk', { method: 'POST', body: input });

export const useBulkUpdateItems = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bulkUpdateItems,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: itemsQueryKey }),
  });
};
