import type { PublicNoticeList } from '@ledger/domain/public';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { publicQueryKey } from './get-public-summary';

export const publicNoticesQueryKey = [...publicQueryKey, 'notices'] as const;

/** GET /api/public/notices: the closures in public notice (销号公示). */
export const getPublicNotices = ({ signal }: { signal?: AbortSignal } = {}) =>
  apiFetch<PublicNoticeList>('/api/public/notices', { signal });

export const publicNoticesQueryOptions = () =>
  queryOptions({
    queryKey: publicNoticesQueryKey,
    queryFn: getPublicNotices,
    staleTime: 60_000,
  });

export const usePublicNotices = () => useQuery(publicNoticesQueryOptions());
