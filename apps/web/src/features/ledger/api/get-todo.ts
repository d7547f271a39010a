import type { TodoList } from '@ledger/domain/todo';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { itemsQueryKey } from './get-items';

/**
 * Under the items' key: every workflow action and item change invalidates ['items'], and the
 * to-do groups move with them.
 */
export const todoQueryKey = [...itemsQueryKey, 'todo'] as const;

/** GET /api/todo — what waits for the caller, in groups along the closure path. */
export const getTodo = ({ signal }: { signal?: AbortSignal } = {}) =>
  apiFetch<TodoList>('/api/todo', { signal });

export const todoQueryOptions = () =>
  queryOptions({
    queryKey: todoQueryKey,
    queryFn: getTodo,
    staleTime: 15_000,
  });

export const useTodo = ({ enabled = true }: { enabled?: boolean } = {}) =>
  useQuery({ ...todoQueryOptions(), enabled });
