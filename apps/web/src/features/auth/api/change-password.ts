import type { ChangePasswordInput } from '@ledger/domain/accounts';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { sessionQueryKey } from './get-session';

/** POST /api/auth/password (204). The server renews the session cookie with it. */
export const changePassword = (input: ChangePasswordInput) =>
  apiFetch<void>('/api/auth/password', { method: 'POST', body: input });

export const useChangePassword = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    // mustChangePassword is cleared now; the session says so.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQueryKey }),
  });
};
