/**
 * Changing ledger items: registration (挂账), edits with optimistic locking, and bulk
 * reassignment of lead units or deadlines. Each change and its one audit record are written in
 * one transaction; a refused change writes nothing.
 */
import { appendAudit, type AuditActor } from '@ledger/db/audit';
import { Prisma, type PrismaClient } from '@ledger/db/client';
import { toIsoDate } from '@ledger/domain/calendar';
import type { BulkUpdateInput, CreateItemInput, UpdateItemInput } from '@ledger/domain/items';
import { closedRecordMessage, isRecordOpen, type ScopedItem } from '@ledger/domain/permissions';

import { auditDiff } from '../lib/audit-diff';
import { conflict, invalidFields } from '../lib/http-errors';
import { registrationSelect } from './item-fields';

type Tx = Prisma.TransactionClient;

export interface ChangeContext {
  actor: AuditActor;
  ip: string;
}

interface FieldIssue {
  field: string;
  message: string;
}

const dateOf = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

/** Unit references that must name an existing unit still in use. */
async function checkUnits(tx: Tx, references: { field: string; unitId: string }[]): Promise<void> {
  if (references.length === 0) return;
  const units = await tx.unit.findMany({
    where: { id: { in: [...new Set(references.map((reference) => reference.unitId))] } },
    select: { id: true, disabled: true },
  });
  const usable = new Set(units.filter((unit) => !unit.disabled).map((unit) => unit.id));
  const issues = references
    .filter((reference) => !usable.has(reference.unitId))
    .map((reference) => ({ field: reference.field, message: '单位不存在或已停用' }));
  if (issues.length > 0) throw invalidFields(issues);
}

const numberTaken = () =>
  conflict('编号已存在', { issues: [{ field: 'body.number', message: '编号已被其他事项使用' }] });

/** A unique constraint refused the write: here, a number registered meanwhile by someone else. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** Registers an item (挂账) and answers its id. */
export async function createItem(prisma: PrismaClient, input: CreateItemInput, context: ChangeContext) {
  try {
    return await prisma.$transaction((tx) => createItemIn(tx, input, context));
  } catch (error) {
    if (isUniqueViolation(error)) throw numberTaken();
    throw error;
  }
}

/**
 * Registers an item with its audit record on the caller's transaction (an import applies many in
 * one). A number taken meanwhile by a concurrent registration surfaces as a unique violation.
 */
export async function createItemIn(tx: Tx, input: CreateItemInput, context: ChangeContext): Promise<string> {
  await checkUnits(tx, [
    { field: 'body.leadUnitId', unitId: input.leadUnitId },
    ...input.cooperatingUnitIds.map((unitId, index) => ({
      field: `body.cooperatingUnitIds.${index}`,
      unitId,
    })),
    ...(input.kind === 'PETITION'
      ? [{ field: 'body.petition.areaUnitId', unitId: input.petition.areaUnitId }]
      : []),
  ]);
  if (await tx.ledgerItem.findUnique({ where: { number: input.number }, select: { id: true } })) {
    throw numberTaken();
  }
  const deadline = dateOf(input.deadline);
  const item = await tx.ledgerItem.create({
    data: {
      kind: input.kind,
      number: input.number,
      title: input.title,
      leadUnitId: input.leadUnitId,
      leadLeaderName: input.leadLeaderName ?? null,
      responsiblePersonName: input.responsiblePersonName ?? null,
      responsiblePersonPhone: input.responsiblePersonPhone ?? null,
      deadline,
      originalDeadline: deadline,
      warningDate: input.warningDate ? dateOf(input.warningDate) : null,
      timeLimitType: input.timeLimitType,
      isPublic: input.isPublic,
      createdById: context.actor.id,
      cooperatingUnits: { create: [...new Set(input.cooperatingUnitIds)].map((unitId) => ({ unitId })) },
      ...(input.kind === 'TASK'
        ? { task: { create: input.task } }
        : {
            petition: {
              create: {
                ...input.petition,
                handedOverOn: dateOf(input.petition.handedOverOn),
                duplicateOfNumber: input.petition.duplicateOfNumber ?? null,
                investigationFindings: input.petition.investigationFindings ?? null,
                verdict: input.petition.verdict ?? null,
                handling: input.petition.handling ?? null,
                signerName: input.petition.signerName ?? null,
              },
            },
          }),
    },
    select: { id: true, version: true },
  });
  await appendAudit(tx, {
    actor: context.actor,
    action: 'item.create',
    entityType: 'LedgerItem',
    entityId: item.id,
    after: { ...input, version: item.version },
    ip: context.ip,
  });
  return item.id;
}

