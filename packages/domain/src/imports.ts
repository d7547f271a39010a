/**
 * Import (导入) of an existing ledger workbook (ledger-workbook.ts), by the coordination group.
 * Two steps, so that nothing is written before a person has seen what will change:
 *
 * 1. `POST /api/imports` (multipart, field `file`) reads the workbook and answers a preview:
 *    rows to create, rows to update (matched by 编号 / 受理编号) with each changed field, rows
 *    unchanged, and every problem with its sheet, row, column and a message a person can act on.
 *    Nothing in the ledger changes.
 * 2. `POST /api/imports/:id/commit` applies the preview in one transaction — all rows or none —
 *    only when it has no problems and no previewed item changed since; progress is visible on
 *    `GET /api/imports/:id` while it runs.
 */
import { z } from 'zod';

import { pageFields, pageQueryFields } from './paging';
import { importStatus, itemKind, vocabulary } from './vocabulary';

/** The largest workbook accepted (bytes as uploaded). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** The most data rows one import may hold, over both sheets; larger ledgers are imported in parts. */
export const IMPORT_MAX_ROWS = 20_000;

export type ImportStatus = (typeof importStatus.codes)[number];

/** What a row of the workbook will do. */
export const importRowAction = vocabulary({
  CREATE: '新增',
  UPDATE: '更新',
  UNCHANGED: '无变化',
  ERROR: '有错误',
});
export type ImportRowAction = (typeof importRowAction.codes)[number];

/** A problem, placed as a spreadsheet user finds it: sheet 信访件, row 12 (Excel's numbering), column 交办日期. */
export const importProblem = z.object({
  sheet: z.string().nullable(),
  row: z.number().nullable(),
  column: z.string().nullable(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblem>;

/** One field an update changes, as the cells show it. */
export const importChange = z.object({
  header: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type ImportChange = z.infer<typeof importChange>;

export const importRow = z.object({
  sheet: z.string(),
  row: z.number(),
  kind: itemKind.schema,
  number: z.string().nullable(),
  title: z.string().nullable(),
  action: importRowAction.schema,
  /** the ledger item an update changes */
  itemId: z.string().nullable(),
  changes: z.array(importChange),
  problems: z.array(importProblem),
});
export type ImportRow = z.infer<typeof importRow>;

/** GET /api/imports/:id: which rows to show (all, or only those that change or have problems). */
export const importRowsQuery = z
  .object({
    show: z
      .enum(['all', 'changes', 'problems'], {
        error: '须为 all（全部）、changes（新增和更新）或 problems（有错误）',
      })
      .default('all'),
    ...pageQueryFields(200),
  })
  .strict();
export type ImportRowsQuery = z.infer<typeof importRowsQuery>;

export const importView = z.object({
  id: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  status: importStatus.schema,
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), displayName: z.string() }),
  committedAt: z.string().nullable(),
  counts: z.object({
    rows: z.number(),
    create: z.number(),
    update: z.number(),
    unchanged: z.number(),
    /** rows with at least one problem */
    error: z.number(),
    problems: z.number(),
  }),
  /** while committing: rows applied so far, of `total` */
  progress: z.object({ done: z.number(), total: z.number() }),
  /** why a commit failed (nothing was written) */
  error: z.string().nullable(),
  /** problems of the file as a whole (not a row's), e.g. a missing column */
  fileProblems: z.array(importProblem),
  /** what was left aside without harm, e.g. columns the layout does not know, a sheet that is no ledger */
  notes: z.array(importProblem),
  /** the rows of the page asked for */
  rows: z.array(importRow),
  ...pageFields,
});
export type ImportView = z.infer<typeof importView>;

export const importList = z.object({
  imports: z.array(
    importView.omit({ rows: true, fileProblems: true, notes: true, total: true, page: true, pageSize: true }),
  ),
});
export type ImportList = z.infer<typeof importList>;

export const isImportActive = (status: ImportStatus) => status === 'COMMITTING';
