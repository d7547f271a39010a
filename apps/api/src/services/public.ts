/**
 * The public disclosure (公开信息): what anyone may read without logging in, and objections from
 * the public to a closure in public notice (公示异议).
 *
 * What is published: items whose `isPublic` flag is set (是否向社会公开), and of their evidence only
 * the files marked public. Every query here selects the public fields by name — never a whole
 * row — so a person's name or phone number, an internal comment or a progress report is not even
 * read; the answer schemas in packages/domain/src/public.ts are a second allow-list behind that.
 */
import { appendAudit } from '@ledger/db/audit';
import type { Prisma, PrismaClient } from '@ledger/db/client';
import { toIsoDate } from '@ledger/domain/calendar';
import {
  OBJECTION_RECEIVED_MESSAGE,
  type ObjectionInput,
  type ObjectionReceipt,
  type PublicAccountability,
  type PublicEvidence,
  type PublicNotice,
  type PublicPetitionList,
  type PublicPetitionsQuery,
  type PublicSummary,
  type PublicTaskList,
  type PublicTasksQuery,
} from '@ledger/domain/public';
import { handlingState, itemStatus, problemCategory } from '@ledger/domain/vocabulary';

import { conflict, notFound } from '../lib/http-errors';
import { accountabilitySelect } from './item-fields';
import type { EvidenceStorage } from './storage';

/** The one rule of what is published. */
const published = { isPublic: true } as const satisfies Prisma.LedgerItemWhereInput;

const evidenceSelect = {
  id: true,
  fileName: true,
  mediaType: true,
  sizeBytes: true,
  provesDate: true,
  description: true,
} as const satisfies Prisma.EvidenceFileSelect;

/** An item's public files, oldest proof first. */
const publicEvidenceOf = {
  where: { isPublic: true },
  select: evidenceSelect,
  orderBy: [{ provesDate: 'asc' }, { createdAt: 'asc' }],
} as const satisfies Prisma.LedgerItem$evidenceFilesArgs;

export const publicEvidenceUrl = (id: string) => `/api/public/evidence/${id}`;

function toPublicEvidence(
  row: Prisma.EvidenceFileGetPayload<{ select: typeof evidenceSelect }>,
): PublicEvidence {
  return {
    id: row.id,
    fileName: row.fileName,
    mediaType: row.mediaType,
    sizeBytes: Number(row.sizeBytes),
    provesDate: toIsoDate(row.provesDate),
    description: row.description,
    url: publicEvidenceUrl(row.id),
  };
}

const pageOf = ({ page, pageSize }: { page: number; pageSize: number }) => ({
  skip: (page - 1) * pageSize,
  take: pageSize,
});

const contains = (q: string) => ({ contains: q, mode: 'insensitive' }) as const;

// ───────────── Summary ─────────────

