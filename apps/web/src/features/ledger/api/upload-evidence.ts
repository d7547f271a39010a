import type { EvidenceFileView } from '@ledger/domain/items';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiUpload } from '@/lib/api-client';

import { itemsQueryKey } from './get-items';

export type EvidenceUpload = {
  file: File;
  /** 证明日期: the day the file proves (the photo's day), not the day it is uploaded */
  provesDate: string;
  description?: string | null;
  /** the progress entry the file belongs to, when it is sent with one */
  progressEntryId?: string;
  /** the share of the file sent so far (0–100) */
  onProgress?: (percent: number) => void;
};

/** POST /api/items/:id/evidence (multipart): one 佐证材料 file. */
export function uploadEvidence(
  itemId: string,
  { file, provesDate, description, progressEntryId, onProgress }: EvidenceUpload,
) {
  const form = new FormData();
  // Fields before the file: a streaming server reads them first.
  form.append('provesDate', provesDate);
  if (description) form.append('description', description);
  if (progressEntryId) form.append('progressEntryId', progressEntryId);
  form.append('file', file, file.name);
  return apiUpload<EvidenceFileView>(`/api/items/${encodeURIComponent(itemId)}/evidence`, form, {
    onProgress,
  });
}

export const useUploadEvidence = (itemId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (upload: EvidenceUpload) => uploadEvidence(itemId, upload),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: itemsQueryKey }),
  });
};
