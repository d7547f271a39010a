import type { BulletinView, GenerateBulletinInput } from '@ledger/domain/bulletins';
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { bulletinsQueryKey } from './get-bulletins';

/** POST /api/bulletins (生成通报): the figures are read, both files written and stored. */
export const generateBulletin = (input: GenerateBulletinInput) =>
  apiFetch<BulletinView>('/api/bulletins', { method: 'POST', body: input });

export const useGenerateBulletin = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: generateBulletin,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: bulletinsQueryKey }),
  });
};
