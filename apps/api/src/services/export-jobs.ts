/**
 * 批量导出案卷: many case files in one ZIP, built in the background (jobs.ts) so a large
 * selection never holds up the server.
 *
 * - Creating resolves the selection to item ids at once — the chosen items, or every item the
 *   ledger list's filters find within the caller's reach — refuses what may not be exported, and
 *   writes the `Job` (kind `case-files`, total = items) with its `export.case-files` audit record
 *   in one transaction.
 * - The worker writes, item by item, a folder `<编号>/` holding that item's case file (as
 *   case-file.ts makes it, its own SHA256SUMS and 清单.csv included), then a top-level
 *   SHA256SUMS and 清单.csv over every file. It waits for each item's files to be written out
 *   before the next item, so one item is in memory at a time, and yields to the event loop
 *   between items. The ZIP streams into the evidence storage's temp folder while it is hashed,
 *   and is kept there by its hash; Job.result names it.
 * - Only the person who asked sees the job and downloads its file (`export.case-files.download`).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

import { appendAudit } from '@ledger/db/audit';
import type { Prisma, PrismaClient } from '@ledger/db/client';
import {
  CASE_FILES_BATCH_MAX_ITEMS,
  type CaseFilesExportInput,
  type ExportJobList,
  type ExportJobView,
} from '@ledger/domain/exports';
import { formatDate } from '@ledger/domain/format';
import { listItemsDefaults } from '@ledger/domain/items';
import { describeLedgerFilters } from '@ledger/domain/ledger-filters';
import { decideItemExport, exportScope, ITEM_OF_NO_UNIT } from '@ledger/domain/permissions';
import { z } from 'zod';

import { badRequest, conflict, forbidden, HttpError, notFound } from '../lib/http-errors';
import {
  authorizeExport,
  caseFileEntries,
  closureReportOf,
  manifestEntries,
  readCaseFile,
  safeFileName,
  uniqueNamer,
  ZipWriter,
  type CaseFileEntry,
} from './case-file';
import { itemScopeSelect, toItemScope } from './item-access';
import { JobFailure, type JobHandler } from './jobs';
import { ledgerConditions, unitNames } from './ledger';
import type { ActingUser } from './progress';
import type { EvidenceStorage, ReceivedFile } from './storage';

export const CASE_FILES_JOB = 'case-files';

/** What Job.input holds for a batch of case files. */
const jobInput = z.object({
  /** as asked: the ids chosen, or the filters */
  selection: z.unknown(),
  /** what the selection found when the job was created, in the order they go into the ZIP */
  itemIds: z.array(z.uuid()).min(1),
  /** the selection in words (所选 3 项 / 按筛选条件 …) */
  description: z.string(),
});
type JobInput = z.infer<typeof jobInput>;

/** What Job.result holds once the ZIP is kept. */
const jobResult = z.object({
  file: z.object({
    fileName: z.string(),
    sha256: z.string(),
    sizeBytes: z.number(),
    storageKey: z.string(),
  }),
  /** each item as it was written: the folder, how many files, when (progress, item by item) */
  items: z.array(
    z.object({
      itemId: z.string(),
      number: z.string(),
      folder: z.string(),
      files: z.number(),
      doneAt: z.string(),
    }),
  ),
});
type JobResult = z.infer<typeof jobResult>;

export interface ExportJobContext {
  prisma: PrismaClient;
  actor: ActingUser;
  ip: string;
  /** the app's ledger date (`app.ledgerToday()`) */
  today: Date;
}

const downloadUrl = (jobId: string) => `/api/exports/jobs/${jobId}/download`;

// ───────────────────────────── Creating ─────────────────────────────

type Filters = Extract<CaseFilesExportInput, { filters: unknown }>['filters'];

/** The filters in words, as the ledger page and the ledger workbook say them. */
async function describeFilters(prisma: PrismaClient, filters: Filters): Promise<string> {
  const names = await unitNames(prisma, [filters.unitId, filters.leadUnitId]);
  return `按筛选条件（${describeLedgerFilters(filters, (id) => names.get(id))}）`;
}

/**
 * The ids the filters find within what the caller may export (`exportScope`: every one of them
 * may be exported), by number; one more than the limit at most.
 */
async function idsOfFilters(context: ExportJobContext, filters: Filters): Promise<string[]> {
  const scope = exportScope(context.actor);
  if (scope.kind === 'none') {
    throw forbidden('缺少权限: export:item:own-unit', { missingPermission: 'export:item:own-unit' });
  }
  const query = { ...listItemsDefaults, ...filters };
  const rows = await context.prisma.$queryRaw<{ id: string }[]>`
    SELECT i."id" FROM "LedgerItem" i
    WHERE ${ledgerConditions(query, scope, context.today)}
    ORDER BY i."number", i."id"
    LIMIT ${CASE_FILES_BATCH_MAX_ITEMS + 1}`;
  return rows.map((row) => row.id);
}

