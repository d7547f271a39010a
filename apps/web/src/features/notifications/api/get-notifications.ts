import type { NotificationList } from '@ledger/domain/notifications';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

/** Everything about notifications lives under this key: marking read invalidates it all at once. */
export const notificationsQueryKey = ['notifications'] as const;

export type NotificationFilter = { unread?: boolean; page?: number; pageSize?: number };

/** GET /api/notifications — the caller's own, newest first. */
export const getNotifications = (filter: NotificationFilter, { signal }: { signal?: AbortSignal } = {}) => {
  const query = new URLSearchParams();
  if (filter.unread) query.set('unread', 'true');
  if (filter.page) query.set('page', String(filter.page));
  if (filter.pageSize) query.set('pageSize', String(filter.pageSize));
  const search = query.toString();
  return apiFetch<NotificationList>(`/api/notifications${search ? `?${search}` : ''}`, { signal });
};

export const notificationsQueryOptions = (filter: NotificationFilter) =>
  queryOptions({
    queryKey: [...notificationsQueryKey, 'list', filter],
    queryFn: ({ signal }) => getNotifications(filter, { signal }),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });

export const useNotifications = (
  filter: NotificationFilter,
  { enabled = true }: { enabled?: boolean } = {},
) => useQuery({ ...notificationsQueryOptions(filter), enabled });
