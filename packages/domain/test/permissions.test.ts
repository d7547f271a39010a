import { describe, expect, it } from 'vitest';

import { allowedItemOperations, decideItemOperation, isRecordOpen, type Actor } from '../src/permissions';
import { itemStatus } from '../src/vocabulary';

const officer: Actor = { role: 'UNIT_OFFICER', unitId: 'hushu' };
const coordinator: Actor = { role: 'COORDINATOR', unitId: null };
const auditor: Actor = { role: 'AUDITOR', unitId: null };
const admin: Actor = { role: 'ADMIN', unitId: null };

const ownItem = { leadUnitId: 'hushu', cooperatingUnitIds: [], status: 'IN_PROGRESS' } as const;
const cooperatingItem = {
  leadUnitId: 'xiaohe',
  cooperatingUnitIds: ['hushu'],
  status: 'IN_PROGRESS',
} as const;
const otherItem = { leadUnitId: 'banshan', cooperatingUnitIds: [], status: 'IN_PROGRESS' } as const;

describe('decideItemOperation', () => {
  it('lets an officer report on items their unit leads or cooperates on', () => {
    expect(decideItemOperation(officer, ownItem, 'create:progress')).toEqual({ allowed: true });
    expect(decideItemOperation(officer, cooperatingItem, 'upload:evidence')).toEqual({ allowed: true });
  });

  it("hides another unit's item (404), never confirming that it exists", () => {
    for (const operation of ['read', 'update', 'create:progress', 'upload:evidence'] as const) {
      expect(decideItemOperation(officer, otherItem, operation)).toEqual({ allowed: false, status: 404 });
    }
  });

  it('names the missing permission when the item is visible (403)', () => {
    expect(decideItemOperation(officer, ownItem, 'update')).toEqual({
      allowed: false,
      status: 403,
      missing: 'update:item:any',
    });
    expect(decideItemOperation(auditor, ownItem, 'create:progress')).toEqual({
      allowed: false,
      status: 403,
      missing: 'create:progress:own-unit',
    });
  });

  it('refuses an actor without any reading right the same way for every item (403)', () => {
    expect(decideItemOperation(admin, otherItem, 'read')).toEqual({
      allowed: false,
      status: 403,
      missing: 'read:item:own-unit',
    });
  });

  it('keeps a closed item readable and refuses every change with 409 naming the state', () => {
    const closed = { ...ownItem, status: 'CLOSED' } as const;
    expect(decideItemOperation(officer, closed, 'read')).toEqual({ allowed: true });
    for (const [actor, operation] of [
      [officer, 'create:progress'],
      [officer, 'upload:evidence'],
      [coordinator, 'update'],
    ] as const) {
      expect(decideItemOperation(actor, closed, operation)).toMatchObject({
        allowed: false,
        status: 409,
        state: 'CLOSED',
      });
    }
    // The permission is checked first: an auditor hears 403 whatever the state.
    expect(decideItemOperation(auditor, closed, 'update')).toMatchObject({ status: 403 });
    expect(allowedItemOperations(coordinator, closed)).toEqual(['read']);
  });

  it('treats only 已销号 as a final record', () => {
    expect(itemStatus.codes.filter((status) => !isRecordOpen(status))).toEqual(['CLOSED']);
  });
});
