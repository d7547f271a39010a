import type { TotpCodeInput } from '@ledger/domain/accounts';
import { useMutation } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

/** POST /api/auth/totp/recovery-codes: new recovery codes (shown once); the old ones stop working. */
export const regenerateRecoveryCodes = (input: TotpCodeInput) =>
  apiFetch<{ recoveryCodes: string[] }>('/api/auth/totp/recovery-codes', { method: 'POST', body: input });

// gcTime 0: the codes are forgotten as soon as the page that shows them is left.
export const useRegenerateRecoveryCodes = () =>
  useMutation({ mutationFn: regenerateRecoveryCodes, gcTime: 0 });
