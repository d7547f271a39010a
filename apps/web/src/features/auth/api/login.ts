import type { LoginInput } from '@ledger/domain/accounts';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { isSessionQueryKey, sessionQueryKey, type SessionUser } from './get-session';

/** POST /api/auth/login: sets the HttpOnly session cookie and answers the user. */
export const login = (credentials: LoginInput) =>
  apiFetch<{ user: SessionUser }>('/api/auth/login', { method: 'POST', body: credentials });

export const useLogin = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: ({ user }) => {
      // Nothing cached for a previous user of this browser may show through. The session's own
      // entry is overwritten, not removed: the login page watches it between the password and
      // the second factor, and must see the change.
      queryClient.removeQueries({ predicate: ({ queryKey }) => !isSessionQueryKey(queryKey) });
      queryClient.setQueryData(sessionQueryKey, user);
    },
  });
};
