/**
 * 通报: generating a bulletin for a period, listing earlier ones and handing out their files.
 *
 * Generating reads the figures ONCE, in one REPEATABLE READ transaction, so every number in the
 * bulletin is of the same instant (数据截至 is that transaction's start): the overall progress
 * and the per-unit table are the dashboard's summary (services/dashboard.ts) as it stands, the
 * period's lists are read beside it. That snapshot is stored as Bulletin.figures; the PDF and the
 * workbook are both written from it (bulletin-files.ts) and stored by content hash in the
 * evidence storage (storage.ts), so a later download serves the very bytes circulated then, never
 * a recomputation with today's data.
 *
 * The files are put in place inside the transaction that writes the row and its audit record. A
 * transaction that fails after that leaves files nothing refers to — harmless, as with evidence
 * (ADR 008): they are addressed by their content.
 */
import { Readable } from 'node:stream';

import { appendAudit } from '@ledger/db/audit';
import { Prisma, type PrismaClient } from '@ledger/db/client';
import {
  bulletinFileName,
  defaultBulletinTitle,
  OVERDUE_ITEMS_PER_UNIT,
  PERIOD_LIST_LIMIT,
  resolveBulletinPeriod,
  type BulletinDetail,
  type BulletinFigures,
  type BulletinList,
  type BulletinView,
  type GenerateBulletinInput,
  type ListBulletinsQuery,
} from '@ledger/domain/bulletins';
import { addDays, toIsoDate } from '@ledger/domain/calendar';
import type { noticeLevel } from '@ledger/domain/vocabulary';

import { invalidFields, notFound } from '../lib/http-errors';
import { renderBulletinPdf, renderBulletinXlsx } from './bulletin-files';
import { dashboardSummary } from './dashboard';
import { ledgerFacts } from './ledger';
import type { ActingUser } from './progress';
import type { EvidenceStorage, ReceivedFile } from './storage';

type Tx = Prisma.TransactionClient;

export interface BulletinContext {
  prisma: PrismaClient;
  storage: EvidenceStorage;
  actor: ActingUser;
  ip: string;
  /** the app's ledger date (`app.ledgerToday()`) */
  today: Date;
}

export const BULLETIN_MEDIA_TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type BulletinFormat = keyof typeof BULLETIN_MEDIA_TYPES;

/** China has had no daylight saving since 1991: a ledger day is a fixed UTC+8 span. */
const dayStart = (iso: string) => new Date(`${iso}T00:00:00+08:00`);
const isoDay = (iso: string) => Prisma.sql`${iso}::date`;

// ───────────────────────────── Gathering the figures ─────────────────────────────

interface Period {
  periodStart: string;
  periodEnd: string;
}

/**
 * 三、逾期事项: the first OVERDUE_ITEMS_PER_UNIT overdue items of each unit that has any, the
 * longest overdue first. One index-served lookup per unit (LATERAL … LIMIT), so the bulletin
 * stays small and quick however many items are overdue; the counts are the summary's.
 */
async function overdueItems(tx: Tx, unitIds: string[], today: Date) {
  if (unitIds.length === 0) return [];
  return tx.$queryRaw<
    { unitId: string; itemId: string; number: string; title: string; deadline: string; daysOverdue: number }[]
  >`SELECT u."unitId", x."itemId", x."number", x."title", x."deadline", x."daysOverdue"
    FROM unnest(${unitIds}::uuid[]) AS u("unitId")
    CROSS JOIN LATERAL (
      SELECT i."id" AS "itemId", i."number", i."title", to_char(i."deadline", 'YYYY-MM-DD') AS "deadline",
             (${isoDay(toIsoDate(today))} - i."deadline")::int AS "daysOverdue"
      FROM "LedgerItem" i
      WHERE i."leadUnitId" = u."unitId" AND ${ledgerFacts.overdue(today)}
      ORDER BY i."deadline", i."number"
      LIMIT ${OVERDUE_ITEMS_PER_UNIT}) x`;
}

