/**
 * Factories for the API's answers, typed by the contract in packages/domain, so that a test
 * names only what it is about and the rest is a plausible ledger row.
 */
import type {
  ClosureView,
  EvidenceFileView,
  ExtensionView,
  ItemDetail,
  ItemList,
  ItemSummary,
  TimelineEntry,
} from '@ledger/domain/items';
import { requiresSecondFactor } from '@ledger/domain/accounts';
import { permissionsOf, type Role } from '@ledger/domain/permissions';
import { todoGroup, todoGroupActions, type TodoGroupKey, type TodoList } from '@ledger/domain/todo';
import { role as roleVocabulary } from '@ledger/domain/vocabulary';

import type { SessionUser } from '@/features/auth/api/get-session';
import type { Unit } from '@/features/units/api/get-units';
import type { UserAccount } from '@/features/users/api/get-users';

let sequence = 0;
const nextId = () => {
  sequence += 1;
  return `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
};

export const units = {
  hushu: { id: '10000000-0000-4000-8000-000000000001', name: '湖墅街道' },
  banshan: { id: '10000000-0000-4000-8000-000000000002', name: '半山街道' },
  ecology: { id: '10000000-0000-4000-8000-000000000003', name: '生态环境拱墅分局' },
  coordination: { id: '10000000-0000-4000-8000-000000000004', name: '区整改协调小组' },
};

const adminRoles: Role[] = ['ADMIN', 'SECURITY_ADMIN', 'AUDIT_ADMIN'];

/** A logged-in user whose permissions are the role's, as the API derives them. */
export function buildSessionUser(
  role: Role = 'UNIT_OFFICER',
  overrides: Partial<SessionUser> = {},
): SessionUser {
  const unit =
    adminRoles.includes(role) || role === 'DISTRICT_LEADER'
      ? null
      : role === 'COORDINATOR'
        ? units.coordination
        : units.hushu;
  return {
    id: nextId(),
    username: `user-${sequence}`,
    displayName: adminRoles.includes(role) ? roleVocabulary.label(role) : '湖墅街道 王丽',
    role,
    unitId: unit?.id ?? null,
    unitName: unit?.name ?? null,
    mustChangePassword: false,
    secondFactor: null,
    totpEnabled: false,
    secondFactorRequired: requiresSecondFactor(role),
    permissions: [...permissionsOf(role)],
    ...overrides,
  };
}

export function buildItemSummary(overrides: Partial<ItemSummary> = {}): ItemSummary {
  const id = overrides.id ?? nextId();
  return {
    id,
    kind: 'TASK',
    number: `GS-ZG-${String(sequence).padStart(3, '0')}`,
    title: '运河沿线餐饮油烟整治',
    status: 'IN_PROGRESS',
    leadUnit: units.hushu,
    cooperatingUnits: [units.ecology],
    responsiblePersonName: '王丽',
    deadline: '2026-12-31',
    originalDeadline: '2026-12-31',
    warningDate: '2026-12-24',
    timeLimitType: 'SHORT_TERM',
    category: 'AIR',
    pollutionTypes: [],
    handlingState: null,
    reboundCount: 0,
    isSample: false,
    overdue: false,
    dueSoon: false,
    daysLeft: 30,
    scheduleState: 'ON_SCHEDULE',
    updatedAt: '2026-11-20T02:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function buildItemList(items: ItemSummary[], overrides: Partial<ItemList> = {}): ItemList {
  return { items, total: items.length, totalCapped: false, page: 1, pageSize: 20, ...overrides };
}

export function buildTimelineEntry(overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    at: '2026-11-01T02:00:00.000Z',
    type: 'progress',
    title: '整改进展',
    detail: '完成沿线 12 家餐饮店油烟净化设施安装。',
    actor: { id: nextId(), displayName: '湖墅街道 王丽' },
    on: '2026-11-01',
    percent: 40,
    evidence: [],
    ...overrides,
  };
}

export function buildTaskDetail(overrides: Partial<ItemDetail> = {}): ItemDetail {
  return {
    ...buildItemSummary(overrides),
    leadLeaderName: '周明华',
    responsiblePersonPhone: '0571-88000101',
    closedOn: null,
    isPublic: false,
    createdAt: '2026-08-08T02:00:00.000Z',
    task: {
      inspectionRound: 'FIRST_ROUND',
      feedbackText: '运河沿线部分餐饮企业油烟直排，群众反映强烈。',
      category: 'AIR',
      target: '沿线餐饮企业油烟净化设施安装率达到 100%。',
      measures: ['全面排查沿线餐饮企业', '督促安装油烟净化设施'],
      closureStandard: '净化设施全部安装并正常运行，经第三方检测达标。',
    },
    petition: null,
    latestPercent: 40,
    evidence: [],
    closure: null,
    extensions: [],
    supervision: { notices: [], canIssue: false },
    timeline: [
      buildTimelineEntry({ type: 'registered', title: '挂账', detail: null, percent: null, on: null }),
    ],
    allowedActions: ['read', 'create:progress', 'upload:evidence'],
    ...overrides,
  };
}

export function buildPetitionDetail(overrides: Partial<ItemDetail> = {}): ItemDetail {
  return buildTaskDetail({
    kind: 'PETITION',
    number: 'D330000201707150001',
    title: '某小区底商餐饮油烟扰民',
    category: null,
    pollutionTypes: ['CATERING_FUMES'],
    handlingState: 'NOT_CONCLUDED',
    isSample: true,
    task: null,
    petition: {
      batch: 3,
      handedOverOn: '2017-07-20',
      isKeyCase: true,
      duplicateOfNumber: null,
      complaintSummary: '反映湖墅街道某小区底商餐饮店油烟直排。',
      area: units.hushu,
      pollutionTypes: ['CATERING_FUMES'],
      investigationFindings: '经现场核查，该处共有餐饮店 5 家。',
      verdict: 'TRUE',
      handling: '责令安装油烟净化设施。',
      orderedToRectify: 5,
      penaltyCases: 2,
      finesTenThousandYuan: 1.5,
      criminalInvestigations: 0,
      administrativeDetentions: 0,
      criminalDetentions: 0,
      interviews: 3,
      accountablePersons: 0,
      handlingState: 'NOT_CONCLUDED',
      signerName: '张建国',
    },
    ...overrides,
  });
}

export function buildUnit(overrides: Partial<Unit> = {}): Unit {
  return {
    id: nextId(),
    code: `unit-${sequence}`,
    name: `单位${sequence}`,
    type: 'STREET',
    sortOrder: sequence,
    disabled: false,
    webhookUrl: null,
    ...overrides,
  };
}

export function buildUserAccount(overrides: Partial<UserAccount> = {}): UserAccount {
  return {
    id: nextId(),
    username: `officer.${sequence}`,
    displayName: `经办人${sequence}`,
    role: 'UNIT_OFFICER',
    unitId: units.hushu.id,
    unit: units.hushu,
    phone: null,
    status: 'ACTIVE',
    mustChangePassword: false,
    lockedUntil: null,
    totpEnabled: false,
    lastLoginAt: null,
    createdAt: '2026-11-01T02:00:00.000Z',
    ...overrides,
  };
}

export const people = {
  officer: { id: '20000000-0000-4000-8000-000000000001', displayName: '湖墅街道 王丽' },
  head: { id: '20000000-0000-4000-8000-000000000002', displayName: '湖墅街道 张建国' },
  coordinator: { id: '20000000-0000-4000-8000-000000000003', displayName: '协调小组 陈志远' },
  leader: { id: '20000000-0000-4000-8000-000000000004', displayName: '区领导 周明华' },
};

export function buildEvidenceFile(overrides: Partial<EvidenceFileView> = {}): EvidenceFileView {
  const id = overrides.id ?? nextId();
  return {
    id,
    fileName: `现场照片-${sequence}.png`,
    sizeBytes: 48_213,
    sha256: 'a'.repeat(64),
    mediaType: 'image/png',
    provesDate: '2026-11-01',
    description: null,
    uploadedBy: people.officer,
    uploadedAt: '2026-11-01T02:00:00.000Z',
    progressEntryId: null,
    isPublic: false,
    url: `/api/evidence/${id}`,
    ...overrides,
  };
}

/** A closure request just submitted by the officer, not yet signed; the rest as a test needs it. */
export function buildClosure(overrides: Partial<ClosureView> = {}): ClosureView {
  return {
    id: nextId(),
    status: 'AWAITING_SIGNATURE',
    report: '沿线 20 家餐饮企业油烟净化设施已全部安装并正常运行，第三方检测达标，符合销号标准。',
    requestedBy: people.officer,
    requestedAt: '2026-11-20T02:00:00.000Z',
    signer: null,
    signedAt: null,
    signedStatement: null,
    returnReason: null,
    evidenceIds: [],
    verifications: [],
    notice: null,
    signOffs: [],
    ...overrides,
  };
}

export function buildExtension(overrides: Partial<ExtensionView> = {}): ExtensionView {
  return {
    id: nextId(),
    status: 'REQUESTED',
    originalDeadline: '2026-12-31',
    requestedDeadline: '2027-03-31',
    reason: '净化设施供货延迟，需延期三个月。',
    requestedBy: people.officer,
    requestedAt: '2026-11-10T02:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    ...overrides,
  };
}

/** GET /api/todo: the groups named, each with its items, in the order of the path. */
export function buildTodoList(groups: Partial<Record<TodoGroupKey, ItemSummary[]>>): TodoList {
  return {
    groups: todoGroup.codes
      .filter((key) => key in groups)
      .map((key) => ({
        key,
        label: todoGroup.label(key),
        actions: [...todoGroupActions[key]],
        total: groups[key]!.length,
        totalCapped: false,
        items: groups[key]!,
      })),
    supervision: [],
  };
}
