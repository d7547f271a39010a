/**
 * 案卷 (一案一档): everything on file for one item, in one ZIP an auditor can check offline —
 *
 *   销号报告-<编号>.pdf   the closure report (closure-report.ts)
 *   佐证材料/<原文件名>    every evidence file, byte for byte (a name used twice gets ` (2)`)
 *   审计记录.csv          the item's audit records (UTF-8 with BOM, for Excel)
 *   清单.csv              file, size, SHA-256, proven date (证明日期) of evidence
 *   SHA256SUMS            every other file's SHA-256, as `sha256sum -c SHA256SUMS` reads it
 *
 * Everything is read in one REPEATABLE READ snapshot, so the report, the CSV and the manifest
 * describe the same moment (数据截至). The download itself is an audit record
 * (`export.case-file`, `export.closure-report`) naming every file and its SHA-256, written before
 * the first byte is sent. The batch job (export-jobs.ts) writes the same contents into a folder
 * per item.
 *
 * The audit records of an item are those that name it: the item's own (entity LedgerItem), its
 * child rows' (EvidenceFile, ProgressEntry, SupervisionNotice, Objection — by their ids), batch
 * and failure records without an entity id whose `after` names the item (`itemId`, `items[].id`,
 * `notices[].itemId`), and the records of batch export jobs that include it (entity Job).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';

import { appendAudit } from '@ledger/db/audit';
import { Prisma, type PrismaClient } from '@ledger/db/client';
import { toIsoDate } from '@ledger/domain/calendar';
import type { ItemDetail } from '@ledger/domain/items';
import { decideItemExport, hasPermission } from '@ledger/domain/permissions';
import { csvFile } from '@ledger/documents/csv';
import archiver from 'archiver';

import { HttpError, notFound } from '../lib/http-errors';
import {
  renderClosureReport,
  closureReportFileName,
  type AuditAnchor,
  type NoticeRecord,
} from './closure-report';
import { authorizeItemBy } from './item-access';
import { loadItemDetail } from './items';
import type { ActingUser } from './progress';
import type { EvidenceStorage } from './storage';

type Db = Prisma.TransactionClient | PrismaClient;

export interface CaseFileContext {
  prisma: PrismaClient;
  storage: EvidenceStorage;
  actor: ActingUser;
  ip: string;
  /** the app's ledger date (`app.ledgerToday()`) */
  today: Date;
}

export const EVIDENCE_FOLDER = '佐证材料';
export const AUDIT_CSV = '审计记录.csv';
export const MANIFEST_CSV = '清单.csv';
export const CHECKSUMS = 'SHA256SUMS';

export const caseFileName = (number: string) => `案卷-${safeFileName(number, '事项')}.zip`;

// ───────────────────────────── Who may ─────────────────────────────

/**
 * Refuses as decideItemExport says: 404 for an item out of sight (or none), 403 naming the
 * missing permission. An unknown id is judged as an item of no unit, so no answer tells whether
 * it exists.
 */
export function authorizeExport(db: Db, actor: ActingUser, itemId: string) {
  return authorizeItemBy(db, itemId, (item) => decideItemExport(actor, item));
}

// ───────────────────────────── Reading ─────────────────────────────

/** An audit record as stored (every column of the table). */
export type AuditRecordRow = Prisma.AuditLogGetPayload<true>;

