import type { TotpCodeInput } from '@ledger/domain/accounts';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { sessionQueryKey } from './get-session';

/** POST /api/auth/totp/disable (204): only a role that does not need a second factor may. */
export const disableTotp = (input: TotpCodeInput) =>
  apiFetch<void>('/api/auth/totp/disable', { method: 'POST', body: input });

export const useDisableTotp = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: disableTotp,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQueryKey }),
  });
};
