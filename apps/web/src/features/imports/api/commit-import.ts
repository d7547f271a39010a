import type { ImportView } from '@ledger/domain/imports';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { importsQueryKey } from './get-imports';

/**
 * POST /api/imports/:id/commit (确认导入): answers 202 with the import COMMITTING; the preview is
 * asked again until it is COMMITTED or FAILED.
 */
export const commitImport = (id: string) =>
  apiFetch<ImportView>(`/api/imports/${encodeURIComponent(id)}/commit`, { method: 'POST' });

export const useCommitImport = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: commitImport,
    onSuccess: async (committing) => {
      // Every page of the preview shows the commit at once (no second press while it starts);
      // their rows stay as they are, the answer carries only the first page's.
      queryClient.setQueriesData<ImportView>(
        { queryKey: [...importsQueryKey, 'detail', committing.id] },
        (view) =>
          view && {
            ...view,
            status: committing.status,
            progress: committing.progress,
            error: committing.error,
            committedAt: committing.committedAt,
          },
      );
      await queryClient.invalidateQueries({ queryKey: importsQueryKey });
    },
  });
};
