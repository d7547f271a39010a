import type { PublicTaskList, PublicTasksQuery } from '@ledger/domain/public';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { publicQueryKey } from './get-public-summary';
import { searchOf } from '../utils/search';

export type PublicTaskFilters = Partial<PublicTasksQuery>;

/** GET /api/public/tasks: one page of the published rectification tasks (整改任务清单). */
export const getPublicTasks = (filters: PublicTaskFilters, { signal }: { signal?: AbortSignal } = {}) =>
  apiFetch<PublicTaskList>(`/api/public/tasks${searchOf(filters)}`, { signal });

export const publicTasksQueryOptions = (filters: PublicTaskFilters) =>
  queryOptions({
    queryKey: [...publicQueryKey, 'tasks', searchOf(filters)],
    queryFn: ({ signal }) => getPublicTasks(filters, { signal }),
    // The old page stays on screen while the next one loads.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });

export const usePublicTasks = (filters: PublicTaskFilters) => useQuery(publicTasksQueryOptions(filters));
