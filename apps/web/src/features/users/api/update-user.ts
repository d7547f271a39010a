import type { UpdateUserInput } from '@ledger/domain/accounts';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { usersQueryKey, type UserAccount } from './get-users';

/** PATCH /api/users/:id: edit, disable or enable an account (only the fields sent change). */
export const updateUser = (id: string, input: UpdateUserInput) =>
  apiFetch<{ user: UserAccount }>(`/api/users/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: input,
  }).then(({ user }) => user);

export const useUpdateUser = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateUserInput }) => updateUser(id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
};
