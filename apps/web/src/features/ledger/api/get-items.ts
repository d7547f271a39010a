import { listItemsSearch, type ItemList } from '@ledger/domain/items';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';
import type { LedgerFilters } from '@/lib/ledger-address';

/** Every ledger query (lists and details) starts with this key; a change to an item refreshes them all. */
export const itemsQueryKey = ['items'] as const;

/** GET /api/items?<listItemsQuery>: one page of the ledger, filtered and sorted. */
export const getItems = (filters: Partial<LedgerFilters>, { signal }: { signal?: AbortSignal } = {}) => {
  const search = listItemsSearch(filters).toString();
  return apiFetch<ItemList>(`/api/items${search ? `?${search}` : ''}`, { signal });
};

export const itemsQueryOptions = (filters: Partial<LedgerFilters>) =>
  queryOptions({
    queryKey: [...itemsQueryKey, 'list', listItemsSearch(filters).toString()],
    queryFn: ({ signal }) => getItems(filters, { signal }),
    // The old page stays on screen while the next one loads, instead of a flash of emptiness.
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });

export const useItems = (filters: Partial<LedgerFilters>) => useQuery(itemsQueryOptions(filters));
