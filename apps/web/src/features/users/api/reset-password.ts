import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { usersQueryKey, type UserAccount } from './get-users';

/**
 * POST /api/users/:id/reset-password without a body: the server makes a temporary password and
 * answers it this once; the user must change it at the next login.
 */
export const resetPassword = (id: string) =>
  apiFetch<{ user: UserAccount; temporaryPassword?: string }>(
    `/api/users/${encodeURIComponent(id)}/reset-password`,
    { method: 'POST' },
  );

export const useResetPassword = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resetPassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
};
