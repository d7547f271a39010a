import type { BulletinList } from '@ledger/domain/bulletins';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

export const bulletinsQueryKey = ['bulletins'] as const;

/** GET /api/bulletins — earlier bulletins, newest first, a page at a time. */
export const getBulletins = ({ page, pageSize }: { page: number; pageSize: number }, signal?: AbortSignal) =>
  apiFetch<BulletinList>(`/api/bulletins?page=${page}&pageSize=${pageSize}`, { signal });

export const bulletinsQueryOptions = (paging: { page: number; pageSize: number }) =>
  queryOptions({
    queryKey: [...bulletinsQueryKey, paging],
    queryFn: ({ signal }) => getBulletins(paging, signal),
    // The next page keeps the table filled while it loads, instead of a flash of nothing.
    placeholderData: keepPreviousData,
  });

export const useBulletins = (paging: { page: number; pageSize: number }) =>
  useQuery(bulletinsQueryOptions(paging));