/** 四、反弹问题: look-backs inspected in the period that found the rectification undone. */
async function rebounds(tx: Tx, period: Period) {
  return tx.$queryRaw<
    {
      itemId: string;
      number: string;
      title: string;
      unitName: string;
      inspectedOn: string;
      findings: string;
      total: number;
    }[]
  >`SELECT i."id" AS "itemId", i."number", i."title", u."name" AS "unitName",
           to_char(l."inspectedOn", 'YYYY-MM-DD') AS "inspectedOn", l."findings",
           (count(*) OVER ())::int AS "total"
    FROM "LookBack" l
    JOIN "LedgerItem" i ON i."id" = l."itemId"
    JOIN "Unit" u ON u."id" = i."leadUnitId"
    WHERE l."result" = 'REBOUND'
      AND l."inspectedOn" BETWEEN ${isoDay(period.periodStart)} AND ${isoDay(period.periodEnd)}
    ORDER BY l."inspectedOn", i."number", l."id"
    LIMIT ${PERIOD_LIST_LIMIT}`;
}

/** 五、督办情况: supervision notices issued in the period (Beijing days), as they stand now. */
async function notices(tx: Tx, period: Period) {
  return tx.$queryRaw<
    {
      noticeId: string;
      itemId: string;
      number: string;
      title: string;
      unitName: string;
      level: (typeof noticeLevel.codes)[number];
      status: BulletinFigures['notices']['rows'][number]['status'];
      issuedAt: Date;
      responseDueOn: string;
      total: number;
      red: number;
    }[]
  >`SELECT n."id" AS "noticeId", i."id" AS "itemId", i."number", i."title", u."name" AS "unitName",
           n."level"::text AS "level", n."status"::text AS "status", n."issuedAt",
           to_char(n."responseDueOn", 'YYYY-MM-DD') AS "responseDueOn",
           (count(*) OVER ())::int AS "total",
           (count(*) FILTER (WHERE n."level" = 'RED') OVER ())::int AS "red"
    FROM "SupervisionNotice" n
    JOIN "LedgerItem" i ON i."id" = n."itemId"
    JOIN "Unit" u ON u."id" = n."unitId"
    WHERE n."issuedAt" >= ${dayStart(period.periodStart)}
      AND n."issuedAt" < ${dayStart(toIsoDate(addDays(new Date(`${period.periodEnd}T00:00:00Z`), 1)))}
    ORDER BY n."issuedAt", i."number", n."id"
    LIMIT ${PERIOD_LIST_LIMIT}`;
}

/** 六、本期销号: items whose 销号日期 lies in the period and that are still closed. */
async function closedItems(tx: Tx, period: Period) {
  return tx.$queryRaw<
    {
      itemId: string;
      number: string;
      title: string;
      kind: 'TASK' | 'PETITION';
      unitName: string;
      closedOn: string;
      total: number;
    }[]
  >`SELECT i."id" AS "itemId", i."number", i."title", i."kind"::text AS "kind", u."name" AS "unitName",
           to_char(i."closedOn", 'YYYY-MM-DD') AS "closedOn", (count(*) OVER ())::int AS "total"
    FROM "LedgerItem" i
    JOIN "Unit" u ON u."id" = i."leadUnitId"
    WHERE ${ledgerFacts.closed}
      AND i."closedOn" BETWEEN ${isoDay(period.periodStart)} AND ${isoDay(period.periodEnd)}
    ORDER BY i."closedOn", i."number"
    LIMIT ${PERIOD_LIST_LIMIT}`;
}

const withoutTotal = <Row extends { total: number }>({ total: _total, ...row }: Row) => row;

