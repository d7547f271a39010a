/**
 * Imports as the API answers them (packages/domain/src/imports.ts): one import with a page of its
 * rows, and the list of recent imports. A preview's rows live in its plan (JSON); a page is cut
 * out of it by the database, so a large preview is never loaded whole to show twenty rows.
 */
import { Prisma, type PrismaClient } from '@ledger/db/client';
import type {
  ImportList,
  ImportProblem,
  ImportRow,
  ImportRowsQuery,
  ImportView,
} from '@ledger/domain/imports';

import { notFound } from '../../lib/http-errors';
import type { ImportCounts } from './plan';

/** How many imports the list shows, newest first. */
export const IMPORT_LIST_LIMIT = 50;

const headSelect = {
  id: true,
  fileName: true,
  sha256: true,
  status: true,
  counts: true,
  progress: true,
  total: true,
  error: true,
  committedAt: true,
  createdAt: true,
  createdBy: { select: { id: true, displayName: true } },
} as const satisfies Prisma.LedgerImportSelect;

type Head = Prisma.LedgerImportGetPayload<{ select: typeof headSelect }>;

function headView(row: Head) {
  return {
    id: row.id,
    fileName: row.fileName,
    sha256: row.sha256,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    committedAt: row.committedAt?.toISOString() ?? null,
    counts: row.counts as unknown as ImportCounts,
    progress: { done: row.progress, total: row.total },
    error: row.error,
  };
}

const SHOWN = {
  all: Prisma.sql`TRUE`,
  changes: Prisma.sql`r.value->>'action' IN ('CREATE', 'UPDATE')`,
  problems: Prisma.sql`r.value->>'action' = 'ERROR'`,
} as const;

export async function loadImportView(
  prisma: PrismaClient,
  importId: string,
  query: ImportRowsQuery,
): Promise<ImportView> {
  const head = await prisma.ledgerImport.findUnique({ where: { id: importId }, select: headSelect });
  if (!head) throw notFound('导入记录不存在');
  // The notes alone from the plan: its rows are paged below.
  const [extra] = await prisma.$queryRaw<{ fileProblems: ImportProblem[]; notes: ImportProblem[] | null }[]>`
    SELECT "fileProblems", "plan"->'notes' AS "notes" FROM "LedgerImport" WHERE "id" = ${importId}::uuid`;
  const counts = head.counts as unknown as ImportCounts;
  const offset = (query.page - 1) * query.pageSize;
  const rows = await prisma.$queryRaw<{ row: ImportRow }[]>`
    SELECT r.value - 'apply' AS "row"
    FROM "LedgerImport" li
    CROSS JOIN LATERAL jsonb_array_elements(li."plan"->'rows') WITH ORDINALITY AS r(value, position)
    WHERE li."id" = ${importId}::uuid AND ${SHOWN[query.show]}
    ORDER BY r.position
    LIMIT ${query.pageSize} OFFSET ${offset}`;
  const total =
    query.show === 'all'
      ? counts.rows
      : query.show === 'changes'
        ? counts.create + counts.update
        : counts.error;
  return {
    ...headView(head),
    fileProblems: extra?.fileProblems ?? [],
    notes: extra?.notes ?? [],
    rows: rows.map((entry) => entry.row),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function listImports(prisma: PrismaClient): Promise<ImportList> {
  const rows = await prisma.ledgerImport.findMany({
    select: headSelect,
    orderBy: { createdAt: 'desc' },
    take: IMPORT_LIST_LIMIT,
  });
  return { imports: rows.map(headView) };
}
