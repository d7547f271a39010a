import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

/** GET /api/health: `status` is the whole system, `db` the database behind it. */
export type Health = {
  status: 'ok' | (string & {});
  db: 'ok' | (string & {});
  message?: string;
};

export const getHealth = ({ signal }: { signal?: AbortSignal } = {}): Promise<Health> =>
  apiFetch<Health>('/api/health', { signal });

export const healthQueryOptions = () =>
  queryOptions({
    queryKey: ['health'],
    queryFn: getHealth,
  });

export const useHealth = () => useQuery(healthQueryOptions());
