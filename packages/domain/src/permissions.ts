/**
 * The permission table: which role may do what. The single source for the API (which refuses
 * with 403 naming the missing permission) and the web app (which shows only what the user may
 * do). Documented in docs/permissions.md; a test keeps that page equal to this table.
 *
 * Permissions are strings `<verb>:<object>:<scope>`. Scope `any` reaches every item; scope
 * `own-unit` reaches the items the actor's unit leads or cooperates on — every other item does
 * not exist for that actor (404, never 403, so that its existence is not revealed); scope
 * `lead-unit` only the items the actor's unit leads (a cooperating unit sees them, but 403).
 */
import type { itemStatus, role } from './vocabulary';

export type Role = (typeof role.codes)[number];
type Status = (typeof itemStatus.codes)[number];

export const permissionLabels = {
  'read:item:any': '查看全部台账',
  'read:item:own-unit': '查看本单位台账',
  'create:item:any': '新增台账事项',
  'update:item:any': '修改台账事项',
  'bulk-update:item:any': '批量调整责任单位和时限',
  'create:progress:own-unit': '填报本单位事项整改进展',
  'upload:evidence:own-unit': '上传本单位事项佐证材料',
  'request:closure:lead-unit': '申请销号（本单位牵头事项）',
  'sign:closure:lead-unit': '签字确认本单位销号申请',
  'verify:closure:any': '验收销号申请',
  'manage:notice:any': '组织公示、处理异议',
  'sign-off:closure:any': '审签销号',
  'request:extension:lead-unit': '申请延期（本单位牵头事项）',
  'decide:extension:any': '审批延期申请',
  'mark:phase-complete:any': '认定阶段性完成',
  'record:lookback:any': '记录回头看',
  'read:dashboard:any': '查看全区整改统计',
  'read:dashboard:own-unit': '查看本单位整改统计',
  'issue:supervision:any': '下发督办（黄色督办、红色挂牌督办）',
  'respond:supervision:lead-unit': '反馈督办（本单位牵头事项）',
  'generate:bulletin:any': '生成通报',
  'read:bulletin:any': '查阅通报',
  'read:webhook-delivery:any': '查看消息推送记录',
  'export:item:any': '导出台账、销号报告和案卷',
  'export:item:own-unit': '导出本单位台账、销号报告和案卷',
  'import:item:any': '导入台账（Excel）',
  'read:audit:any': '查阅审计日志',
  'verify:audit:any': '校验审计日志完整性',
  'read:user:any': '查看用户账号',
  'manage:user:any': '管理用户（新增、修改、停用、重置密码）',
  'unlock:user:any': '解除登录锁定',
  'reset:second-factor:any': '重置双因素认证',
  'manage:unit:any': '管理单位',
} as const;

export type Permission = keyof typeof permissionLabels;

export const allPermissions = Object.keys(permissionLabels) as [Permission, ...Permission[]];

/**
 * Who holds what. Admins hold no business permission, and their duties are split (三员分立):
 * the system admin manages accounts and units, the security admin unlocks accounts and resets
 * second factors, the audit admin reads and verifies the audit log. No role both changes
 * accounts and reads the trail, and nothing can erase it (the audit table is append-only).
 */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  COORDINATOR: [
    'read:item:any',
    'create:item:any',
    'update:item:any',
    'bulk-update:item:any',
    'verify:closure:any',
    'manage:notice:any',
    'mark:phase-complete:any',
    'record:lookback:any',
    'read:dashboard:any',
    'issue:supervision:any',
    'generate:bulletin:any',
    'read:bulletin:any',
    'read:webhook-delivery:any',
    'read:audit:any',
    'verify:audit:any',
    'export:item:any',
    'import:item:any',
  ],
  UNIT_OFFICER: [
    'read:item:own-unit',
    'create:progress:own-unit',
    'upload:evidence:own-unit',
    'request:closure:lead-unit',
    'request:extension:lead-unit',
    'read:dashboard:own-unit',
    'respond:supervision:lead-unit',
    'export:item:own-unit',
  ],
  // 谁签字，谁负责: only the unit head signs the unit's closure request.
  UNIT_HEAD: [
    'read:item:own-unit',
    'create:progress:own-unit',
    'upload:evidence:own-unit',
    'request:closure:lead-unit',
    'sign:closure:lead-unit',
    'request:extension:lead-unit',
    'read:dashboard:own-unit',
    'respond:supervision:lead-unit',
    'export:item:own-unit',
  ],
  DISTRICT_LEADER: [
    'read:item:any',
    'sign-off:closure:any',
    'decide:extension:any',
    'read:dashboard:any',
    'read:bulletin:any',
    'export:item:any',
  ],
  AUDITOR: [
    'read:item:any',
    'read:dashboard:any',
    'read:bulletin:any',
    'read:audit:any',
    'verify:audit:any',
    'export:item:any',
  ],
  // The system admin keeps units' webhook addresses, so sees whether pushes reach them.
  ADMIN: ['read:user:any', 'manage:user:any', 'manage:unit:any', 'read:webhook-delivery:any'],
  SECURITY_ADMIN: ['read:user:any', 'unlock:user:any', 'reset:second-factor:any'],
  AUDIT_ADMIN: ['read:audit:any', 'verify:audit:any'],
};

