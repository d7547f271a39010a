import type { EvidenceFileView } from '@ledger/domain/items';

import { apiUpload } from '@/lib/api-client';

/**
 * POST /api/items/:id/evidence — a new 佐证材料 file of the item, to go with a response. The
 * response then names it; until it is sent the file is the item's like any other.
 */
export function uploadItemEvidence(
  itemId: string,
  file: File,
  provesDate: string,
  onProgress?: (percent: number) => void,
) {
  const form = new FormData();
  // Fields before the file: a streaming server reads them first.
  form.append('provesDate', provesDate);
  form.append('description', '督办反馈材料');
  form.append('file', file, file.name);
  return apiUpload<EvidenceFileView>(`/api/items/${encodeURIComponent(itemId)}/evidence`, form, {
    onProgress,
  });
}
