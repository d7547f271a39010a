import { describe, expect, it } from 'vitest';

import { decideItemExport, exportScope, type Actor, type ScopedItem } from '../src/permissions';

const ownItem: ScopedItem = { leadUnitId: 'hushu', cooperatingUnitIds: [], status: 'CLOSED' };
const cooperatingItem: ScopedItem = {
  leadUnitId: 'xiaohe',
  cooperatingUnitIds: ['hushu'],
  status: 'IN_PROGRESS',
};
const otherItem: ScopedItem = { leadUnitId: 'banshan', cooperatingUnitIds: [], status: 'IN_PROGRESS' };

const actor = (role: Actor['role'], unitId: string | null = null): Actor => ({ role, unitId });

describe('decideItemExport', () => {
  it('lets coordinators, leaders and auditors export any item, closed or open', () => {
    for (const role of ['COORDINATOR', 'DISTRICT_LEADER', 'AUDITOR'] as const) {
      for (const item of [ownItem, cooperatingItem, otherItem]) {
        expect(decideItemExport(actor(role), item)).toEqual({ allowed: true });
      }
    }
  });

  it("lets a unit's officer and head export what their unit leads or cooperates on", () => {
    for (const role of ['UNIT_OFFICER', 'UNIT_HEAD'] as const) {
      expect(decideItemExport(actor(role, 'hushu'), ownItem)).toEqual({ allowed: true });
      expect(decideItemExport(actor(role, 'hushu'), cooperatingItem)).toEqual({ allowed: true });
    }
  });

  it("hides another unit's item (404), as reading it does", () => {
    expect(decideItemExport(actor('UNIT_OFFICER', 'hushu'), otherItem)).toEqual({
      allowed: false,
      status: 404,
    });
  });

  it('refuses roles without an export permission whatever the item, naming export:item:own-unit', () => {
    for (const role of ['ADMIN', 'SECURITY_ADMIN', 'AUDIT_ADMIN'] as const) {
      for (const item of [ownItem, otherItem]) {
        expect(decideItemExport(actor(role), item)).toEqual({
          allowed: false,
          status: 403,
          missing: 'export:item:own-unit',
        });
      }
    }
  });
});

describe('exportScope', () => {
  it('reaches every item, one unit, or none — and agrees with decideItemExport on every item', () => {
    expect(exportScope(actor('AUDITOR'))).toEqual({ kind: 'any' });
    expect(exportScope(actor('UNIT_OFFICER', 'hushu'))).toEqual({ kind: 'unit', unitId: 'hushu' });
    expect(exportScope(actor('UNIT_OFFICER'))).toEqual({ kind: 'none' });
    expect(exportScope(actor('ADMIN'))).toEqual({ kind: 'none' });
    const roles = [
      'COORDINATOR',
      'UNIT_OFFICER',
      'UNIT_HEAD',
      'DISTRICT_LEADER',
      'AUDITOR',
      'ADMIN',
    ] as const;
    for (const role of roles) {
      const who = actor(role, 'hushu');
      const scope = exportScope(who);
      for (const item of [ownItem, cooperatingItem, otherItem]) {
        const inScope =
          scope.kind === 'any' ||
          (scope.kind === 'unit' &&
            (item.leadUnitId === scope.unitId || item.cooperatingUnitIds.includes(scope.unitId)));
        expect(decideItemExport(who, item).allowed, `${role} ${item.leadUnitId}`).toBe(inScope);
      }
    }
  });
});
