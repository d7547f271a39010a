/**
 * Unit scope for one item: loads what the permission table needs to decide, and refuses the way
 * the table says — 404 for an item outside what the caller may see (its existence is not
 * revealed), 403 naming the missing permission, 409 naming the state that forbids the change.
 */
import type { PrismaClient } from '@ledger/db/client';
import {
  decideItemOperation,
  ITEM_OF_NO_UNIT,
  type Actor,
  type ScopedItem,
} from '@ledger/domain/permissions';

import { conflict, forbidden, notFound } from '../lib/http-errors';

export type ItemOperation = Parameters<typeof decideItemOperation>[2];

export interface ItemScope extends ScopedItem {
  id: string;
  version: number;
}

export async function loadItemScope(
  prisma: Pick<PrismaClient, 'ledgerItem'>,
  itemId: string,
): Promise<ItemScope | null> {
  const item = await prisma.ledgerItem.findUnique({
    where: { id: itemId },
    select: {
      id: true,
      leadUnitId: true,
      status: true,
      version: true,
      cooperatingUnits: { select: { unitId: true } },
    },
  });
  if (!item) return null;
  return {
    id: item.id,
    leadUnitId: item.leadUnitId,
    status: item.status,
    version: item.version,
    cooperatingUnitIds: item.cooperatingUnits.map((cooperating) => cooperating.unitId),
  };
}

/** The item if `actor` may perform `operation` on it; otherwise throws the 404 or 403. */
export async function authorizeItem(
  prisma: Pick<PrismaClient, 'ledgerItem'>,
  actor: Actor,
  itemId: string,
  operation: ItemOperation,
): Promise<ItemScope> {
  const item = await loadItemScope(prisma, itemId);
  // An unknown item answers like an item no unit is involved in, so that no answer tells whether it exists.
  const decision = decideItemOperation(actor, item ?? ITEM_OF_NO_UNIT, operation);
  if (decision.allowed && item) return item;
  if (decision.allowed || decision.status === 404) throw notFound('事项不存在或不在本单位职责范围内');
  if (decision.status === 409) throw conflict(decision.message, { status: decision.state });
  throw forbidden(`缺少权限: ${decision.missing}`, { missingPermission: decision.missing });
}
