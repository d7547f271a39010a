import type { ItemDetail, UpdateItemInput } from '@ledger/domain/items';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { ApiError, apiFetch, bodyField } from '@/lib/api-client';

import { itemQueryOptions } from './get-item';
import { itemsQueryKey } from './get-items';

/**
 * PATCH /api/items/:id: only the fields sent change, and only if `version` is still the stored
 * one; otherwise the API answers 409 with the current record (see {@link conflictingRecord}).
 */
export const updateItem = (id: string, input: UpdateItemInput) =>
  apiFetch<ItemDetail>(`/api/items/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });

/**
 * The record as it stands now, when an edit was refused because the item changed since it was
 * read (or was closed meanwhile): the 409 answer carries it as `current`.
 */
export function conflictingRecord(error: unknown): ItemDetail | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const current = bodyField(error.body, 'current');
  return typeof current === 'object' && current !== null ? (current as ItemDetail) : undefined;
}

export const useUpdateItem = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateItemInput }) => updateItem(id, input),
    onSuccess: (item) => {
      queryClient.setQueryData(itemQueryOptions(item.id).queryKey, item);
      // Lists show the changed deadline, unit and title; the detail is asked again as well, since
      // its timeline may have moved on beside our change.
      return queryClient.invalidateQueries({ queryKey: itemsQueryKey });
    },
    onError: (error) => {
      // A 409 says the record moved on (edited, or closed) since it was read: what is cached is stale.
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: itemsQueryKey });
      }
    },
  });
};

/**
 * Shows a record the API answered with (a 409's current one) as the item's latest read, and
 * refreshes the lists, which were as stale as the form.
 */
export const useShowCurrentItem = () => {
  const queryClient = useQueryClient();
  return (item: ItemDetail) => {
    queryClient.setQueryData(itemQueryOptions(item.id).queryKey, item);
    void queryClient.invalidateQueries({ queryKey: [...itemsQueryKey, 'list'] });
  };
};