/** The audit records that name the item (see the header); every branch is served by an index. */
function concernsItem(itemId: string): Prisma.Sql {
  const id = Prisma.sql`${itemId}::uuid`;
  const children = (table: string) =>
    Prisma.sql`a."entityType" = ${table} AND a."entityId" IN (SELECT c."id"::text FROM ${Prisma.raw(`"${table}"`)} c WHERE c."itemId" = ${id})`;
  return Prisma.sql`(
    (a."entityType" = 'LedgerItem' AND a."entityId" = ${itemId})
    OR (${children('EvidenceFile')})
    OR (${children('ProgressEntry')})
    OR (${children('SupervisionNotice')})
    OR (a."entityType" = 'Objection' AND a."entityId" IN (
      SELECT o."id"::text FROM "Objection" o
      JOIN "PublicNoticePeriod" n ON n."id" = o."noticePeriodId"
      JOIN "ClosureRequest" r ON r."id" = n."closureRequestId"
      WHERE r."itemId" = ${id}))
    OR (a."entityType" IN ('LedgerItem', 'EvidenceFile', 'ProgressEntry', 'SupervisionNotice')
      AND a."entityId" IS NULL
      AND (a."after" @> jsonb_build_object('itemId', ${itemId}::text)
        OR a."after" -> 'items' @> jsonb_build_array(jsonb_build_object('id', ${itemId}::text))
        OR a."after" -> 'notices' @> jsonb_build_array(jsonb_build_object('itemId', ${itemId}::text))))
    OR (a."entityType" = 'Job' AND a."entityId" IN (
      SELECT j."id"::text FROM "Job" j
      WHERE j."kind" = 'case-files' AND j."input" -> 'itemIds' @> jsonb_build_array(${itemId}::text))))`;
}

/** The item's audit records, oldest first (the chain's order). */
export function itemAuditRecords(db: Db, itemId: string): Promise<AuditRecordRow[]> {
  return db.$queryRaw<AuditRecordRow[]>`
    SELECT a."id", a."occurredAt", a."actorId", a."actorName", a."action", a."entityType", a."entityId",
           a."before", a."after", a."ip", a."outcome"::text AS "outcome", a."prevHash", a."hash"
    FROM "AuditLog" a WHERE ${concernsItem(itemId)} ORDER BY a."id"`;
}

async function lastItemAuditRecord(db: Db, itemId: string): Promise<AuditAnchor | null> {
  const [row] = await db.$queryRaw<{ id: bigint; hash: string; occurredAt: Date; action: string }[]>`
    SELECT a."id", a."hash", a."occurredAt", a."action" FROM "AuditLog" a
    WHERE ${concernsItem(itemId)} ORDER BY a."id" DESC LIMIT 1`;
  return row ? { ...row, id: row.id.toString() } : null;
}

