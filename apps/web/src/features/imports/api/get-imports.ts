import type { ImportList } from '@ledger/domain/imports';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

/** Every import query (the list and each preview) starts with this key. */
export const importsQueryKey = ['imports'] as const;

/** GET /api/imports — earlier imports, newest first. */
export const getImports = (signal?: AbortSignal) => apiFetch<ImportList>('/api/imports', { signal });

export const importListQueryOptions = () =>
  queryOptions({
    queryKey: [...importsQueryKey, 'list'],
    queryFn: ({ signal }) => getImports(signal),
  });

export const useImports = () => useQuery(importListQueryOptions());
