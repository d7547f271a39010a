/**
 * Exports (导出): what auditors and the coordination group take out of the ledger, and the
 * background job that builds a ZIP of many case files (一案一档). Shared by the API (validates,
 * answers) and the web app (the buttons, the job list with progress). Every export is itself an
 * audit record: who took what, with which filters.
 *
 * - `GET /api/exports/ledger.xlsx?<ledger list filters>` — the ledger workbook (ledger-workbook.ts)
 * - `GET /api/items/:id/closure-report.pdf` — 销号报告
 * - `GET /api/items/:id/case-file.zip` — 案卷: the report, every evidence file, the item's audit
 *   records (CSV) and a manifest of sha256 sums
 * - `POST /api/exports/case-files` — many case files in one ZIP, built in the background;
 *   `GET /api/exports/jobs` / `GET /api/exports/jobs/:id` show progress, `…/download` the file
 */
import { z } from 'zod';

import { listItemsQuery, uuid } from './items';
import { jobStatus } from './vocabulary';

type JobStatus = (typeof jobStatus.codes)[number];

/** The most items one batch of case files may hold: beyond it, narrow the filters or split. */
export const CASE_FILES_BATCH_MAX_ITEMS = 2_000;

/**
 * A refusal of the body names what is wrong in the form it was meant as (by its key), not the
 * union's bare "Invalid input".
 */
function selectionError(issue: { input?: unknown; errors?: { message: string; path: PropertyKey[] }[][] }) {
  const input = issue.input;
  const oneOf = '请求体须为 { itemIds: [...] }（所选事项）或 { filters: {...} }（筛选条件），二者选一';
  if (typeof input !== 'object' || input === null || 'itemIds' in input === 'filters' in input) return oneOf;
  const inner = issue.errors?.['itemIds' in input ? 0 : 1]?.[0];
  if (!inner) return oneOf;
  return inner.path.length > 0 ? `${inner.path.join('.')}: ${inner.message}` : inner.message;
}

/**
 * POST /api/exports/case-files: the items chosen one by one, or every item the ledger list's
 * filters find (as the list's query string has them, e.g. `{ "leadUnitId": "…", "overdue": "true" }`).
 */
export const caseFilesExportInput = z.union(
  [
    z
      .object({
        itemIds: z
          .array(uuid('事项'))
          .min(1, '请至少选择一个事项')
          .max(CASE_FILES_BATCH_MAX_ITEMS, `一次最多导出 ${CASE_FILES_BATCH_MAX_ITEMS} 个事项的案卷`),
      })
      .strict(),
    z
      .object({ filters: listItemsQuery.omit({ page: true, pageSize: true, sort: true, order: true }) })
      .strict(),
  ],
  { error: selectionError },
);
export type CaseFilesExportInput = z.infer<typeof caseFilesExportInput>;

/** A file the job made, ready to download. */
export const jobFile = z.object({
  url: z.string(),
  fileName: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
});

/** A background export as its owner sees it; polled while it runs. */
export const exportJobView = z.object({
  id: z.string(),
  kind: z.literal('case-files'),
  status: jobStatus.schema,
  /** items done so far, of `total` */
  progress: z.number(),
  total: z.number().nullable(),
  /** what was asked for, in words (所选 12 项 / 按筛选条件 …) */
  description: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** why it failed, for the person who asked */
  error: z.string().nullable(),
  file: jobFile.nullable(),
});
export type ExportJobView = z.infer<typeof exportJobView>;

export const exportJobList = z.object({ jobs: z.array(exportJobView) });
export type ExportJobList = z.infer<typeof exportJobList>;

/** How often the web app asks again while a job is queued or running. */
export const JOB_POLL_MS = 1_000;

export const isJobActive = (status: JobStatus) => status === 'QUEUED' || status === 'RUNNING';
