import type { NotificationView } from '@ledger/domain/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { notificationsQueryKey } from './get-notifications';

/** POST /api/notifications/:id/read */
export const markRead = (id: string) =>
  apiFetch<{ notification: NotificationView }>(`/api/notifications/${encodeURIComponent(id)}/read`, {
    method: 'POST',
  }).then(({ notification }) => notification);

export const useMarkRead = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });
};
