import type { SecondFactorInput } from '@ledger/domain/accounts';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { sessionQueryKey, type SessionUser } from './get-session';

/**
 * POST /api/auth/second-factor: the login's second step, with the authenticator's code or a
 * recovery code. The server replaces the half session (and its cookie) by a complete one.
 */
export const verifySecondFactor = (input: SecondFactorInput) =>
  apiFetch<{ user: SessionUser }>('/api/auth/second-factor', { method: 'POST', body: input });

export const useVerifySecondFactor = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifySecondFactor,
    onSuccess: ({ user }) => queryClient.setQueryData(sessionQueryKey, user),
  });
};
