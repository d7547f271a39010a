import type { CurrentUser } from '@ledger/domain/accounts';
import type { Permission } from '@ledger/domain/permissions';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { ApiError, apiFetch } from '@/lib/api-client';

/** GET /api/auth/me: who is logged in, and what the permission table lets them do. */
export type SessionUser = CurrentUser;

/** The logged-in user, or null when nobody is (the API answers 401). */
export async function getSession({ signal }: { signal?: AbortSignal } = {}): Promise<SessionUser | null> {
  try {
    const { user } = await apiFetch<{ user: SessionUser }>('/api/auth/me', { signal });
    return user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const sessionQueryKey = ['auth', 'session'] as const;

export const isSessionQueryKey = (key: readonly unknown[]) =>
  key[0] === sessionQueryKey[0] && key[1] === sessionQueryKey[1];

export const sessionQueryOptions = () =>
  queryOptions({
    queryKey: sessionQueryKey,
    queryFn: getSession,
    // Changes only by logging in or out (which write it) or by the session expiring, which any
    // other request notices with a 401 (see app/session-watcher).
    staleTime: Infinity,
  });

export const useSession = () => useQuery(sessionQueryOptions());

/** Whether the user holds at least one of `permissions`. */
export const holdsAny = (user: SessionUser | null | undefined, permissions: readonly Permission[]) =>
  !!user && permissions.some((permission) => user.permissions.includes(permission));
