import type { NoticeList } from '@ledger/domain/supervision-inputs';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { supervisionQueryKey } from './keys';

export type NoticeFilters = {
  level?: 'YELLOW' | 'RED';
  status?: string;
  unitId?: string;
  itemId?: string;
  overdue?: boolean;
  page: number;
  pageSize: number;
};

const searchOf = (filters: NoticeFilters) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  return search.toString();
};

/** GET /api/supervision-notices — a unit's users get their unit's notices only. */
export const getNotices = (filters: NoticeFilters, { signal }: { signal?: AbortSignal } = {}) =>
  apiFetch<NoticeList>(`/api/supervision-notices?${searchOf(filters)}`, { signal });

export const noticesQueryOptions = (filters: NoticeFilters) =>
  queryOptions({
    queryKey: [...supervisionQueryKey, 'notices', filters],
    queryFn: ({ signal }) => getNotices(filters, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });

export const useNotices = (filters: NoticeFilters) => useQuery(noticesQueryOptions(filters));