/** Every notice period of the closure request, objections without contact or address. */
async function noticesOf(db: Db, closureRequestId: string): Promise<NoticeRecord[]> {
  const rows = await db.publicNoticePeriod.findMany({
    where: { closureRequestId },
    select: {
      id: true,
      startsOn: true,
      endsOn: true,
      workingDays: true,
      url: true,
      status: true,
      createdAt: true,
      startedBy: { select: { displayName: true } },
      objections: {
        select: {
          content: true,
          status: true,
          resolution: true,
          resolvedAt: true,
          createdAt: true,
          resolvedBy: { select: { displayName: true } },
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      },
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((row) => ({
    id: row.id,
    startsOn: toIsoDate(row.startsOn),
    endsOn: toIsoDate(row.endsOn),
    workingDays: row.workingDays,
    url: row.url,
    status: row.status,
    startedBy: row.startedBy.displayName,
    startedAt: row.createdAt,
    objections: row.objections.map((objection) => ({
      content: objection.content,
      status: objection.status,
      resolution: objection.resolution,
      resolvedBy: objection.resolvedBy?.displayName ?? null,
      resolvedAt: objection.resolvedAt,
      receivedAt: objection.createdAt,
    })),
  }));
}

export interface CaseFileData {
  detail: ItemDetail;
  notices: NoticeRecord[];
  lastAudit: AuditAnchor | null;
  /** every audit record of the item (only when asked for) */
  audit: AuditRecordRow[];
  /** storage key by evidence id */
  storageKeys: Map<string, string>;
  dataAsOf: Date;
}

/**
 * Reads the item's file in one snapshot: the detail as `actor` sees it, its notice periods, its
 * audit records (all of them, or only the newest for a report alone) and where the evidence lies.
 */
export async function readCaseFile(
  prisma: PrismaClient,
  actor: ActingUser,
  itemId: string,
  today: Date,
  { withAudit }: { withAudit: boolean },
): Promise<CaseFileData> {
  return prisma.$transaction(
    async (tx) => {
      const [now] = await tx.$queryRaw<{ asOf: Date }[]>`SELECT now() AS "asOf"`;
      const detail = await loadItemDetail(tx, actor, itemId, today);
      if (!detail) throw notFound('事项不存在或不在本单位职责范围内');
      const notices = detail.closure ? await noticesOf(tx, detail.closure.id) : [];
      const audit = withAudit ? await itemAuditRecords(tx, itemId) : [];
      const last = audit.at(-1);
      const lastAudit = withAudit
        ? last
          ? { id: last.id.toString(), hash: last.hash, occurredAt: last.occurredAt, action: last.action }
          : null
        : await lastItemAuditRecord(tx, itemId);
      const files = await tx.evidenceFile.findMany({
        where: { itemId },
        select: { id: true, storageKey: true },
      });
      return {
        detail,
        notices,
        lastAudit,
        audit,
        storageKeys: new Map(files.map((file) => [file.id, file.storageKey])),
        dataAsOf: now!.asOf,
      };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 60_000 },
  );
}

export function closureReportOf(data: CaseFileData, exportedBy: string): Promise<Buffer> {
  return renderClosureReport({
    detail: data.detail,
    notices: data.notices,
    lastAudit: data.lastAudit,
    dataAsOf: data.dataAsOf,
    generatedAt: new Date(),
    exportedBy,
  });
}

// ───────────────────────────── The files ─────────────────────────────

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** China has had no daylight saving since 1991: Beijing time is UTC+8 all year. */
const beijingIso = (instant: Date) =>
  new Date(instant.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00');

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * 审计记录.csv. A record without an account but with an address came from the public (an
 * objection): its address is shown only to those who may read the audit log itself.
 */
export function auditCsv(records: readonly AuditRecordRow[], showPublicAddresses: boolean): Buffer {
  return csvFile(
    [
      '时间',
      '操作人',
      '操作',
      '对象类型',
      '对象ID',
      '结果',
      'IP',
      '修改前',
      '修改后',
      '上一条哈希',
      '本条哈希',
    ],
    records.map((record) => [
      beijingIso(record.occurredAt),
      record.actorName ?? (record.ip ? '公众' : '系统'),
      record.action,
      record.entityType,
      record.entityId,
      record.outcome === 'SUCCESS' ? '成功' : '失败',
      record.actorId === null && record.ip && !showPublicAddresses
        ? '（公众来源地址不随案卷导出）'
        : record.ip,
      json(record.before),
      json(record.after),
      record.prevHash,
      record.hash,
    ]),
  );
}

/**
 * A file or folder name safe on every system and in SHA256SUMS: no path separators, control
 * characters or characters Windows refuses; not empty, not `.` or `..`; at most 120 characters
 * (the extension kept).
 */
export function safeFileName(name: string, fallback: string): string {
  const cleaned = [...name.normalize('NFC')]
    .map((char) =>
      char.charCodeAt(0) < 0x20 || char === '\u007f' || '/\\:*?"<>|'.includes(char) ? '_' : char,
    )
    .join('')
    .trim();
  if (cleaned === '' || /^\.+$/.test(cleaned)) return fallback;
  const chars = [...cleaned];
  if (chars.length <= 120) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return chars.slice(0, 120 - [...extension].length).join('') + extension;
}

/**
 * Hands out each name once — `照片.png`, then `照片 (2).png`, … — compared without case, as
 * Windows and macOS compare file names.
 */
export function uniqueNamer(): (name: string) => string {
  const taken = new Set<string>();
  return (name) => {
    const dot = name.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let copy = 2; taken.has(candidate.toLowerCase()); copy++)
      candidate = `${stem} (${copy})${extension}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  };
}

/** One file of a case file: where it goes, what it holds, and what the manifest says of it. */
export interface CaseFileEntry {
  path: string;
  sizeBytes: number;
  sha256: string;
  /** 证明日期 of an evidence file */
  provesDate: string | null;
  /** what the file is, for 清单.csv */
  note: string;
  content: Buffer | { storageKey: string };
}

/**
 * The report, the evidence and the audit CSV of an item, without the manifests. Evidence is
 * checked against the storage first: a file missing or of another size stops the export with a
 * message naming it, instead of a ZIP that silently lacks it.
 */
export async function caseFileEntries(
  data: CaseFileData,
  report: Buffer,
  storage: EvidenceStorage,
  actor: ActingUser,
): Promise<CaseFileEntry[]> {
  const { detail } = data;
  const evidenceNames = detail.evidence
    .map((file) => safeFileName(file.fileName, '佐证材料'))
    .map(uniqueNamer());
  const evidence: CaseFileEntry[] = [];
  for (const [index, file] of detail.evidence.entries()) {
    const storageKey = data.storageKeys.get(file.id)!;
    const size = await stat(storage.pathOf(storageKey)).then(
      (info) => info.size,
      () => null,
    );
    if (size !== file.sizeBytes) {
      throw new HttpError(
        500,
        `事项 ${detail.number} 的佐证材料「${file.fileName}」在文件存储中缺失或已损坏，无法导出案卷，请联系系统管理员`,
      );
    }
    evidence.push({
      path: `${EVIDENCE_FOLDER}/${evidenceNames[index]}`,
      sizeBytes: file.sizeBytes,
      // Stored under its own hash (storage.ts), checked by size above: the bytes are these.
      sha256: file.sha256,
      provesDate: file.provesDate,
      note: [file.fileName, file.description].filter(Boolean).join('：'),
      content: { storageKey },
    });
  }
  const audit = auditCsv(data.audit, hasPermission(actor.role, 'read:audit:any'));
  return [
    {
      path: closureReportFileName(safeFileName(detail.number, '事项')),
      sizeBytes: report.length,
      sha256: sha256Of(report),
      provesDate: null,
      note: '销号报告',
      content: report,
    },
    ...evidence,
    {
      path: AUDIT_CSV,
      sizeBytes: audit.length,
      sha256: sha256Of(audit),
      provesDate: null,
      note: `审计记录 ${data.audit.length} 条`,
      content: audit,
    },
  ];
}

/** 清单.csv and SHA256SUMS over `entries` (paths relative to where the manifests lie). */
export function manifestEntries(entries: readonly CaseFileEntry[], prefix = ''): CaseFileEntry[] {
  const relative = (path: string) => path.slice(prefix.length);
  const manifest = csvFile(
    ['文件', '大小（字节）', 'SHA-256', '证明日期', '说明'],
    entries.map((entry) => [
      relative(entry.path),
      entry.sizeBytes,
      entry.sha256,
      entry.provesDate,
      entry.note,
    ]),
  );
  const manifestEntry: CaseFileEntry = {
    path: `${prefix}${MANIFEST_CSV}`,
    sizeBytes: manifest.length,
    sha256: sha256Of(manifest),
    provesDate: null,
    note: '文件清单',
    content: manifest,
  };
  // Two spaces: sha256sum's text mode, which every implementation reads.
  const sums = Buffer.from(
    [...entries, manifestEntry].map((entry) => `${entry.sha256}  ${relative(entry.path)}\n`).join(''),
    'utf8',
  );
  return [
    manifestEntry,
    {
      path: `${prefix}${CHECKSUMS}`,
      sizeBytes: sums.length,
      sha256: sha256Of(sums),
      provesDate: null,
      note: 'SHA-256 校验值（sha256sum -c SHA256SUMS）',
      content: sums,
    },
  ];
}

// ───────────────────────────── The ZIP ─────────────────────────────

/** Opens the file only when the archive reaches it, so a large case file holds one file open at a time. */
function lazyFile(path: string): Readable {
  return Readable.from(
    (async function* () {
      yield* createReadStream(path);
    })(),
  );
}

/**
 * A ZIP written as a stream (archiver). Already compressed evidence (photos, PDFs, Office files)
 * is stored as it is; the report and the CSVs are deflated. `flushed()` waits until every entry
 * added so far has been written out, which the batch job uses to keep one item in memory at a time.
 */
export class ZipWriter {
  readonly archive: archiver.Archiver;
  private added = 0;
  private written = 0;
  private failure: Error | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly storage: EvidenceStorage,
    /** every entry's modification time: the data's moment, so the same data gives the same entries */
    private readonly date: Date,
  ) {
    this.archive = archiver('zip', { zlib: { level: 6 } });
    this.archive.on('entry', () => {
      this.written += 1;
      this.release();
    });
    this.archive.on('warning', (error) => this.archive.destroy(error));
    this.archive.on('error', (error) => {
      this.failure = error;
      this.release();
    });
  }

  private release() {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  add(entry: CaseFileEntry) {
    this.added += 1;
    const isStored = !Buffer.isBuffer(entry.content);
    const content = Buffer.isBuffer(entry.content)
      ? entry.content
      : lazyFile(this.storage.pathOf(entry.content.storageKey));
    this.archive.append(content, { name: entry.path, date: this.date, store: isStored });
  }

  async flushed(): Promise<void> {
    while (this.written < this.added && !this.failure) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure) throw this.failure;
  }

  finalize(): Promise<void> {
    return this.archive.finalize();
  }
}

// ───────────────────────────── Downloads ─────────────────────────────

const manifestOf = (entries: readonly CaseFileEntry[]) =>
  entries.map((entry) => ({ path: entry.path, sizeBytes: entry.sizeBytes, sha256: entry.sha256 }));

/** GET /api/items/:id/closure-report.pdf: the report, with its `export.closure-report` record. */
export async function exportClosureReport(context: CaseFileContext, itemId: string) {
  const { prisma, actor, ip, today } = context;
  await authorizeExport(prisma, actor, itemId);
  const data = await readCaseFile(prisma, actor, itemId, today, { withAudit: false });
  const pdf = await closureReportOf(data, actor.name);
  const fileName = closureReportFileName(data.detail.number);
  await prisma.$transaction((tx) =>
    appendAudit(tx, {
      actor,
      action: 'export.closure-report',
      entityType: 'LedgerItem',
      entityId: itemId,
      after: {
        number: data.detail.number,
        fileName,
        sizeBytes: pdf.length,
        sha256: sha256Of(pdf),
        dataAsOf: data.dataAsOf.toISOString(),
        lastAuditHash: data.lastAudit?.hash ?? null,
      },
      ip,
    }),
  );
  return { pdf, fileName };
}

/**
 * GET /api/items/:id/case-file.zip: the item's case file as a ZIP stream. The `export.case-file`
 * record lists every file with its SHA-256 and is written before streaming starts (the ZIP's own
 * hash cannot be known before it is sent).
 */
export async function exportCaseFile(context: CaseFileContext, itemId: string) {
  const { prisma, storage, actor, ip, today } = context;
  await authorizeExport(prisma, actor, itemId);
  const data = await readCaseFile(prisma, actor, itemId, today, { withAudit: true });
  const pdf = await closureReportOf(data, actor.name);
  const files = await caseFileEntries(data, pdf, storage, actor);
  const entries = [...files, ...manifestEntries(files)];
  const fileName = caseFileName(data.detail.number);
  await prisma.$transaction((tx) =>
    appendAudit(tx, {
      actor,
      action: 'export.case-file',
      entityType: 'LedgerItem',
      entityId: itemId,
      after: {
        number: data.detail.number,
        fileName,
        dataAsOf: data.dataAsOf.toISOString(),
        auditRecords: data.audit.length,
        lastAuditHash: data.lastAudit?.hash ?? null,
        files: manifestOf(entries),
      },
      ip,
    }),
  );
  const zip = new ZipWriter(storage, data.dataAsOf);
  for (const entry of entries) zip.add(entry);
  void zip.finalize().catch(() => {
    // The error reaches the response through the stream itself.
  });
  return { stream: zip.archive, fileName };
}