export function permissionsOf(roleCode: Role): readonly Permission[] {
  return rolePermissions[roleCode];
}

export function hasPermission(roleCode: Role, permission: Permission): boolean {
  return rolePermissions[roleCode].includes(permission);
}

/** The actor as far as permission checks need to know it. */
export interface Actor {
  role: Role;
  unitId: string | null;
}

/** The item as far as unit scope and its record's state need to know it. */
export interface ScopedItem {
  leadUnitId: string;
  cooperatingUnitIds: readonly string[];
  status: Status;
}

/**
 * A closed item's record is final (已销号: the documents are signed and filed); only a
 * look-back (回头看) may reopen it. Every operation but reading refuses it with 409.
 */
export function isRecordOpen(status: Status): boolean {
  return status !== 'CLOSED';
}
export const closedRecordMessage = '该事项已销号，记录只读，不能再更改';

/** How the actor's unit stands to the item: it leads it, cooperates on it, or neither. */
export type UnitRelation = 'lead' | 'cooperating' | 'none';

export function unitRelation(actor: Actor, item: ScopedItem): UnitRelation {
  if (actor.unitId === null) return 'none';
  if (item.leadUnitId === actor.unitId) return 'lead';
  return item.cooperatingUnitIds.includes(actor.unitId) ? 'cooperating' : 'none';
}

/**
 * Whether `permission` reaches an item the actor's unit stands to as `relation`: the role must
 * hold it, and its scope must cover the relation.
 */
export function permissionReaches(roleCode: Role, permission: Permission, relation: UnitRelation): boolean {
  if (!hasPermission(roleCode, permission)) return false;
  if (permission.endsWith(':any')) return true;
  if (permission.endsWith(':lead-unit')) return relation === 'lead';
  return relation !== 'none';
}

/**
 * What an id without an item is judged as: an item no unit leads or cooperates on, so that no
 * answer (404 for a unit's users, 403 or 409 for others) tells whether the id exists.
 */
export const ITEM_OF_NO_UNIT: ScopedItem = { leadUnitId: '', cooperatingUnitIds: [], status: 'REGISTERED' };

export function isInUnitScope(actor: Actor, item: ScopedItem): boolean {
  return (
    actor.unitId !== null &&
    (item.leadUnitId === actor.unitId || item.cooperatingUnitIds.includes(actor.unitId))
  );
}

/** What an item-level operation needs: a permission of scope `any` or of scope `own-unit`. */
type ItemOperation = 'read' | 'update' | 'create:progress' | 'upload:evidence';

const itemOperationPermissions: Record<ItemOperation, { any?: Permission; ownUnit?: Permission }> = {
  read: { any: 'read:item:any', ownUnit: 'read:item:own-unit' },
  update: { any: 'update:item:any' },
  'create:progress': { ownUnit: 'create:progress:own-unit' },
  'upload:evidence': { ownUnit: 'upload:evidence:own-unit' },
};

export type ItemDecision =
  | { allowed: true }
  /** 404: the item is outside what the actor may even see */
  | { allowed: false; status: 404 }
  /** 403: the actor sees the item but lacks the named permission */
  | { allowed: false; status: 403; missing: Permission }
  /** 409: the actor may, but not in the item's current state */
  | { allowed: false; status: 409; state: Status; message: string };

