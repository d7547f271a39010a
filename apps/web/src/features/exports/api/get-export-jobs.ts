import { isJobActive, JOB_POLL_MS, type ExportJobList } from '@ledger/domain/exports';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

export const exportJobsQueryKey = ['export-jobs'] as const;

/** GET /api/exports/jobs — the caller's batch exports, newest first. */
export const getExportJobs = (signal?: AbortSignal) =>
  apiFetch<ExportJobList>('/api/exports/jobs', { signal });

export const exportJobsQueryOptions = () =>
  queryOptions({
    queryKey: exportJobsQueryKey,
    queryFn: ({ signal }) => getExportJobs(signal),
    // A job started a moment ago on the ledger page must be there when this page opens.
    staleTime: 0,
    // Asked again while any job is queued or running, so its progress moves and its file appears.
    refetchInterval: (query) =>
      query.state.data?.jobs.some((job) => isJobActive(job.status)) ? JOB_POLL_MS : false,
  });

export const useExportJobs = () => useQuery(exportJobsQueryOptions());
