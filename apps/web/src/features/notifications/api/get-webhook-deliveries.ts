import type { DeliveryList, ListDeliveriesQuery } from '@ledger/domain/notifications';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

export const deliveriesQueryKey = ['webhook-deliveries'] as const;

export type DeliveryFilter = Partial<ListDeliveriesQuery>;

/** GET /api/webhook-deliveries — the push log, newest first. */
export const getDeliveries = (filter: DeliveryFilter, { signal }: { signal?: AbortSignal } = {}) => {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const search = query.toString();
  return apiFetch<DeliveryList>(`/api/webhook-deliveries${search ? `?${search}` : ''}`, { signal });
};

export const deliveriesQueryOptions = (filter: DeliveryFilter) =>
  queryOptions({
    queryKey: [...deliveriesQueryKey, filter],
    queryFn: ({ signal }) => getDeliveries(filter, { signal }),
    staleTime: 15_000,
    placeholderData: keepPreviousData,
  });

export const useDeliveries = (filter: DeliveryFilter) => useQuery(deliveriesQueryOptions(filter));