/**
 * The chosen ids, each once, if the caller may export every one: otherwise 404 naming the ids
 * that are not found or out of reach (not saying which is which), or 403 naming the permission.
 */
async function checkChosen(context: ExportJobContext, itemIds: readonly string[]): Promise<string[]> {
  const ids = [...new Set(itemIds)];
  const rows = await context.prisma.ledgerItem.findMany({
    where: { id: { in: ids } },
    select: { ...itemScopeSelect, number: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const hidden: string[] = [];
  const refused: string[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    const decision = decideItemExport(context.actor, row ? toItemScope(row) : ITEM_OF_NO_UNIT);
    if (decision.allowed && row) continue;
    if (decision.allowed || decision.status === 404) hidden.push(id);
    else refused.push(row?.number ?? id);
  }
  if (hidden.length > 0) {
    throw new HttpError(404, `以下事项不存在或不在本单位职责范围内：${hidden.join('、')}`, {
      itemIds: hidden,
    });
  }
  if (refused.length > 0) {
    throw forbidden(`缺少权限: export:item:own-unit（不能导出：${refused.join('、')}）`, {
      missingPermission: 'export:item:own-unit',
    });
  }
  return ids;
}

/** POST /api/exports/case-files: resolves the selection and queues the job. */
export async function createCaseFilesJob(
  context: ExportJobContext,
  input: CaseFilesExportInput,
): Promise<ExportJobView> {
  const { prisma, actor, ip } = context;
  let itemIds: string[];
  let description: string;
  if ('itemIds' in input) {
    itemIds = await checkChosen(context, input.itemIds);
    description = `所选 ${itemIds.length} 项`;
  } else {
    itemIds = await idsOfFilters(context, input.filters);
    if (itemIds.length === 0) throw badRequest('没有符合筛选条件的事项，请调整筛选条件');
    if (itemIds.length > CASE_FILES_BATCH_MAX_ITEMS) {
      throw badRequest(
        `筛选结果超过 ${CASE_FILES_BATCH_MAX_ITEMS} 项，一次最多导出 ${CASE_FILES_BATCH_MAX_ITEMS} 项的案卷，请缩小筛选范围或分批导出`,
      );
    }
    description = `${await describeFilters(prisma, input.filters)}共 ${itemIds.length} 项`;
  }
  const jobData: JobInput = { selection: input, itemIds, description };
  const job = await prisma.$transaction(async (tx) => {
    const created = await tx.job.create({
      data: {
        kind: CASE_FILES_JOB,
        total: itemIds.length,
        input: jobData as Prisma.InputJsonObject,
        createdById: actor.id,
      },
      select: jobSelect,
    });
    await appendAudit(tx, {
      actor,
      action: 'export.case-files',
      entityType: 'Job',
      entityId: created.id,
      after: { selection: input, description, total: itemIds.length, itemIds },
      ip,
    });
    return created;
  });
  return toJobView(job);
}

// ───────────────────────────── Reading ─────────────────────────────

const jobSelect = {
  id: true,
  status: true,
  progress: true,
  total: true,
  input: true,
  result: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const satisfies Prisma.JobSelect;

type JobRow = Prisma.JobGetPayload<{ select: typeof jobSelect }>;

function toJobView(row: JobRow): ExportJobView {
  const input = jobInput.safeParse(row.input);
  const result = row.status === 'SUCCEEDED' ? jobResult.safeParse(row.result) : null;
  const file = result?.success ? result.data.file : null;
  return {
    id: row.id,
    kind: 'case-files',
    status: row.status,
    progress: row.progress,
    total: row.total,
    description: input.success ? input.data.description : '',
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    error: row.error,
    file: file && {
      url: downloadUrl(row.id),
      fileName: file.fileName,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
    },
  };
}

/** How many of the caller's jobs the list shows, newest first. */
export const JOB_LIST_LIMIT = 50;

export async function listExportJobs(prisma: PrismaClient, actor: ActingUser): Promise<ExportJobList> {
  const rows = await prisma.job.findMany({
    where: { createdById: actor.id, kind: CASE_FILES_JOB },
    select: jobSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: JOB_LIST_LIMIT,
  });
  return { jobs: rows.map(toJobView) };
}

/** Someone else's job does not exist for the caller. */
async function ownJob(prisma: PrismaClient, actor: ActingUser, jobId: string): Promise<JobRow> {
  const row = await prisma.job.findFirst({
    where: { id: jobId, createdById: actor.id, kind: CASE_FILES_JOB },
    select: jobSelect,
  });
  if (!row) throw notFound('导出作业不存在');
  return row;
}

export async function loadExportJob(
  prisma: PrismaClient,
  actor: ActingUser,
  jobId: string,
): Promise<ExportJobView> {
  return toJobView(await ownJob(prisma, actor, jobId));
}

/** GET /api/exports/jobs/:id/download: the kept ZIP, with the `export.case-files.download` record. */
export async function openExportJobFile(
  context: Omit<ExportJobContext, 'today'> & { storage: EvidenceStorage },
  jobId: string,
) {
  const { prisma, storage, actor, ip } = context;
  const row = await ownJob(prisma, actor, jobId);
  if (row.status === 'FAILED')
    throw conflict(`该导出作业失败，没有可下载的文件：${row.error ?? '原因不明'}。请重新发起导出`);
  if (row.status !== 'SUCCEEDED') {
    throw conflict(`导出尚未完成（已完成 ${row.progress} / ${row.total ?? '?'} 项），请稍后再下载`, {
      status: row.status,
    });
  }
  const { file } = jobResult.parse(row.result);
  const opened = await storage.open(file.storageKey);
  try {
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        actor,
        action: 'export.case-files.download',
        entityType: 'Job',
        entityId: row.id,
        after: { fileName: file.fileName, sha256: file.sha256, sizeBytes: file.sizeBytes },
        ip,
      }),
    );
  } catch (error) {
    opened.stream.destroy();
    throw error;
  }
  return { ...opened, fileName: file.fileName, mediaType: 'application/zip' };
}

// ───────────────────────────── Building ─────────────────────────────

/** The job's handler: one ZIP with a folder per item and the manifests over all of them. */
export function caseFilesJobHandler(options: {
  prisma: PrismaClient;
  storage: EvidenceStorage;
  today: () => Date;
}): JobHandler {
  const { prisma, storage } = options;
  return {
    async run(job, { progress, signal }) {
      const input = jobInput.parse(job.input);
      const user = await prisma.user.findUniqueOrThrow({
        where: { id: job.createdById },
        select: { id: true, displayName: true, role: true, unitId: true },
      });
      const actor: ActingUser = { id: user.id, name: user.displayName, role: user.role, unitId: user.unitId };
      const zip = new ZipWriter(storage, new Date());
      // The ZIP streams into the storage's temp folder while it is written, hashed as it goes.
      const receiving = storage.receive(zip.archive);
      let received: ReceivedFile | null = null;
      try {
        const folderName = uniqueNamer();
        const everything: CaseFileEntry[] = [];
        const items: JobResult['items'] = [];
        for (const [index, itemId] of input.itemIds.entries()) {
          signal.throwIfAborted();
          // Asked again: the person's unit or role may have changed since the job was queued.
          await authorizeExport(prisma, actor, itemId).catch((error: unknown) => {
            throw error instanceof HttpError
              ? new JobFailure(`第 ${index + 1} 项（${itemId}）已不在您的导出范围内，请重新选择后导出`)
              : error;
          });
          const data = await readCaseFile(prisma, actor, itemId, options.today(), { withAudit: true });
          const files = await caseFileEntries(data, await closureReportOf(data, actor.name), storage, actor);
          const folder = `${folderName(safeFileName(data.detail.number, `事项${index + 1}`))}/`;
          const inFolder = files.map((entry) => ({ ...entry, path: `${folder}${entry.path}` }));
          const entries = [...inFolder, ...manifestEntries(inFolder, folder)];
          for (const entry of entries) zip.add(entry);
          await zip.flushed();
          everything.push(...entries);
          items.push({
            itemId,
            number: data.detail.number,
            folder,
            files: entries.length,
            doneAt: new Date().toISOString(),
          });
          await progress(index + 1);
          // Between items the event loop serves whatever else the process has to do.
          await nextTurn();
        }
        for (const entry of manifestEntries(everything)) zip.add(entry);
        await zip.finalize();
        received = await receiving;
        const fileName = `案卷批量导出-${formatDate(job.createdAt)}-${input.itemIds.length}项.zip`;
        const storageKey = await storage.keep(received);
        const file = { fileName, sha256: received.sha256, sizeBytes: received.sizeBytes, storageKey };
        return { result: { file, items } satisfies JobResult, summary: { file } };
      } catch (error) {
        zip.archive.destroy();
        await receiving.catch(() => {
          // The temp file is removed by receive itself when its stream fails.
        });
        throw error;
      } finally {
        if (received) await storage.discard(received);
      }
    },
  };
}
