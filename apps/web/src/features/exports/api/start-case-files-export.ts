import type { ExportJobView } from '@ledger/domain/exports';
import { listItemsSearch, type ListItemsQuery } from '@ledger/domain/items';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { exportJobsQueryKey } from './get-export-jobs';

/**
 * The list's filters as `caseFilesExportInput` takes them: without paging and sorting (which
 * items, not how a page shows them), each as the list's query string has it
 * (`{ "overdue": "true", "status": ["CLOSED"] }`), so that the server reads them with the
 * list's schema and finds the same items.
 */
export function filtersAsQuery(filters: Partial<ListItemsQuery>): Record<string, string | string[]> {
  const { page: _page, pageSize: _pageSize, sort: _sort, order: _order, ...wanted } = filters;
  const search = listItemsSearch(wanted);
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    query[key] = key === 'status' ? values : values[0]!;
  }
  return query;
}

/** The request: the chosen items, or every item the filters find. */
export type CaseFilesExportRequest = { itemIds: string[] } | { filters: Partial<ListItemsQuery> };

/**
 * POST /api/exports/case-files (批量导出案卷), read by `caseFilesExportInput`: answers 202 with
 * the queued job.
 */
export const startCaseFilesExport = (request: CaseFilesExportRequest) =>
  apiFetch<ExportJobView>('/api/exports/case-files', {
    method: 'POST',
    body: 'itemIds' in request ? { itemIds: request.itemIds } : { filters: filtersAsQuery(request.filters) },
  });

export const useStartCaseFilesExport = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startCaseFilesExport,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exportJobsQueryKey }),
  });
};
