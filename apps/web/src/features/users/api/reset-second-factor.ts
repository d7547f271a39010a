import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { usersQueryKey, type UserAccount } from './get-users';

/**
 * POST /api/users/:id/reset-second-factor: unbinds the account's authenticator, voids its recovery
 * codes and ends its sessions (a lost phone); a role that needs a second factor binds anew at login.
 */
export const resetSecondFactor = (id: string) =>
  apiFetch<{ user: UserAccount }>(`/api/users/${encodeURIComponent(id)}/reset-second-factor`, {
    method: 'POST',
  }).then(({ user }) => user);

export const useResetSecondFactor = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resetSecondFactor,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
};