export async function publicSummary(prisma: PrismaClient, today: Date): Promise<PublicSummary> {
  const [byKindStatus, rebounds, categories, handlingStates, areas, sums] = await Promise.all([
    prisma.ledgerItem.groupBy({ by: ['kind', 'status'], where: published, _count: { _all: true } }),
    prisma.ledgerItem.groupBy({
      by: ['kind'],
      where: { ...published, reboundCount: { gt: 0 } },
      _count: { _all: true },
    }),
    prisma.taskDetail.groupBy({ by: ['category'], where: { item: published }, _count: { _all: true } }),
    prisma.petitionDetail.groupBy({
      by: ['handlingState'],
      where: { item: published },
      _count: { _all: true },
    }),
    prisma.petitionDetail.groupBy({ by: ['areaUnitId'], where: { item: published }, _count: { _all: true } }),
    prisma.petitionDetail.aggregate({ where: { item: published }, _sum: accountabilitySelect }),
  ]);

  const areaUnits = await prisma.unit.findMany({
    where: { id: { in: areas.map((area) => area.areaUnitId) } },
    select: { id: true, name: true, sortOrder: true },
    orderBy: { sortOrder: 'asc' },
  });
  const areaCount = new Map(areas.map((area) => [area.areaUnitId, area._count._all]));

  const kindFacts = (kind: 'TASK' | 'PETITION') => {
    const byStatus = itemStatus.codes.map((status) => ({
      status,
      count: byKindStatus.find((row) => row.kind === kind && row.status === status)?._count._all ?? 0,
    }));
    return {
      total: byStatus.reduce((sum, row) => sum + row.count, 0),
      closed: byStatus.find((row) => row.status === 'CLOSED')?.count ?? 0,
      rebound: rebounds.find((row) => row.kind === kind)?._count._all ?? 0,
      byStatus,
    };
  };

  const sum = sums._sum;
  const accountability: PublicAccountability = {
    orderedToRectify: sum.orderedToRectify ?? 0,
    penaltyCases: sum.penaltyCases ?? 0,
    finesTenThousandYuan: Number(sum.finesTenThousandYuan ?? 0),
    criminalInvestigations: sum.criminalInvestigations ?? 0,
    administrativeDetentions: sum.administrativeDetentions ?? 0,
    criminalDetentions: sum.criminalDetentions ?? 0,
    interviews: sum.interviews ?? 0,
    accountablePersons: sum.accountablePersons ?? 0,
  };

  return {
    asOf: toIsoDate(today),
    tasks: {
      ...kindFacts('TASK'),
      byCategory: problemCategory.codes.map((category) => ({
        category,
        count: categories.find((row) => row.category === category)?._count._all ?? 0,
      })),
    },
    petitions: {
      ...kindFacts('PETITION'),
      byHandlingState: handlingState.codes.map((state) => ({
        handlingState: state,
        count: handlingStates.find((row) => row.handlingState === state)?._count._all ?? 0,
      })),
      byArea: areaUnits.map((unit) => ({
        unitId: unit.id,
        name: unit.name,
        count: areaCount.get(unit.id) ?? 0,
      })),
      accountability,
    },
  };
}

// ───────────── Rectification tasks ─────────────

const taskSelect = {
  number: true,
  title: true,
  timeLimitType: true,
  deadline: true,
  originalDeadline: true,
  status: true,
  closedOn: true,
  reboundCount: true,
  isSample: true,
  leadUnit: { select: { name: true } },
  cooperatingUnits: { select: { unit: { select: { name: true } } }, orderBy: { unit: { sortOrder: 'asc' } } },
  task: { select: { feedbackText: true, category: true, target: true, measures: true } },
  evidenceFiles: publicEvidenceOf,
} as const satisfies Prisma.LedgerItemSelect;

