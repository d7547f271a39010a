/**
 * 整改进展: dated progress reports by the units responsible for an item. The entry, and the
 * audit record of it, are written in one transaction. The first report on a registered item
 * (挂账) starts its rectification (开始整改) in the same transaction, through the workflow.
 */
import { appendAudit } from '@ledger/db/audit';
import type { PrismaClient } from '@ledger/db/client';
import { toIsoDate } from '@ledger/domain/calendar';
import type { ProgressInput } from '@ledger/domain/items';
import type { Actor } from '@ledger/domain/permissions';
import { z } from 'zod';

import { authorizeItem } from './item-access';
import { recordLatestProgress } from './ledger';
import { startIfRegistered } from './workflow';

export interface ActingUser extends Actor {
  id: string;
  name: string;
}

/** A progress report as the API answers it. */
export const progressEntryView = z.object({
  id: z.string(),
  itemId: z.string(),
  /** YYYY-MM-DD */
  reportedOn: z.string(),
  content: z.string(),
  percent: z.number().nullable(),
  unit: z.object({ id: z.string(), name: z.string() }),
  author: z.object({ id: z.string(), displayName: z.string() }),
  createdAt: z.string(),
});
export type ProgressEntryView = z.infer<typeof progressEntryView>;

/**
 * A YYYY-MM-DD that is not after today: a report or a piece of evidence speaks of what has
 * happened, never of what is planned.
 * @param today the app's ledger date (`app.ledgerToday`), so that the whole app agrees on "today"
 */
export function notAfterToday<T extends z.ZodType<string>>(schema: T, label: string, today: () => Date) {
  return schema.refine(
    // A malformed date has already been reported by `schema`; one message per mistake is enough.
    (value) => !/^\d{4}-\d{2}-\d{2}$/.test(value) || value <= toIsoDate(today()),
    `${label}不能晚于今天`,
  );
}

const dateOf = (isoDate: string) => new Date(`${isoDate}T00:00:00.000Z`);

export async function createProgressEntry(
  prisma: PrismaClient,
  actor: ActingUser,
  itemId: string,
  input: ProgressInput,
  context: { ip: string; today: Date },
): Promise<ProgressEntryView> {
  const { ip } = context;
  return prisma.$transaction(async (tx) => {
    const item = await authorizeItem(tx, actor, itemId, 'create:progress');
    // A report says the work has begun: the item leaves 挂账, with its own event and audit record.
    if (item.status === 'REGISTERED') await startIfRegistered(tx, actor, item.id, context);
    // authorizeItem granted an own-unit permission, so the actor has a unit: the reporting unit.
    const unitId = actor.unitId!;
    const entry = await tx.progressEntry.create({
      data: {
        itemId: item.id,
        unitId,
        authorId: actor.id,
        reportedOn: dateOf(input.reportedOn),
        content: input.content,
        percent: input.percent ?? null,
      },
      include: {
        unit: { select: { id: true, name: true } },
        author: { select: { id: true, displayName: true } },
      },
    });
    // The trigger on ProgressEntry already did this; calling it keeps the write path explicit.
    await recordLatestProgress(tx, item.id);
    await appendAudit(tx, {
      actor,
      action: 'progress.create',
      entityType: 'ProgressEntry',
      entityId: entry.id,
      after: {
        itemId: item.id,
        unitId,
        reportedOn: input.reportedOn,
        content: entry.content,
        percent: entry.percent,
      },
      ip,
    });
    return {
      id: entry.id,
      itemId: entry.itemId,
      reportedOn: toIsoDate(entry.reportedOn),
      content: entry.content,
      percent: entry.percent,
      unit: entry.unit,
      author: entry.author,
      createdAt: entry.createdAt.toISOString(),
    };
  });
}
