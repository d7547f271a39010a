import type { PublicPetitionList, PublicPetitionsQuery } from '@ledger/domain/public';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { publicQueryKey } from './get-public-summary';
import { searchOf } from '../utils/search';

export type PublicPetitionFilters = Partial<PublicPetitionsQuery>;

/** GET /api/public/petitions: one page of 边督边改公开情况一览表. */
export const getPublicPetitions = (
  filters: PublicPetitionFilters,
  { signal }: { signal?: AbortSignal } = {},
) => apiFetch<PublicPetitionList>(`/api/public/petitions${searchOf(filters)}`, { signal });

export const publicPetitionsQueryOptions = (filters: PublicPetitionFilters) =>
  queryOptions({
    queryKey: [...publicQueryKey, 'petitions', searchOf(filters)],
    queryFn: ({ signal }) => getPublicPetitions(filters, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });

export const usePublicPetitions = (filters: PublicPetitionFilters) =>
  useQuery(publicPetitionsQueryOptions(filters));
