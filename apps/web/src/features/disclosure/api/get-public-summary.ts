import type { PublicSummary } from '@ledger/domain/public';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

/** Every public query starts with this key; an objection refreshes what it may have changed. */
export const publicQueryKey = ['public'] as const;

/** GET /api/public/summary: counts of the published items (整改进展统计). */
export const getPublicSummary = ({ signal }: { signal?: AbortSignal } = {}) =>
  apiFetch<PublicSummary>('/api/public/summary', { signal });

export const publicSummaryQueryOptions = () =>
  queryOptions({
    queryKey: [...publicQueryKey, 'summary'],
    queryFn: getPublicSummary,
    staleTime: 60_000,
  });

export const usePublicSummary = () => useQuery(publicSummaryQueryOptions());
