/**
 * 佐证材料 (一案一档): files that prove a rectification step, each with the date it proves.
 *
 * A file is judged by its content, never by its name or the type the browser claims: photos
 * (JPEG, PNG, HEIC, WebP), PDF and Office documents only. The upload streams into a temp file
 * while it is hashed and measured; the row, its audit record and the move of the file into its
 * content-addressed place (see storage.ts) happen together, so no row ever points at a missing
 * file. A refused upload leaves no row and no file, only a FAILURE audit record: an executable
 * dressed up as a photo is what an assessor wants to see on record.
 */
import { extname } from 'node:path';

import type { Multipart } from '@fastify/multipart';
import { appendAudit } from '@ledger/db/audit';
import type { PrismaClient } from '@ledger/db/client';
import { toIsoDate } from '@ledger/domain/calendar';
import { isoDate, itemDetail, optionalText, uuid } from '@ledger/domain/items';
import { fileTypeFromFile, type FileTypeResult } from 'file-type';
import { z } from 'zod';

import { HttpError, badRequest, invalidFields, notFound } from '../lib/http-errors';
import { authorizeItem } from './item-access';
import { notAfterToday, type ActingUser } from './progress';
import type { EvidenceStorage, ReceivedFile } from './storage';

export const evidenceFileView = itemDetail.shape.evidence.element;
export type EvidenceFileView = z.infer<typeof evidenceFileView>;

export interface EvidenceContext {
  prisma: PrismaClient;
  storage: EvidenceStorage;
  actor: ActingUser;
  ip: string;
  /** the app's ledger date (`app.ledgerToday`) */
  today: () => Date;
}

/** The form fields that come with the file (multipart text fields). */
export const evidenceFields = (today: () => Date) =>
  z
    .object({
      provesDate: notAfterToday(isoDate('证明日期'), '证明日期', today),
      description: optionalText('说明', 2_000),
      progressEntryId: uuid('所属进展').optional(),
    })
    .strict();

/** The field that carries the file in the multipart form. */
export const EVIDENCE_FILE_FIELD = 'file';

/** File types accepted as they are detected (file-type's `ext`); the served type is its `mime`. */
const acceptedByContent = new Set([
  'jpg',
  'png',
  'webp',
  'heic',
  'pdf',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
]);

/**
 * Legacy Office documents are OLE compound files, and so are installers (.msi) and Outlook
 * messages (.msg): for these alone the name decides which one it is meant to be.
 */
const legacyOffice: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

export const ACCEPTED_TYPES_LABEL =
  '照片 (JPEG、PNG、HEIC、WebP)、PDF 和 Office 文档 (Word、Excel、PowerPoint)';

/** The Content-Type to store and serve, or null when the content is not acceptable evidence. */
export function evidenceMediaType(detected: FileTypeResult | undefined, fileName: string): string | null {
  if (!detected) return null;
  if (detected.ext === 'cfb') return legacyOffice[extname(fileName).slice(1).toLowerCase()] ?? null;
  return acceptedByContent.has(detected.ext) ? detected.mime : null;
}

/**
 * The uploader's file name as metadata: its last path segment, without control characters, at
 * most 200 characters (keeping the extension). It is shown and sent back, never used as a path.
 */
export function cleanFileName(raw: string | undefined, fallback = '佐证材料'): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = base
    .replace(/\p{Cc}/gu, '')
    .trim()
    .normalize('NFC');
  if (name === '' || name === '.' || name === '..') return fallback;
  if (name.length > 200) {
    const extension = extname(name).slice(0, 20);
    name = name.slice(0, 200 - extension.length) + extension;
  }
  return name;
}

export const evidenceUrl = (itemId: string, evidenceId: string) =>
  `/api/items/${itemId}/evidence/${evidenceId}`;

export function toEvidenceView(row: {
  id: string;
  itemId: string;
  fileName: string;
  sizeBytes: bigint;
  sha256: string;
  mediaType: string;
  provesDate: Date;
  description: string | null;
  createdAt: Date;
  progressEntryId: string | null;
  isPublic: boolean;
  uploadedBy: { id: string; displayName: string };
}): EvidenceFileView {
  return {
    id: row.id,
    fileName: row.fileName,
    sizeBytes: Number(row.sizeBytes),
    sha256: row.sha256,
    mediaType: row.mediaType,
    provesDate: toIsoDate(row.provesDate),
    description: row.description,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.createdAt.toISOString(),
    progressEntryId: row.progressEntryId,
    isPublic: row.isPublic,
    url: evidenceUrl(row.itemId, row.id),
  };
}

const invalidField = (field: string, message: string) => invalidFields([{ field: `body.${field}`, message }]);

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

