import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import { unitsQueryKey, type Unit } from './get-units';

/** What the unit form sends; the API validates it (its createUnitInput / updateUnitInput). */
export type UnitInput = Partial<
  Pick<Unit, 'code' | 'name' | 'type' | 'sortOrder' | 'disabled' | 'webhookUrl'>
>;

/** POST /api/units. */
export const createUnit = (input: UnitInput) =>
  apiFetch<{ unit: Unit }>('/api/units', { method: 'POST', body: input }).then(({ unit }) => unit);

export const useCreateUnit = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUnit,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: unitsQueryKey }),
  });
};
