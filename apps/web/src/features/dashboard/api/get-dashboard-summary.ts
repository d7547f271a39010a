import type { DashboardSummary } from '@ledger/domain/dashboard';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

export const dashboardQueryKey = ['dashboard', 'summary'] as const;

/**
 * GET /api/dashboard/summary: the coordination group's figures, for the whole district or, for a
 * unit's officers and head, for their own unit (the API decides which by who asks).
 */
export const getDashboardSummary = ({ signal }: { signal?: AbortSignal } = {}) =>
  apiFetch<DashboardSummary>('/api/dashboard/summary', { signal });

export const dashboardSummaryQueryOptions = () =>
  queryOptions({
    queryKey: dashboardQueryKey,
    queryFn: getDashboardSummary,
    // The figures move with the day's progress reports, not by the second; the page shows their
    // 数据截至 time, and coming back to it after a minute reads them again.
    staleTime: 60_000,
  });

export const useDashboardSummary = () => useQuery(dashboardSummaryQueryOptions());