/** The edit lost against a newer version: the route answers 409 with the current record. */
export class StaleVersionError extends Error {}

const editableSelect = {
  kind: true,
  status: true,
  version: true,
  ...registrationSelect,
} as const satisfies Prisma.LedgerItemSelect;

type Plain = string | number | boolean | null | Plain[];

/** Stored values as the API speaks them (dates as YYYY-MM-DD, decimals as numbers). */
function plain(value: unknown): Plain {
  if (value instanceof Date) return toIsoDate(value);
  if (Prisma.Decimal.isDecimal(value)) return (value as Prisma.Decimal).toNumber();
  if (Array.isArray(value)) return value.map(plain);
  return (value ?? null) as Plain;
}

/** A stored record's fields as the API speaks them: what an input would send for them. */
export function plainFields(record: Record<string, unknown>): Record<string, Plain> {
  return Object.fromEntries(Object.entries(record).map(([field, value]) => [field, plain(value)]));
}

/** The sent fields whose value differs from the stored one, as the audit record's before/after. */
function changesOf(current: Record<string, unknown>, sent: Record<string, unknown>) {
  const next = Object.fromEntries(
    Object.entries(sent)
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => [field, plain(value)]),
  );
  const stored = Object.fromEntries(Object.keys(next).map((field) => [field, plain(current[field])]));
  const { before, after } = auditDiff(stored, next);
  return { before, after, changed: Object.keys(after).length > 0 };
}

/**
 * Applies a PATCH based on `input.version`. Answers whether anything changed; throws
 * StaleVersionError when the item moved on meanwhile, and writes nothing then.
 */
export async function updateItem(
  prisma: PrismaClient,
  itemId: string,
  input: UpdateItemInput,
  context: ChangeContext,
): Promise<{ changed: boolean }> {
  return prisma.$transaction((tx) => updateItemIn(tx, itemId, input, context));
}