/**
 * May `actor` perform `operation` on `item`? Answers 404 rather than 403 whenever the actor
 * could read some items but not this one, so that a refusal never confirms that it exists;
 * 409 when the permission is there but the item's state forbids the change.
 */
export function decideItemOperation(actor: Actor, item: ScopedItem, operation: ItemOperation): ItemDecision {
  // Without any read permission the answer does not depend on the item, so it reveals nothing.
  if (readScope(actor).kind === 'none') return { allowed: false, status: 403, missing: 'read:item:own-unit' };
  if (!canRead(actor, item)) return { allowed: false, status: 404 };
  const needed = itemOperationPermissions[operation];
  const permitted =
    (needed.any !== undefined && hasPermission(actor.role, needed.any)) ||
    (needed.ownUnit !== undefined && hasPermission(actor.role, needed.ownUnit) && isInUnitScope(actor, item));
  if (!permitted) return { allowed: false, status: 403, missing: (needed.ownUnit ?? needed.any)! };
  if (operation !== 'read' && !isRecordOpen(item.status)) {
    return { allowed: false, status: 409, state: item.status, message: closedRecordMessage };
  }
  return { allowed: true };
}

function canRead(actor: Actor, item: ScopedItem): boolean {
  if (hasPermission(actor.role, 'read:item:any')) return true;
  return hasPermission(actor.role, 'read:item:own-unit') && isInUnitScope(actor, item);
}

/**
 * How far the actor's reading reaches in the ledger list: every item, the items of one unit,
 * or none (the list answers 403 naming `read:item:own-unit`).
 */
export function readScope(
  actor: Actor,
): { kind: 'any' } | { kind: 'unit'; unitId: string } | { kind: 'none' } {
  if (hasPermission(actor.role, 'read:item:any')) return { kind: 'any' };
  if (hasPermission(actor.role, 'read:item:own-unit') && actor.unitId !== null) {
    return { kind: 'unit', unitId: actor.unitId };
  }
  return { kind: 'none' };
}

/**
 * How far the actor's exports reach in the ledger (the workbook, a batch of case files found by
 * filters): every item, the items of one unit, or none. Shaped as `readScope`, so the ledger's
 * conditions take either.
 */
export function exportScope(actor: Actor): ReturnType<typeof readScope> {
  if (hasPermission(actor.role, 'export:item:any')) return { kind: 'any' };
  if (hasPermission(actor.role, 'export:item:own-unit') && actor.unitId !== null) {
    return { kind: 'unit', unitId: actor.unitId };
  }
  return { kind: 'none' };
}

/** Either export permission: without one, no export of any item is possible. */
export const EXPORT_PERMISSIONS = ['export:item:any', 'export:item:own-unit'] as const satisfies Permission[];

export function canExportAny(actor: Actor): boolean {
  return EXPORT_PERMISSIONS.some((permission) => hasPermission(actor.role, permission));
}

/**
 * May `actor` take the item out of the ledger (销号报告, 案卷, a batch of case files)? Every export
 * route asks this. Without an export permission at all the answer (403) does not depend on the
 * item; then the item must be readable (404 / 403 as for reading it); then `export:item:any`
 * reaches it, `export:item:own-unit` only when the actor's unit leads or cooperates on it.
 */
export function decideItemExport(actor: Actor, item: ScopedItem): ItemDecision {
  if (!canExportAny(actor)) return { allowed: false, status: 403, missing: 'export:item:own-unit' };
  const read = decideItemOperation(actor, item, 'read');
  if (!read.allowed) return read;
  if (hasPermission(actor.role, 'export:item:any')) return { allowed: true };
  const ownUnit = hasPermission(actor.role, 'export:item:own-unit') && isInUnitScope(actor, item);
  return ownUnit ? { allowed: true } : { allowed: false, status: 403, missing: 'export:item:own-unit' };
}

/** Item-level operations the actor may perform on the item now (its `allowedActions`). */
export function allowedItemOperations(actor: Actor, item: ScopedItem): ItemOperation[] {
  return (Object.keys(itemOperationPermissions) as ItemOperation[]).filter(
    (operation) => decideItemOperation(actor, item, operation).allowed,
  );
}
