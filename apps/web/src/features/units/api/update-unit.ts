import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

import type { UnitInput } from './create-unit';
import { unitsQueryKey, type Unit } from './get-units';

/** PATCH /api/units/:id: only the fields sent change (also how a unit is disabled or enabled). */
export const updateUnit = (id: string, input: UnitInput) =>
  apiFetch<{ unit: Unit }>(`/api/units/${encodeURIComponent(id)}`, { method: 'PATCH', body: input }).then(
    ({ unit }) => unit,
  );

export const useUpdateUnit = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UnitInput }) => updateUnit(id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: unitsQueryKey }),
  });
};