/** `updateItem` on the caller's transaction (an import applies many in one). */
export async function updateItemIn(
  tx: Tx,
  itemId: string,
  input: UpdateItemInput,
  context: ChangeContext,
): Promise<{ changed: boolean }> {
  const { version: _version, task, petition, cooperatingUnitIds, ...common } = input;
  // One query at a time: Prisma would load relations of one select in parallel, which a
  // transaction's single connection only queues (and pg warns about).
  const current = await tx.ledgerItem.findUniqueOrThrow({ where: { id: itemId }, select: editableSelect });
  const storedUnits = await tx.itemCooperatingUnit.findMany({
    where: { itemId },
    select: { unitId: true },
  });
  const storedTask = task && (await tx.taskDetail.findUnique({ where: { itemId } }));
  const storedPetition = petition && (await tx.petitionDetail.findUnique({ where: { itemId } }));
  // Closing an item bumps its version, so an item closed since the caller's check is stale here.
  if (current.version !== input.version) throw new StaleVersionError();

  const issues: FieldIssue[] = [];
  if (task && current.kind !== 'TASK') {
    issues.push({ field: 'body.task', message: '信访件没有整改任务字段' });
  }
  if (petition && current.kind !== 'PETITION') {
    issues.push({ field: 'body.petition', message: '整改任务没有信访件字段' });
  }
  const leadUnitId = common.leadUnitId ?? current.leadUnitId;
  const cooperating = cooperatingUnitIds ?? storedUnits.map((unit) => unit.unitId);
  if (cooperating.includes(leadUnitId)) {
    issues.push({ field: 'body.cooperatingUnitIds', message: '牵头单位不能同时是配合单位' });
  }
  const deadline = common.deadline ?? toIsoDate(current.deadline);
  const warningDate =
    common.warningDate !== undefined
      ? common.warningDate
      : current.warningDate && toIsoDate(current.warningDate);
  if (warningDate && warningDate > deadline) {
    issues.push({ field: 'body.warningDate', message: '预警时间不能晚于整改时限' });
  }
  if (issues.length > 0) throw invalidFields(issues);
  await checkUnits(tx, [
    ...(common.leadUnitId ? [{ field: 'body.leadUnitId', unitId: common.leadUnitId }] : []),
    ...(cooperatingUnitIds ?? []).map((unitId, index) => ({
      field: `body.cooperatingUnitIds.${index}`,
      unitId,
    })),
    ...(petition?.areaUnitId ? [{ field: 'body.petition.areaUnitId', unitId: petition.areaUnitId }] : []),
  ]);

  const itemChanges = changesOf(current, common);
  // Compared as sets: the order units were listed in means nothing.
  const storedCooperating = storedUnits.map((unit) => unit.unitId).sort();
  const nextCooperating = cooperatingUnitIds && [...new Set(cooperatingUnitIds)].sort();
  if (nextCooperating && storedCooperating.join() !== nextCooperating.join()) {
    itemChanges.before.cooperatingUnitIds = storedCooperating;
    itemChanges.after.cooperatingUnitIds = nextCooperating;
  }
  const taskChanges = changesOf(storedTask ?? {}, task ?? {});
  const petitionChanges = changesOf(storedPetition ?? {}, petition ?? {});
  const changed = Object.keys(itemChanges.after).length > 0 || taskChanges.changed || petitionChanges.changed;
  if (!changed) return { changed: false };

  // The version in the WHERE clause is what makes a concurrent edit lose: the second writer
  // waits for the first one's row lock, then finds the version moved on and updates nothing.
  const updated = await tx.ledgerItem.updateMany({
    where: { id: itemId, version: input.version },
    data: {
      title: common.title,
      leadUnitId: common.leadUnitId,
      leadLeaderName: common.leadLeaderName,
      responsiblePersonName: common.responsiblePersonName,
      responsiblePersonPhone: common.responsiblePersonPhone,
      deadline: common.deadline === undefined ? undefined : dateOf(common.deadline),
      warningDate:
        common.warningDate === undefined ? undefined : common.warningDate ? dateOf(common.warningDate) : null,
      timeLimitType: common.timeLimitType,
      isPublic: common.isPublic,
      version: { increment: 1 },
    },
  });
  if (updated.count === 0) throw new StaleVersionError();

  if (nextCooperating && 'cooperatingUnitIds' in itemChanges.after) {
    await tx.itemCooperatingUnit.deleteMany({ where: { itemId, unitId: { notIn: nextCooperating } } });
    await tx.itemCooperatingUnit.createMany({
      data: nextCooperating.map((unitId) => ({ itemId, unitId })),
      skipDuplicates: true,
    });
  }
  if (task && taskChanges.changed) await tx.taskDetail.update({ where: { itemId }, data: task });
  if (petition && petitionChanges.changed) {
    await tx.petitionDetail.update({
      where: { itemId },
      data: {
        ...petition,
        handedOverOn: petition.handedOverOn === undefined ? undefined : dateOf(petition.handedOverOn),
      },
    });
  }
  await appendAudit(tx, {
    actor: context.actor,
    action: 'item.update',
    entityType: 'LedgerItem',
    entityId: itemId,
    before: {
      ...itemChanges.before,
      ...(taskChanges.changed ? { task: taskChanges.before } : {}),
      ...(petitionChanges.changed ? { petition: petitionChanges.before } : {}),
      version: input.version,
    },
    after: {
      ...itemChanges.after,
      ...(taskChanges.changed ? { task: taskChanges.after } : {}),
      ...(petitionChanges.changed ? { petition: petitionChanges.after } : {}),
      version: input.version + 1,
    },
    ip: context.ip,
  });
  return { changed: true };
}

