/**
 * `POST /api/imports`: an uploaded workbook becomes a stored preview. The file is received into
 * the evidence storage's temp folder (hashed as it streams), checked (inspect.ts), read
 * (read.ts) and planned (plan.ts); then, in one transaction, the file is put in its
 * content-addressed place, the LedgerImport row is written (PREVIEWED, or INVALID when anything
 * must be fixed first) and its `import.preview` audit record with it. Nothing in the ledger
 * changes.
 *
 * A file that cannot be imported at all (not a workbook, encrypted, macros, too large, no ledger
 * sheet …) is answered 4xx with what to do about it; it leaves no row and no stored file, only a
 * FAILURE audit record of the attempt.
 */
import type { Multipart } from '@fastify/multipart';
import { appendAudit } from '@ledger/db/audit';
import type { Prisma, PrismaClient } from '@ledger/db/client';
import { IMPORT_MAX_BYTES, type ImportView } from '@ledger/domain/imports';

import { badRequest } from '../../lib/http-errors';
import { EVIDENCE_FILE_FIELD, handleUpload, type UploadHandling } from '../evidence';
import type { ActingUser } from '../progress';
import type { EvidenceStorage } from '../storage';
import { fileMessages, inspectWorkbookFile } from './inspect';
import { countPlan, planImport } from './plan';
import { readWorkbook } from './read';
import { loadImportView } from './views';

export interface ImportContext {
  prisma: PrismaClient;
  storage: EvidenceStorage;
  actor: ActingUser;
  ip: string;
}

/** What the preview answers with: the first page of all rows. */
export const FIRST_PAGE = { show: 'all', page: 1, pageSize: 20 } as const;

export async function previewImport(
  context: ImportContext,
  parts: AsyncIterable<Multipart>,
): Promise<ImportView> {
  const { prisma, storage, actor, ip } = context;
  const handling: UploadHandling = {
    maxBytes: IMPORT_MAX_BYTES,
    fallbackName: '台账.xlsx',
    action: 'import.preview',
    entityType: 'LedgerImport',
    attempt: (file) => ({
      fileName: file?.fileName ?? null,
      sha256: file?.sha256 ?? null,
      sizeBytes: file?.sizeBytes ?? null,
    }),
  };
  return handleUpload(context, parts, handling, async ({ file }) => {
    if (!file) throw badRequest(`请选择要导入的 Excel 工作簿（表单字段 ${EVIDENCE_FILE_FIELD}）`);
    if (file.sizeBytes === 0) throw badRequest(fileMessages.notWorkbook('空的（0 字节）'));

    const workbookPackage = await inspectWorkbookFile(file.tempPath);
    const workbook = await readWorkbook(file.tempPath, workbookPackage);
    const plan = await planImport(prisma, workbook);
    const counts = countPlan(plan, workbook.fileProblems);
    const status = workbook.fileProblems.length > 0 || counts.error > 0 ? 'INVALID' : 'PREVIEWED';

    const importId = await prisma.$transaction(
      async (tx) => {
        const storageKey = await storage.keep(file);
        const row = await tx.ledgerImport.create({
          data: {
            fileName: file.fileName,
            sha256: file.sha256,
            sizeBytes: file.sizeBytes,
            storageKey,
            status,
            plan: plan as unknown as Prisma.InputJsonValue,
            counts: counts as unknown as Prisma.InputJsonValue,
            fileProblems: workbook.fileProblems as unknown as Prisma.InputJsonValue,
            createdById: actor.id,
          },
          select: { id: true },
        });
        await appendAudit(tx, {
          actor,
          action: 'import.preview',
          entityType: 'LedgerImport',
          entityId: row.id,
          after: {
            fileName: file.fileName,
            sha256: file.sha256,
            sizeBytes: file.sizeBytes,
            status,
            counts,
            sheets: workbook.sheets.map((sheet) => ({
              name: sheet.name,
              kind: sheet.layout.kind,
              rows: sheet.rows.length,
            })),
          },
          ip,
        });
        return row.id;
      },
      // A plan of many thousand rows is megabytes of JSON to write.
      { timeout: 60_000 },
    );
    return loadImportView(prisma, importId, FIRST_PAGE);
  });
}
