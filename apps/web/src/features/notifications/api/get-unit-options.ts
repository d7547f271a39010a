import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

type UnitOption = { id: string; name: string; disabled: boolean };

/**
 * GET /api/units, for the push log's unit filter. Same key and answer as the units feature's own
 * query, so the two share one cached list (features do not import each other).
 */
export const unitOptionsQueryOptions = () =>
  queryOptions({
    queryKey: ['units'] as const,
    queryFn: ({ signal }) =>
      apiFetch<{ units: UnitOption[] }>('/api/units', { signal }).then(({ units }) => units),
    staleTime: 10 * 60_000,
  });

export const useUnitOptions = () => useQuery(unitOptionsQueryOptions());
