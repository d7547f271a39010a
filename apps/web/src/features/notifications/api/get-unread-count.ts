import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { notificationsQueryKey } from './get-notifications';

/** The digest arrives once a day; a minute's delay on the bell is soon enough. */
export const UNREAD_REFETCH_MS = 60_000;

/** GET /api/notifications/unread-count */
export const getUnreadCount = ({ signal }: { signal?: AbortSignal } = {}) =>
  apiFetch<{ count: number }>('/api/notifications/unread-count', { signal }).then(({ count }) => count);

export const unreadCountQueryOptions = () =>
  queryOptions({
    queryKey: [...notificationsQueryKey, 'unread-count'],
    queryFn: getUnreadCount,
    staleTime: 30_000,
    refetchInterval: UNREAD_REFETCH_MS,
  });

export const useUnreadCount = () => useQuery(unreadCountQueryOptions());
