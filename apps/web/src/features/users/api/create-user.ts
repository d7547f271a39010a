import type { CreateUserInput } from '@ledger/domain/accounts';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { usersQueryKey, type UserAccount } from './get-users';

/** POST /api/users: the new user must change the initial password at first login. */
export const createUser = (input: CreateUserInput) =>
  apiFetch<{ user: UserAccount }>('/api/users', { method: 'POST', body: input }).then(({ user }) => user);

export const useCreateUser = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
};
