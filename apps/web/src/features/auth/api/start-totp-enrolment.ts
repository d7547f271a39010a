import type { TotpEnrolment } from '@ledger/domain/accounts';
import { useMutation } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

/**
 * POST /api/auth/totp/enrolment: a new authenticator secret for this session, to be confirmed
 * with its first code.
 */
export const startTotpEnrolment = () =>
  apiFetch<TotpEnrolment>('/api/auth/totp/enrolment', { method: 'POST' });

// gcTime 0: the secret is forgotten as soon as the page that shows it is left.
export const useStartTotpEnrolment = () => useMutation({ mutationFn: startTotpEnrolment, gcTime: 0 });
