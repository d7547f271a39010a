import type { Role } from '@ledger/domain/permissions';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

/** An account as the admin API (GET /api/users) shows it. */
export type UserAccount = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  unit: { id: string; name: string } | null;
  phone: string | null;
  status: 'ACTIVE' | 'DISABLED';
  mustChangePassword: boolean;
  /** set while a lockout after failed logins runs */
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
};

export type UsersQuery = {
  q?: string;
  role?: Role;
  unitId?: string;
  /** LOCKED: a lockout that has not run out yet */
  status?: 'ACTIVE' | 'DISABLED' | 'LOCKED';
  page?: number;
  pageSize?: number;
};

export type UserList = { users: UserAccount[]; total: number; page: number; pageSize: number };

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
