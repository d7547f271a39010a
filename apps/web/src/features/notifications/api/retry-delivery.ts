import type { DeliveryView } from '@ledger/domain/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { deliveriesQueryKey } from './get-webhook-deliveries';

/** POST /api/webhook-deliveries/:id/retry — a failed push goes back to 待发送. */
export const retryDelivery = (id: string) =>
  apiFetch<{ delivery: DeliveryView }>(`/api/webhook-deliveries/${encodeURIComponent(id)}/retry`, {
    method: 'POST',
  }).then(({ delivery }) => delivery);

export const useRetryDelivery = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryDelivery,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deliveriesQueryKey }),
  });
};
