import type { ItemDetail } from '@ledger/domain/items';
import { useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { ledgerQueryKey } from './keys';

/**
 * The item's evidence files, for a response opened from the supervision page. Read from the item
 * detail under the ledger's own key, so the item page and this form share one cached copy.
 */
export const useItemEvidence = (itemId: string, { enabled }: { enabled: boolean }) =>
  useQuery({
    queryKey: [...ledgerQueryKey, 'detail', itemId],
    queryFn: ({ signal }) => apiFetch<ItemDetail>(`/api/items/${encodeURIComponent(itemId)}`, { signal }),
    select: (item) => item.evidence,
    enabled,
    staleTime: 15_000,
  });
