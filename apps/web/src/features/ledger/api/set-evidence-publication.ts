import type { EvidenceFileView } from '@ledger/domain/items';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { itemsQueryKey } from './get-items';

/** PATCH /api/items/:id/evidence/:evidenceId — shows the file on the public page, or takes it off. */
export const setEvidencePublication = (itemId: string, evidenceId: string, isPublic: boolean) =>
  apiFetch<EvidenceFileView>(
    `/api/items/${encodeURIComponent(itemId)}/evidence/${encodeURIComponent(evidenceId)}`,
    { method: 'PATCH', body: { isPublic } },
  );

export const useSetEvidencePublication = (itemId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ evidenceId, isPublic }: { evidenceId: string; isPublic: boolean }) =>
      setEvidencePublication(itemId, evidenceId, isPublic),
    onSettled: () => queryClient.invalidateQueries({ queryKey: itemsQueryKey }),
  });
};
