import type { ObjectionInput, ObjectionReceipt } from '@ledger/domain/public';
import { useMutation } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

/** POST /api/public/notices/:noticeId/objections (公示异议). */
export const fileObjection = (noticeId: string, input: ObjectionInput) =>
  apiFetch<ObjectionReceipt>(`/api/public/notices/${encodeURIComponent(noticeId)}/objections`, {
    method: 'POST',
    body: input,
  });

/**
 * Nothing cached changes when an objection is filed (objections are never published), so no
 * query is refreshed. Not even after a 409: the notice would vanish from the list and take the
 * explanation with it, while the person should read why their objection was not taken.
 */
export const useFileObjection = (noticeId: string) =>
  useMutation({ mutationFn: (input: ObjectionInput) => fileObjection(noticeId, input) });
