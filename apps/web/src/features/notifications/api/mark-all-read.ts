import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { notificationsQueryKey } from './get-notifications';

/** POST /api/notifications/read-all — answers how many were marked. */
export const markAllRead = () =>
  apiFetch<{ updated: number }>('/api/notifications/read-all', { method: 'POST' }).then(
    ({ updated }) => updated,
  );

export const useMarkAllRead = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markAllRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });
};
