import type { ListUsersQuery, UserAccount, UserList } from '@ledger/domain/accounts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

export type { UserAccount, UserList } from '@ledger/domain/accounts';

/** The list's filters and page, as GET /api/users takes them (packages/domain/src/accounts.ts). */
export type UsersQuery = Partial<ListUsersQuery>;

export const usersQueryKey = ['users'] as const;

export const getUsers = (query: UsersQuery, { signal }: { signal?: AbortSignal } = {}) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const qs = search.toString();
  return apiFetch<UserList>(`/api/users${qs ? `?${qs}` : ''}`, { signal });
};

export const usersQueryOptions = (query: UsersQuery) =>
  queryOptions({
    queryKey: [...usersQueryKey, query],
    queryFn: ({ signal }) => getUsers(query, { signal }),
    placeholderData: keepPreviousData,
  });

export const useUsers = (query: UsersQuery) => useQuery(usersQueryOptions(query));

/** Whether a lockout is running now (the server's lockedUntil is in the future). */
export const isLocked = (user: UserAccount, now = Date.now()) =>
  user.lockedUntil !== null && Date.parse(user.lockedUntil) > now;
