import type { unitType } from '@ledger/domain/vocabulary';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

/** A unit (单位) as GET /api/units answers it; disabled units stay listed because history names them. */
export type Unit = {
  id: string;
  code: string;
  name: string;
  type: (typeof unitType.codes)[number];
  sortOrder: number;
  disabled: boolean;
  /** 预警推送地址; sent to admins only */
  webhookUrl?: string | null;
};

export const unitsQueryKey = ['units'] as const;

export const getUnits = ({ signal }: { signal?: AbortSignal } = {}) =>
  apiFetch<{ units: Unit[] }>('/api/units', { signal }).then(({ units }) => units);

export const unitsQueryOptions = () =>
  queryOptions({
    queryKey: unitsQueryKey,
    queryFn: getUnits,
    // Units change a few times a year.
    staleTime: 10 * 60_000,
  });

export const useUnits = ({ enabled = true }: { enabled?: boolean } = {}) =>
  useQuery({ ...unitsQueryOptions(), enabled });