function tooLarge(maxBytes: number) {
  return new HttpError(413, `文件超过 ${megabytes(maxBytes)} 的上限，请压缩或拆分后再上传`, { maxBytes });
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: (ReceivedFile & { fileName: string }) | null;
}

export interface UploadHandling {
  /** the largest file accepted (the multipart parser's limit, to name it in the 413) */
  maxBytes: number;
  /** the file's name when the upload names none */
  fallbackName?: string;
  /** the audit action and entity of the upload, for the FAILURE record of a refused one */
  action: string;
  entityType: string;
  /** what the FAILURE record says of the attempt, beside the status and the reason */
  attempt: (file: ReceivedUpload['file']) => Record<string, unknown>;
}

/**
 * Receives the multipart form and hands it to `use` (which stores what it keeps). Whatever is
 * refused on the way — by the upload or by `use`, as an HttpError — leaves a FAILURE audit record
 * of the attempt; whatever happens, no temp file outlives this call. How evidence and an import's
 * workbook are received.
 */
export async function handleUpload<T>(
  context: Pick<EvidenceContext, 'prisma' | 'storage' | 'actor' | 'ip'>,
  parts: AsyncIterable<Multipart>,
  handling: UploadHandling,
  use: (upload: ReceivedUpload) => Promise<T>,
): Promise<T> {
  const { prisma, storage, actor, ip } = context;
  let upload: ReceivedUpload | undefined;
  try {
    upload = await receiveUpload(parts, storage, handling.maxBytes, handling.fallbackName);
    return await use(upload);
  } catch (error) {
    if (error instanceof HttpError) {
      await prisma.$transaction((tx) =>
        appendAudit(tx, {
          actor,
          action: handling.action,
          entityType: handling.entityType,
          outcome: 'FAILURE',
          after: {
            ...handling.attempt(upload?.file ?? null),
            status: error.statusCode,
            reason: error.message,
          },
          ip,
        }),
      );
    }
    throw error;
  } finally {
    if (upload?.file) await storage.discard(upload.file);
  }
}

/**
 * Reads the multipart form: text fields into memory, the one file into a temp file. Whatever
 * goes wrong, no temp file outlives this call.
 */
async function receiveUpload(
  parts: AsyncIterable<Multipart>,
  storage: EvidenceStorage,
  maxBytes: number,
  /** the file's name when the upload names none */
  fallbackName?: string,
): Promise<ReceivedUpload> {
  const upload: ReceivedUpload = { fields: {}, file: null };
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (Object.hasOwn(upload.fields, part.fieldname)) throw invalidField(part.fieldname, '字段重复');
        upload.fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== EVIDENCE_FILE_FIELD) {
        part.file.resume();
        throw invalidField(part.fieldname, `文件须放在 ${EVIDENCE_FILE_FIELD} 字段中`);
      }
      const received = await storage.receive(part.file);
      upload.file = { ...received, fileName: cleanFileName(part.filename, fallbackName) };
      if (part.file.truncated) throw tooLarge(maxBytes);
    }
    return upload;
  } catch (error) {
    if (upload.file) await storage.discard(upload.file);
    throw asUploadError(error, maxBytes);
  }
}

/** Turns what the multipart parser throws into answers a person can act on. */
function asUploadError(error: unknown, maxBytes: number): unknown {
  if (error instanceof HttpError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxBytes);
  if (code === 'FST_FILES_LIMIT') return badRequest('一次只能上传一个文件');
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') return badRequest('表单字段过多');
  // A failing disk (ENOSPC, EACCES …) is the server's problem and stays a 500.
  if ((error as { syscall?: unknown } | null)?.syscall !== undefined) return error;
  if (typeof code === 'string' && code.startsWith('FST_')) return error;
  return badRequest('上传数据不完整或格式有误，请重新上传');
}

