import type { SupervisionSuggestions } from '@ledger/domain/supervision-inputs';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { supervisionQueryKey } from './keys';

export type SuggestionsQuery = { unitId?: string; page: number; pageSize: number };

/** GET /api/supervision-notices/suggestions — overdue items without a waiting notice, by unit. */
export const getSuggestions = (
  { unitId, page, pageSize }: SuggestionsQuery,
  { signal }: { signal?: AbortSignal } = {},
) => {
  const search = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (unitId) search.set('unitId', unitId);
  return apiFetch<SupervisionSuggestions>(`/api/supervision-notices/suggestions?${search}`, { signal });
};

export const suggestionsQueryOptions = (query: SuggestionsQuery) =>
  queryOptions({
    queryKey: [...supervisionQueryKey, 'suggestions', query],
    queryFn: ({ signal }) => getSuggestions(query, { signal }),
    staleTime: 15_000,
  });

export const useSuggestions = (query: SuggestionsQuery, { enabled = true }: { enabled?: boolean } = {}) =>
  useQuery({ ...suggestionsQueryOptions(query), enabled });