/** Every figure of the bulletin, read in one snapshot of the database (generatedAt: when written). */
export async function gatherBulletinFigures(
  prisma: PrismaClient,
  header: {
    title: string;
    periodKind: BulletinFigures['periodKind'];
    period: Period;
    today: Date;
    generatedBy: { id: string; name: string };
  },
): Promise<Omit<BulletinFigures, 'generatedAt'>> {
  const { period, today } = header;
  return prisma.$transaction(
    async (tx) => {
      // The transaction's start: the snapshot every statement below reads (数据截至).
      const [now] = await tx.$queryRaw<{ asOf: Date }[]>`SELECT now() AS "asOf"`;
      const asOf = now!.asOf;
      const summary = await dashboardSummary(tx, { kind: 'any' }, today, asOf);
      const late = summary.units.filter((unit) => unit.overdue > 0);
      const overdue = await overdueItems(
        tx,
        late.map((unit) => unit.unitId),
        today,
      );
      const reboundRows = await rebounds(tx, period);
      const noticeRows = await notices(tx, period);
      const closedRows = await closedItems(tx, period);
      const noticeTotal = noticeRows[0]?.total ?? 0;
      const red = noticeRows[0]?.red ?? 0;
      return {
        version: 1 as const,
        title: header.title,
        periodKind: header.periodKind,
        periodStart: period.periodStart,
        periodEnd: period.periodEnd,
        dataAsOf: asOf.toISOString(),
        generatedBy: header.generatedBy,
        summary,
        overdueByUnit: late.map((unit) => ({
          unitId: unit.unitId,
          unitName: unit.unitName,
          overdue: unit.overdue,
          items: overdue
            .filter((row) => row.unitId === unit.unitId)
            .map(({ unitId: _unitId, ...item }) => item),
        })),
        rebounds: { total: reboundRows[0]?.total ?? 0, rows: reboundRows.map(withoutTotal) },
        notices: {
          total: noticeTotal,
          byLevel: { YELLOW: noticeTotal - red, RED: red },
          rows: noticeRows.map(({ total: _total, red: _red, issuedAt, ...row }) => ({
            ...row,
            issuedAt: issuedAt.toISOString(),
          })),
        },
        closed: { total: closedRows[0]?.total ?? 0, rows: closedRows.map(withoutTotal) },
      };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 120_000 },
  );
}

// ───────────────────────────── Generating ─────────────────────────────

const bulletinSelect = {
  id: true,
  title: true,
  periodKind: true,
  periodStart: true,
  periodEnd: true,
  dataAsOf: true,
  createdAt: true,
  pdfSha256: true,
  xlsxSha256: true,
  generatedBy: { select: { id: true, displayName: true } },
} as const satisfies Prisma.BulletinSelect;

type BulletinRow = Prisma.BulletinGetPayload<{ select: typeof bulletinSelect }>;

export const bulletinFileUrl = (id: string, format: BulletinFormat) => `/api/bulletins/${id}/${format}`;

function toView(row: BulletinRow): BulletinView {
  return {
    id: row.id,
    title: row.title,
    periodKind: row.periodKind,
    periodStart: toIsoDate(row.periodStart),
    periodEnd: toIsoDate(row.periodEnd),
    dataAsOf: row.dataAsOf.toISOString(),
    generatedAt: row.createdAt.toISOString(),
    generatedBy: { id: row.generatedBy.id, name: row.generatedBy.displayName },
    pdf: {
      url: bulletinFileUrl(row.id, 'pdf'),
      fileName: bulletinFileName(row.title, 'pdf'),
      sha256: row.pdfSha256 ?? '',
    },
    xlsx: {
      url: bulletinFileUrl(row.id, 'xlsx'),
      fileName: bulletinFileName(row.title, 'xlsx'),
      sha256: row.xlsxSha256 ?? '',
    },
  };
}

/**
 * POST /api/bulletins: resolves the period, gathers the figures, writes both files and stores
 * them with the row and its `bulletin.generate` audit record.
 */