interface BulkRow {
  id: string;
  number: string;
  status: ScopedItem['status'];
  leadUnitId: string;
  deadline: Date;
  warningDate: Date | null;
  version: number;
}

const bulkSnapshot = (row: BulkRow) => ({
  id: row.id,
  number: row.number,
  leadUnitId: row.leadUnitId,
  deadline: toIsoDate(row.deadline),
  warningDate: row.warningDate && toIsoDate(row.warningDate),
  version: row.version,
});

/**
 * Moves many items to a new lead unit and/or deadline at once, all or nothing. A new lead unit
 * stops being a cooperating unit of those items; a warning date keeps its distance to the moved
 * deadline. The original deadline stays on record (ADR 004).
 */
export async function bulkUpdateItems(
  prisma: PrismaClient,
  input: BulkUpdateInput,
  context: ChangeContext,
): Promise<{ updated: number }> {
  const itemIds = [...new Set(input.itemIds)];
  return prisma.$transaction(
    async (tx) => {
      // Locked in id order, so that two bulk changes over overlapping items cannot deadlock.
      const rows = await tx.$queryRaw<BulkRow[]>`
        SELECT "id", "number", "status"::text AS "status", "leadUnitId", "deadline", "warningDate", "version"
        FROM "LedgerItem" WHERE "id" = ANY(${itemIds}::uuid[])
        ORDER BY "id" FOR UPDATE`;
      const byId = new Map(rows.map((row) => [row.id, row]));
      const issues: FieldIssue[] = [];
      input.itemIds.forEach((id, index) => {
        const row = byId.get(id);
        if (!row) issues.push({ field: `body.itemIds.${index}`, message: '事项不存在' });
        else if (!isRecordOpen(row.status))
          issues.push({ field: `body.itemIds.${index}`, message: `${row.number}：${closedRecordMessage}` });
      });
      if (issues.length > 0) throw invalidFields(issues);
      if (input.leadUnitId) await checkUnits(tx, [{ field: 'body.leadUnitId', unitId: input.leadUnitId }]);

      const deadline = input.deadline ?? null;
      const after = await tx.$queryRaw<BulkRow[]>`
        UPDATE "LedgerItem" SET
          "leadUnitId" = coalesce(${input.leadUnitId ?? null}::uuid, "leadUnitId"),
          "deadline" = coalesce(${deadline}::date, "deadline"),
          "warningDate" = "warningDate" + coalesce(${deadline}::date - "deadline", 0),
          "version" = "version" + 1,
          "updatedAt" = now()
        WHERE "id" = ANY(${itemIds}::uuid[])
        RETURNING "id", "number", "status"::text AS "status", "leadUnitId", "deadline", "warningDate", "version"`;
      if (input.leadUnitId) {
        await tx.itemCooperatingUnit.deleteMany({
          where: { itemId: { in: itemIds }, unitId: input.leadUnitId },
        });
      }
      await appendAudit(tx, {
        actor: context.actor,
        action: 'item.bulk-update',
        entityType: 'LedgerItem',
        entityId: null,
        before: { items: rows.map(bulkSnapshot) },
        after: {
          leadUnitId: input.leadUnitId ?? null,
          deadline,
          items: after.sort((a, b) => a.id.localeCompare(b.id)).map(bulkSnapshot),
        },
        ip: context.ip,
      });
      return { updated: after.length };
    },
    { timeout: 30_000 },
  );
}
