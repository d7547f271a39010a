import type { LoginInput } from '@ledger/domain/accounts';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { sessionQueryKey, type SessionUser } from './get-session';

/** POST /api/auth/login: sets the HttpOnly session cookie and answers the user. */
export const login = (credentials: LoginInput) =>
  apiFetch<{ user: SessionUser }>('/api/auth/login', { method: 'POST', body: credentials });

export const useLogin = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: ({ user }) => {
      // Nothing cached for a previous user of this browser may show through.
      queryClient.removeQueries();
      queryClient.setQueryData(sessionQueryKey, user);
    },
  });
};
