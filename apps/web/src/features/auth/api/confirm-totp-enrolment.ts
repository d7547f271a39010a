import type { TotpCodeInput } from '@ledger/domain/accounts';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { sessionQueryKey, type SessionUser } from './get-session';

/**
 * POST /api/auth/totp/enrolment/confirm: binds the authenticator whose first code this is. The
 * answer carries the recovery codes, which the server never shows again.
 */
export const confirmTotpEnrolment = (input: TotpCodeInput) =>
  apiFetch<{ user: SessionUser; recoveryCodes: string[] }>('/api/auth/totp/enrolment/confirm', {
    method: 'POST',
    body: input,
  });

export const useConfirmTotpEnrolment = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmTotpEnrolment,
    // The recovery codes are forgotten as soon as the page that shows them is left.
    gcTime: 0,
    // The session (and its cookie) was replaced by a complete one with the authenticator bound.
    onSuccess: ({ user }) => queryClient.setQueryData(sessionQueryKey, user),
  });
};