export async function listPublicTasks(
  prisma: PrismaClient,
  query: PublicTasksQuery,
): Promise<PublicTaskList> {
  const where: Prisma.LedgerItemWhereInput = {
    ...published,
    kind: 'TASK',
    ...(query.status ? { status: query.status } : {}),
    ...(query.category ? { task: { category: query.category } } : {}),
    ...(query.q
      ? {
          OR: [
            { number: contains(query.q) },
            { title: contains(query.q) },
            { task: { feedbackText: contains(query.q) } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    prisma.ledgerItem.findMany({ where, select: taskSelect, orderBy: { number: 'asc' }, ...pageOf(query) }),
    prisma.ledgerItem.count({ where }),
  ]);
  return {
    tasks: rows.flatMap((row) =>
      // A task row always has its detail; one without is damaged data, not something to publish.
      row.task
        ? [
            {
              number: row.number,
              title: row.title,
              feedbackText: row.task.feedbackText,
              category: row.task.category,
              target: row.task.target,
              measures: row.task.measures,
              leadUnit: row.leadUnit.name,
              cooperatingUnits: row.cooperatingUnits.map((cooperating) => cooperating.unit.name),
              timeLimitType: row.timeLimitType,
              deadline: toIsoDate(row.deadline),
              originalDeadline: toIsoDate(row.originalDeadline),
              status: row.status,
              closedOn: row.closedOn ? toIsoDate(row.closedOn) : null,
              reboundCount: row.reboundCount,
              isSample: row.isSample,
              evidence: row.evidenceFiles.map(toPublicEvidence),
            },
          ]
        : [],
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

// ───────────── Petition cases (边督边改公开情况一览表) ─────────────

const petitionSelect = {
  number: true,
  isSample: true,
  petition: {
    select: {
      batch: true,
      complaintSummary: true,
      area: { select: { name: true } },
      pollutionTypes: true,
      investigationFindings: true,
      verdict: true,
      handling: true,
      handlingState: true,
      ...accountabilitySelect,
    },
  },
} as const satisfies Prisma.LedgerItemSelect;

export async function listPublicPetitions(
  prisma: PrismaClient,
  query: PublicPetitionsQuery,
): Promise<PublicPetitionList> {
  const where: Prisma.LedgerItemWhereInput = {
    ...published,
    kind: 'PETITION',
    petition: {
      ...(query.areaUnitId ? { areaUnitId: query.areaUnitId } : {}),
      ...(query.pollutionType ? { pollutionTypes: { has: query.pollutionType } } : {}),
      ...(query.handlingState ? { handlingState: query.handlingState } : {}),
    },
    ...(query.q
      ? {
          OR: [
            { number: contains(query.q) },
            { petition: { complaintSummary: contains(query.q) } },
            { petition: { handling: contains(query.q) } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    prisma.ledgerItem.findMany({
      where,
      select: petitionSelect,
      orderBy: { number: 'asc' },
      ...pageOf(query),
    }),
    prisma.ledgerItem.count({ where }),
  ]);
  return {
    petitions: rows.flatMap(({ number, isSample, petition }) =>
      petition
        ? [
            {
              number,
              batch: petition.batch,
              complaintSummary: petition.complaintSummary,
              area: petition.area.name,
              pollutionTypes: petition.pollutionTypes,
              investigationFindings: petition.investigationFindings,
              verdict: petition.verdict,
              handling: petition.handling,
              accountability: {
                orderedToRectify: petition.orderedToRectify,
                penaltyCases: petition.penaltyCases,
                finesTenThousandYuan: Number(petition.finesTenThousandYuan),
                criminalInvestigations: petition.criminalInvestigations,
                administrativeDetentions: petition.administrativeDetentions,
                criminalDetentions: petition.criminalDetentions,
                interviews: petition.interviews,
                accountablePersons: petition.accountablePersons,
              },
              handlingState: petition.handlingState,
              isSample,
            },
          ]
        : [],
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

// ───────────── Public notices (销号公示) and objections ─────────────

/** A notice of a published item that is in public notice and whose period has not been ended. */
const runningNotice = {
  status: 'OPEN',
  closureRequest: { item: { ...published, status: 'PUBLIC_NOTICE' } },
} as const satisfies Prisma.PublicNoticePeriodWhereInput;

/** Objections are taken from the first day of the period to its last, both included. */
function objectionWindow(notice: { startsOn: Date; endsOn: Date }, today: Date) {
  if (today < notice.startsOn) return 'not-started' as const;
  if (today > notice.endsOn) return 'ended' as const;
  return 'open' as const;
}

export async function listPublicNotices(prisma: PrismaClient, today: Date): Promise<PublicNotice[]> {
  const rows = await prisma.publicNoticePeriod.findMany({
    where: runningNotice,
    orderBy: [{ endsOn: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      startsOn: true,
      endsOn: true,
      workingDays: true,
      url: true,
      closureRequest: {
        select: {
          rectificationReport: true,
          item: {
            select: {
              kind: true,
              number: true,
              title: true,
              isSample: true,
              leadUnit: { select: { name: true } },
              task: { select: { feedbackText: true } },
              petition: { select: { complaintSummary: true } },
              evidenceFiles: publicEvidenceOf,
            },
          },
        },
      },
    },
  });
  return rows.map((row) => {
    const { item } = row.closureRequest;
    return {
      id: row.id,
      item: {
        kind: item.kind,
        number: item.number,
        title: item.title,
        leadUnit: item.leadUnit.name,
        problem: item.task?.feedbackText ?? item.petition?.complaintSummary ?? item.title,
        isSample: item.isSample,
      },
      startsOn: toIsoDate(row.startsOn),
      endsOn: toIsoDate(row.endsOn),
      workingDays: row.workingDays,
      url: row.url,
      rectification: row.closureRequest.rectificationReport,
      acceptingObjections: objectionWindow(row, today) === 'open',
      evidence: item.evidenceFiles.map(toPublicEvidence),
    };
  });
}

export interface ObjectionContext {
  prisma: PrismaClient;
  ip: string;
  today: Date;
}

/**
 * Stores an objection for the coordinator (who sees it on the item and decides it through the
 * workflow) with its audit record, in one transaction. Taken only while the notice runs: the
 * notice row is share-locked first, so a coordinator ending the notice at the same moment either
 * sees this objection or makes this request fail with 409 — never a closure that missed it.
 */
export async function fileObjection(
  { prisma, ip, today }: ObjectionContext,
  noticeId: string,
  input: ObjectionInput,
): Promise<ObjectionReceipt> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "PublicNoticePeriod" WHERE "id" = ${noticeId}::uuid FOR SHARE`;
    const notice = await tx.publicNoticePeriod.findFirst({
      // An unpublished item's notice does not exist for the public, whatever its state.
      where: { id: noticeId, closureRequest: { item: published } },
      select: {
        id: true,
        status: true,
        startsOn: true,
        endsOn: true,
        closureRequest: { select: { item: { select: { id: true, number: true, status: true } } } },
      },
    });
    if (!notice) throw notFound('公示不存在');
    const { item } = notice.closureRequest;
    if (notice.status === 'INTERRUPTED') {
      throw conflict('该公示已因异议中止，正在重新核查，暂不受理新的异议');
    }
    if (notice.status !== 'OPEN' || item.status !== 'PUBLIC_NOTICE') {
      throw conflict('该公示已结束，不再受理异议');
    }
    const window = objectionWindow(notice, today);
    if (window === 'not-started') {
      throw conflict(`该公示将于 ${toIsoDate(notice.startsOn)} 开始，届时方可提出异议`);
    }
    if (window === 'ended') {
      throw conflict(`该公示已于 ${toIsoDate(notice.endsOn)} 期满，不再受理异议`);
    }

    const objection = await tx.objection.create({
      data: { noticePeriodId: notice.id, content: input.content, contact: input.contact ?? null, ip },
      select: { id: true },
    });
    await appendAudit(tx, {
      // The public has no account: the record names no one and keeps the sender's address.
      actor: null,
      action: 'objection.create',
      entityType: 'Objection',
      entityId: objection.id,
      // The contact stays in the objection row only: whether one was given is all the trail needs.
      after: {
        noticePeriodId: notice.id,
        itemId: item.id,
        itemNumber: item.number,
        content: input.content,
        contactGiven: input.contact != null,
      },
      ip,
    });
    return { id: objection.id, message: OBJECTION_RECEIVED_MESSAGE };
  });
}

/** A public file of a published item; anything else is "not found", whether it exists or not. */
export async function openPublicEvidence(prisma: PrismaClient, storage: EvidenceStorage, id: string) {
  const evidence = await prisma.evidenceFile.findFirst({
    where: { id, isPublic: true, item: published },
    select: { fileName: true, mediaType: true, storageKey: true },
  });
  if (!evidence) throw notFound('文件不存在或未公开');
  const file = await storage.open(evidence.storageKey);
  return { ...file, fileName: evidence.fileName, mediaType: evidence.mediaType };
}