export async function generateBulletin(
  context: BulletinContext,
  input: GenerateBulletinInput,
): Promise<BulletinView> {
  const { prisma, storage, actor, ip, today } = context;
  const resolved = resolveBulletinPeriod(input, today);
  if (!resolved.ok) {
    throw invalidFields([{ field: `body.${resolved.issue.field}`, message: resolved.issue.message }]);
  }
  const { period } = resolved;
  const title = input.title ?? defaultBulletinTitle(input.periodKind, period);

  const gathered = await gatherBulletinFigures(prisma, {
    title,
    periodKind: input.periodKind,
    period,
    today,
    generatedBy: { id: actor.id, name: actor.name },
  });
  const generatedAt = new Date();
  const figures: BulletinFigures = { ...gathered, generatedAt: generatedAt.toISOString() };
  const [pdf, xlsx] = await Promise.all([renderBulletinPdf(figures), renderBulletinXlsx(figures)]);

  const received: ReceivedFile[] = [];
  try {
    const pdfFile = await storage.receive(Readable.from([pdf]));
    received.push(pdfFile);
    const xlsxFile = await storage.receive(Readable.from([xlsx]));
    received.push(xlsxFile);
    const row = await prisma.$transaction(async (tx) => {
      const pdfStorageKey = await storage.keep(pdfFile);
      const xlsxStorageKey = await storage.keep(xlsxFile);
      const bulletin = await tx.bulletin.create({
        data: {
          title,
          periodKind: input.periodKind,
          periodStart: new Date(`${period.periodStart}T00:00:00.000Z`),
          periodEnd: new Date(`${period.periodEnd}T00:00:00.000Z`),
          figures: figures as unknown as Prisma.InputJsonObject,
          dataAsOf: new Date(figures.dataAsOf),
          pdfSha256: pdfFile.sha256,
          xlsxSha256: xlsxFile.sha256,
          pdfStorageKey,
          xlsxStorageKey,
          generatedById: actor.id,
          createdAt: generatedAt,
        },
        select: bulletinSelect,
      });
      await appendAudit(tx, {
        actor,
        action: 'bulletin.generate',
        entityType: 'Bulletin',
        entityId: bulletin.id,
        after: {
          title,
          periodKind: input.periodKind,
          ...period,
          dataAsOf: figures.dataAsOf,
          pdf: { sha256: pdfFile.sha256, sizeBytes: pdfFile.sizeBytes, storageKey: pdfStorageKey },
          xlsx: { sha256: xlsxFile.sha256, sizeBytes: xlsxFile.sizeBytes, storageKey: xlsxStorageKey },
        },
        ip,
      });
      return bulletin;
    });
    return toView(row);
  } finally {
    // A kept file has left tmp/ already; this clears what was not kept.
    for (const file of received) await storage.discard(file);
  }
}

// ───────────────────────────── Reading ─────────────────────────────

export async function listBulletins(prisma: PrismaClient, query: ListBulletinsQuery): Promise<BulletinList> {
  const [total, rows] = await Promise.all([
    prisma.bulletin.count(),
    prisma.bulletin.findMany({
      select: bulletinSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return { bulletins: rows.map(toView), total, page: query.page, pageSize: query.pageSize };
}

export async function loadBulletin(prisma: PrismaClient, id: string): Promise<BulletinDetail> {
  const row = await prisma.bulletin.findUnique({
    where: { id },
    select: { ...bulletinSelect, figures: true },
  });
  if (!row) throw notFound('通报不存在');
  return { ...toView(row), figures: row.figures as unknown as BulletinFigures };
}

/** Opens a stored file for download, with the `bulletin.download` audit record (who took what). */
export async function openBulletinFile(
  context: Omit<BulletinContext, 'today'>,
  id: string,
  format: BulletinFormat,
) {
  const { prisma, storage, actor, ip } = context;
  const row = await prisma.bulletin.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      pdfStorageKey: true,
      xlsxStorageKey: true,
      pdfSha256: true,
      xlsxSha256: true,
    },
  });
  const storageKey = format === 'pdf' ? row?.pdfStorageKey : row?.xlsxStorageKey;
  if (!row || !storageKey) throw notFound('通报不存在');
  const fileName = bulletinFileName(row.title, format);
  const file = await storage.open(storageKey);
  try {
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        actor,
        action: 'bulletin.download',
        entityType: 'Bulletin',
        entityId: row.id,
        after: { format, fileName, sha256: format === 'pdf' ? row.pdfSha256 : row.xlsxSha256 },
        ip,
      }),
    );
  } catch (error) {
    file.stream.destroy();
    throw error;
  }
  return { ...file, fileName, mediaType: BULLETIN_MEDIA_TYPES[format] };
}