export async function uploadEvidence(
  context: EvidenceContext & { maxBytes: number },
  itemId: string,
  parts: AsyncIterable<Multipart>,
): Promise<EvidenceFileView> {
  const { prisma, storage, actor, ip } = context;
  const item = await authorizeItem(prisma, actor, itemId, 'upload:evidence');

  const handling: UploadHandling = {
    maxBytes: context.maxBytes,
    action: 'evidence.upload',
    entityType: 'EvidenceFile',
    attempt: (file) => ({ itemId: item.id, fileName: file?.fileName ?? null }),
  };
  return handleUpload(context, parts, handling, async (upload) => {
    const { file } = upload;
    if (!file) throw invalidField(EVIDENCE_FILE_FIELD, '请选择要上传的文件');
    if (file.sizeBytes === 0) throw invalidField(EVIDENCE_FILE_FIELD, `文件“${file.fileName}”是空文件`);

    const fields = evidenceFields(context.today).safeParse(
      // A form posts an empty input as '': that is "not given", not an invalid value.
      Object.fromEntries(Object.entries(upload.fields).filter(([, value]) => value !== '')),
    );
    if (!fields.success) {
      throw invalidFields(
        fields.error.issues.map((issue) => ({
          field: ['body', ...issue.path.map(String)].join('.'),
          message: issue.message,
        })),
      );
    }

    const detected = await fileTypeFromFile(file.tempPath);
    const mediaType = evidenceMediaType(detected, file.fileName);
    if (!mediaType) {
      throw new HttpError(
        415,
        `文件“${file.fileName}”的内容是${detected ? ` ${detected.ext} 格式` : '无法识别的格式'}，不能作为佐证材料。仅接受${ACCEPTED_TYPES_LABEL}`,
        { detectedType: detected?.mime ?? null },
      );
    }

    const { provesDate, description, progressEntryId } = fields.data;
    const row = await prisma.$transaction(async (tx) => {
      if (progressEntryId) {
        const entry = await tx.progressEntry.findFirst({
          where: { id: progressEntryId, itemId: item.id },
          select: { id: true },
        });
        if (!entry) throw invalidField('progressEntryId', '所属进展不存在或不属于本事项');
      }
      const storageKey = await storage.keep(file);
      const evidence = await tx.evidenceFile.create({
        data: {
          itemId: item.id,
          fileName: file.fileName,
          sizeBytes: BigInt(file.sizeBytes),
          sha256: file.sha256,
          mediaType,
          provesDate: new Date(`${provesDate}T00:00:00.000Z`),
          description: description ?? null,
          storageKey,
          uploadedById: actor.id,
          progressEntryId: progressEntryId ?? null,
        },
        include: { uploadedBy: { select: { id: true, displayName: true } } },
      });
      await appendAudit(tx, {
        actor,
        action: 'evidence.upload',
        entityType: 'EvidenceFile',
        entityId: evidence.id,
        after: {
          itemId: item.id,
          fileName: evidence.fileName,
          sizeBytes: file.sizeBytes,
          sha256: evidence.sha256,
          mediaType,
          provesDate,
          description: evidence.description,
          progressEntryId: evidence.progressEntryId,
          storageKey,
        },
        ip,
      });
      return evidence;
    });
    return toEvidenceView(row);
  });
}

/**
 * Publishes a file on the disclosure page, or takes it off: the coordinator's decision, as it is
 * theirs whether the item is published (`update:item:any`; a closed record stays as it was).
 * The change and its audit record share the transaction.
 */
export async function setEvidencePublication(
  context: EvidenceContext,
  itemId: string,
  evidenceId: string,
  isPublic: boolean,
): Promise<EvidenceFileView> {
  const { prisma, actor, ip } = context;
  return prisma.$transaction(async (tx) => {
    await authorizeItem(tx, actor, itemId, 'update');
    const before = await tx.evidenceFile.findFirst({
      where: { id: evidenceId, itemId },
      select: { isPublic: true },
    });
    if (!before) throw notFound('佐证材料不存在');
    const row = await tx.evidenceFile.update({
      where: { id: evidenceId },
      data: { isPublic },
      include: { uploadedBy: { select: { id: true, displayName: true } } },
    });
    await appendAudit(tx, {
      actor,
      action: isPublic ? 'evidence.publish' : 'evidence.unpublish',
      entityType: 'EvidenceFile',
      entityId: evidenceId,
      before: { itemId, isPublic: before.isPublic },
      after: { itemId, isPublic, fileName: row.fileName },
      ip,
    });
    return toEvidenceView(row);
  });
}

/** Opens an evidence file for download, with the `evidence.download` audit record. */
export async function openEvidence(context: EvidenceContext, itemId: string, evidenceId: string) {
  const { prisma, storage, actor, ip } = context;
  await authorizeItem(prisma, actor, itemId, 'read');
  const evidence = await prisma.evidenceFile.findFirst({ where: { id: evidenceId, itemId } });
  if (!evidence) throw notFound('佐证材料不存在');
  const file = await storage.open(evidence.storageKey);
  try {
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        actor,
        action: 'evidence.download',
        entityType: 'EvidenceFile',
        entityId: evidence.id,
        after: { itemId, fileName: evidence.fileName, sha256: evidence.sha256 },
        ip,
      }),
    );
  } catch (error) {
    file.stream.destroy();
    throw error;
  }
  return { ...file, fileName: evidence.fileName, mediaType: evidence.mediaType };
}
