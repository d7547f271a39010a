import { JOB_POLL_MS } from '@ledger/domain/exports';
import { isImportActive, type ImportRowsQuery, type ImportView } from '@ledger/domain/imports';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { importsQueryKey } from './get-imports';

/** Which rows of the preview a page shows: all of them, those that change, or those with problems. */
export type ImportRowsPage = Pick<ImportRowsQuery, 'show' | 'page'>;

/** Rows per page of the preview: a screenful of rows with their changes and problems. */
export const IMPORT_ROWS_PAGE_SIZE = 50;

/** GET /api/imports/:id — the preview (or the result) with one page of its rows. */
export const getImport = (id: string, { show, page }: ImportRowsPage, signal?: AbortSignal) =>
  apiFetch<ImportView>(
    `/api/imports/${encodeURIComponent(id)}?show=${show}&page=${page}&pageSize=${IMPORT_ROWS_PAGE_SIZE}`,
    { signal },
  );

export const importQueryOptions = (id: string, rows: ImportRowsPage) =>
  queryOptions({
    queryKey: [...importsQueryKey, 'detail', id, rows],
    queryFn: ({ signal }) => getImport(id, rows, signal),
    // Another tab or page of the same import keeps the counts on screen while its rows load.
    placeholderData: (previous) => (previous?.id === id ? previous : undefined),
    // While a commit runs, asked again so that its progress moves and its result appears.
    refetchInterval: (query) =>
      query.state.data && isImportActive(query.state.data.status) ? JOB_POLL_MS : false,
  });

export const useImport = (id: string, rows: ImportRowsPage) => useQuery(importQueryOptions(id, rows));
