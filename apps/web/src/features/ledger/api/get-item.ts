import type { ItemDetail } from '@ledger/domain/items';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { itemsQueryKey } from './get-items';

/** GET /api/items/:id — 404 also for an item outside the caller's unit, which must not learn it exists. */
export const getItem = (id: string, { signal }: { signal?: AbortSignal } = {}) =>
  apiFetch<ItemDetail>(`/api/items/${encodeURIComponent(id)}`, { signal });

export const itemQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...itemsQueryKey, 'detail', id],
    queryFn: ({ signal }) => getItem(id, { signal }),
    staleTime: 15_000,
  });

export const useItem = (id: string) => useQuery(itemQueryOptions(id));
