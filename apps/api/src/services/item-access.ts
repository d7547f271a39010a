/**
 * Unit scope for one item: loads what the permission table needs to decide, and refuses the way
 * the table says — 404 for an item outside what the caller may see (its existence is not
 * revealed), 403 naming the missing permission, 409 naming the state that forbids the change.
 */
import type { Prisma, PrismaClient } from '@ledger/db/client';
import {
  decideItemOperation,
  ITEM_OF_NO_UNIT,
  type Actor,
  type ItemDecision,
  type ScopedItem,
} from '@ledger/domain/permissions';

import { conflict, forbidden, notFound } from '../lib/http-errors';

export type ItemOperation = Parameters<typeof decideItemOperation>[2];

export interface ItemScope extends ScopedItem {
  id: string;
  version: number;
}

/** What the permission table needs of an item (ItemScope), as stored. */
export const itemScopeSelect = {
  id: true,
  leadUnitId: true,
  status: true,
  version: true,
  cooperatingUnits: { select: { unitId: true } },
} as const satisfies Prisma.LedgerItemSelect;

export function toItemScope(row: Prisma.LedgerItemGetPayload<{ select: typeof itemScopeSelect }>): ItemScope {
  return {
    id: row.id,
    leadUnitId: row.leadUnitId,
    status: row.status,
    version: row.version,
    cooperatingUnitIds: row.cooperatingUnits.map((cooperating) => cooperating.unitId),
  };
}

export async function loadItemScope(
  prisma: Pick<PrismaClient, 'ledgerItem'>,
  itemId: string,
): Promise<ItemScope | null> {
  const item = await prisma.ledgerItem.findUnique({ where: { id: itemId }, select: itemScopeSelect });
  return item && toItemScope(item);
}

/**
 * The item if `decide` allows it; otherwise throws the 404, 403 or 409 the decision stands for.
 * An unknown item is judged like an item no unit is involved in, so that no answer tells whether
 * it exists.
 */
export async function authorizeItemBy(
  prisma: Pick<PrismaClient, 'ledgerItem'>,
  itemId: string,
  decide: (item: ScopedItem) => ItemDecision,
): Promise<ItemScope> {
  const item = await loadItemScope(prisma, itemId);
  return allowedOrThrow(item, decide(item ?? ITEM_OF_NO_UNIT));
}

/** The item if `decision` allows it (null: there is none); otherwise throws what it stands for. */
function allowedOrThrow<Item>(item: Item | null, decision: ItemDecision): Item {
  if (decision.allowed && item) return item;
  if (decision.allowed || decision.status === 404) throw notFound('事项不存在或不在本单位职责范围内');
  if (decision.status === 409) throw conflict(decision.message, { status: decision.state });
  throw forbidden(`缺少权限: ${decision.missing}`, { missingPermission: decision.missing });
}

/**
 * `authorizeItem` for an item the caller has loaded anyway (null when there is none), which
 * spares loading its scope apart.
 */
export function authorizeLoadedItem<Item extends ScopedItem>(
  actor: Actor,
  item: Item | null,
  operation: ItemOperation,
): Item {
  return allowedOrThrow(item, decideItemOperation(actor, item ?? ITEM_OF_NO_UNIT, operation));
}

/** The item if `actor` may perform `operation` on it; otherwise throws the 404, 403 or 409. */
export function authorizeItem(
  prisma: Pick<PrismaClient, 'ledgerItem'>,
  actor: Actor,
  itemId: string,
  operation: ItemOperation,
): Promise<ItemScope> {
  return authorizeItemBy(prisma, itemId, (item) => decideItemOperation(actor, item, operation));
}
