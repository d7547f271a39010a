import type { ImportView } from '@ledger/domain/imports';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiUpload } from '@/lib/api-client';

import { importsQueryKey } from './get-imports';

export type ImportUpload = {
  file: File;
  /** the share of the file sent so far (0–100) */
  onProgress?: (percent: number) => void;
};

/**
 * POST /api/imports (multipart, field `file`): the server reads the workbook and answers its
 * preview; nothing in the ledger changes. A file it cannot take answers 4xx with the reason.
 */
export function uploadImport({ file, onProgress }: ImportUpload) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload<ImportView>('/api/imports', form, { onProgress });
}

export const useUploadImport = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadImport,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: importsQueryKey }),
  });
};
