import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { usersQueryKey, type UserAccount } from './get-users';

/** POST /api/users/:id/unlock: ends a lockout after too many failed logins. */
export const unlockUser = (id: string) =>
  apiFetch<{ user: UserAccount }>(`/api/users/${encodeURIComponent(id)}/unlock`, { method: 'POST' }).then(
    ({ user }) => user,
  );

export const useUnlockUser = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: unlockUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
};
