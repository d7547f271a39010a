/**
 * The whole permission matrix: every endpoint × every role × the item's relation to the caller's
 * unit, each answered as packages/domain/src/permissions.ts says it must be — so that the table,
 * this test and the routes cannot drift apart.
 *
 * The expected answer is computed from the domain rules (decideItemOperation, readScope,
 * hasPermission) over symbolic unit codes, before any request is made; the demo accounts' roles
 * and units come from the seed's own list. Mutations send valid bodies (fresh numbers, current
 * versions, open items), so "allowed" must mean 2xx and never a 400 or 409 by accident.
 *
 * The closure workflow's actions are decided by decideAction (packages/domain/src/workflow.ts):
 * one representative action per workflow permission, each case on a fresh item of the relation,
 * brought through the API (by the lead unit's own officer and head, the coordinator and the
 * leader) into the state the action starts from — so that a refusal can only come from who is
 * asking, never from the item's state.
 */
import { randomUUID } from 'node:crypto';

import { accountKey, demoAccounts } from '@ledger/db/seed/accounts';
import { ledgerDate, toIsoDate } from '@ledger/domain/calendar';
import {
  canExportAny,
  decideItemExport,
  decideItemOperation,
  hasPermission,
  permissionReaches,
  readScope,
  unitRelation,
  type Actor,
  type Permission,
  type Role,
  type ScopedItem,
} from '@ledger/domain/permissions';
import { decideIssue } from '@ledger/domain/supervision';
import {
  decideAction,
  workflowRules,
  type Status,
  type WorkflowAction,
  type WorkflowFacts,
} from '@ledger/domain/workflow';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';

import { multipartForm, png } from './evidence-fixtures';
import { loginAs, useTestApp } from './helpers';
import { taskSheetOf, taskValues, workbookOf } from './import-workbooks';

type ItemOperation = Parameters<typeof decideItemOperation>[2];

// ───────────────────────────── The table ─────────────────────────────

/** One demo account per role; the unit roles are 湖墅街道's. */
const accountOf: Partial<Record<Role, string>> = {
  COORDINATOR: 'coordinator',
  UNIT_OFFICER: 'officer.hushu',
  UNIT_HEAD: 'head.hushu',
  DISTRICT_LEADER: 'leader',
  AUDITOR: 'auditor',
  ADMIN: 'admin',
  SECURITY_ADMIN: 'secadmin',
  AUDIT_ADMIN: 'auditadmin',
};
const roles = Object.keys(accountOf) as Role[];

/** The actor as the permission rules see it, with the unit as its seed code. */
function actorFor(roleCode: Role): Actor {
  const account = demoAccounts.find((candidate) => candidate.username === accountOf[roleCode]);
  if (!account || account.role !== roleCode) throw new Error(`no demo account for ${roleCode}`);
  return { role: roleCode, unitId: account.unitCode };
}

/**
 * How an item stands to 湖墅街道, in unit codes. A missing item belongs to no unit: it must answer
 * like an item outside the caller's reach, so that no answer tells whether an id exists. Every
 * item is freshly registered (挂账); what a closed item refuses is tested with the items.
 */
const relations = {
  'own unit leads': { leadUnitId: 'street-hushu', cooperatingUnitIds: [], status: 'REGISTERED' },
  'own unit cooperates': {
    leadUnitId: 'street-xiaohe',
    cooperatingUnitIds: ['street-hushu'],
    status: 'REGISTERED',
  },
  'other unit': { leadUnitId: 'street-banshan', cooperatingUnitIds: [], status: 'REGISTERED' },
  'no such item': { leadUnitId: 'no-unit', cooperatingUnitIds: [], status: 'REGISTERED' },
} as const satisfies Record<string, ScopedItem>;
type Relation = keyof typeof relations;
const relationNames = Object.keys(relations) as Relation[];
const missing = (relation: Relation) => relation === 'no such item';

/** What an endpoint needs, in the permission table's terms. */
type Need =
  /** any logged-in user */
  | { session: true }
  /** a permission, whatever the item */
  | { permission: Permission }
  /** any one of these permissions, whatever the item */
  | { anyPermission: readonly Permission[] }
  /** 下发督办 on one item, decided by decideIssue (packages/domain/src/supervision.ts) */
  | { issue: true }
  /** an operation on one item, decided by decideItemOperation */
  | { item: ItemOperation }
  /** the ledger list: scoped by readScope; the item is listed only where it may be read */
  | { list: true }
  /** a workflow action on one item in the state it starts from, decided by decideAction */
  | { workflow: WorkflowAction }
  /** taking one item out (销号报告, 案卷, a batch of it), decided by decideItemExport */
  | { export: true }
  /** a background export job the given role queued: its owner only (404 for others), 403 without an export permission */
  | { ownJob: Role };

interface ItemFixture {
  id: string;
  number: string;
  evidenceId: string;
  relation: Relation;
}

interface Endpoint {
  name: string;
  need: Need;
  /** the answer when allowed */
  success: 200 | 201 | 202;
  /** the request without its session; `item` is the relation's item (item and list endpoints) */
  request: (item: ItemFixture) => InjectOptions | Promise<InjectOptions>;
}

interface Expectation {
  status: number;
  /** list endpoints: whether the relation's item is among the results */
  listed?: boolean;
}

/**
 * The facts of a relation's item in the state `action` starts from, with whatever else the action
 * waits for (an extension request to decide, a long-term item to mark). The closure request was
 * made and signed by the lead unit's officer and head, as the setup does it.
 */
function workflowFacts(action: WorkflowAction, relation: Relation): WorkflowFacts {
  const item = relations[relation];
  const lead = accountKey(item.leadUnitId);
  return {
    ...item,
    status: workflowRules[action].from[0]!,
    timeLimitType: action === 'mark_phase_complete' ? 'LONG_TERM' : 'MEDIUM_TERM',
    deadline: '2030-06-30',
    today: toIsoDate(ledgerDate()),
    closure: { requestedById: `officer.${lead}`, signerId: `head.${lead}` },
    notice: null,
    pendingExtension: action === 'approve_extension' || action === 'refuse_extension',
  };
}

function expected(endpoint: Endpoint, roleCode: Role, relation: Relation | null): Expectation {
  const actor = actorFor(roleCode);
  const need = endpoint.need;
  if ('session' in need) return { status: endpoint.success };
  if ('permission' in need)
    return { status: hasPermission(roleCode, need.permission) ? endpoint.success : 403 };
  if ('anyPermission' in need) {
    const held = need.anyPermission.some((permission) => hasPermission(roleCode, permission));
    return { status: held ? endpoint.success : 403 };
  }
  if ('ownJob' in need) {
    if (!canExportAny(actor)) return { status: 403 };
    return { status: roleCode === need.ownJob ? endpoint.success : 404 };
  }
  if ('issue' in need) {
    const decision = decideIssue(actor, { ...relations[relation!], openNotice: null });
    if (decision.allowed) return { status: missing(relation!) ? 404 : endpoint.success };
    return { status: decision.status };
  }
  if ('workflow' in need) {
    // Accounts are named by username here, as the facts name the requester and signer.
    const decision = decideAction(
      { ...actor, id: accountOf[roleCode]! },
      workflowFacts(need.workflow, relation!),
      need.workflow,
    );
    if (decision.allowed) return { status: missing(relation!) ? 404 : endpoint.success };
    return { status: decision.status };
  }
  const item = relations[relation!];
  if ('list' in need) {
    if (readScope(actor).kind === 'none') return { status: 403 };
    return {
      status: 200,
      listed: !missing(relation!) && decideItemOperation(actor, item, 'read').allowed,
    };
  }
  const decision =
    'export' in need ? decideItemExport(actor, item) : decideItemOperation(actor, item, need.item);
  if (decision.allowed) return { status: missing(relation!) ? 404 : endpoint.success };
  return { status: decision.status };
}

// ───────────────────────────── The test ─────────────────────────────

describe('permission matrix', () => {
  // The job worker builds the export job whose download is checked.
  const context = useTestApp({
    seed: true,
    jobWorker: { pollMs: 200, staleAfterMs: 60_000, heartbeatMs: 1_000 },
  });
  const inject = (options: InjectOptions) => context.app.inject(options);
  const prisma = () => context.db.prisma;
  const today = toIsoDate(ledgerDate());
  const sessions = {} as Record<Role, string>;
  const items = {} as Record<Relation, ItemFixture>;
  let bulkItemId: string;
  /** a finished batch export of the auditor's */
  let exportJobId: string;
  let targetUserId: string;
  let targetUnitId: string;
  let hushuId: string;
  let serial = 0;
  const next = () => `${Date.now().toString(36)}-${++serial}`;

  const unitIdOf = async (code: string) =>
    (await prisma().unit.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;

  async function newItemPayload(scope: ScopedItem) {
    return {
      kind: 'TASK',
      number: `MX-${next()}`,
      title: '权限矩阵测试事项',
      leadUnitId: await unitIdOf(scope.leadUnitId),
      cooperatingUnitIds: await Promise.all(scope.cooperatingUnitIds.map(unitIdOf)),
      deadline: '2030-06-30',
      timeLimitType: 'MEDIUM_TERM',
      task: {
        inspectionRound: 'FIRST_ROUND',
        feedbackText: '运河沿线部分排口雨污混接。',
        category: 'WATER',
        target: '消除雨污混接。',
        measures: ['排查排口', '实施截污纳管'],
        closureStandard: '排口晴天无污水直排。',
      },
    };
  }

  function evidenceUpload(itemId: string): InjectOptions {
    const form = multipartForm({ provesDate: today, description: '整改后现场照片' }, [
      { name: '现场照片.png', content: png, type: 'image/png' },
    ]);
    return {
      method: 'POST',
      url: `/api/items/${itemId}/evidence`,
      headers: form.headers,
      payload: form.payload,
    };
  }

  /** A ledger workbook with one new task, as `POST /api/imports` takes it. */
  async function importUpload(): Promise<InjectOptions> {
    const workbook = await workbookOf([taskSheetOf([taskValues(`MX-IMP-${next()}`)])]);
    const form = multipartForm({}, [{ name: '台账.xlsx', content: workbook }]);
    return { method: 'POST', url: '/api/imports', headers: form.headers, payload: form.payload };
  }
  /** A fresh preview, ready to commit (PREVIEWED), made by the coordinator. */
  const previewedImport = async () =>
    ((await as('coordinator', await importUpload(), 201)) as { id: string }).id;

  const setupSessions = new Map<string, string>();

  /** Runs a setup request as `username` and insists it worked. */
  async function as(username: string, options: InjectOptions, status: number) {
    if (!setupSessions.has(username)) setupSessions.set(username, (await loginAs(context, username)).cookie);
    const cookie = setupSessions.get(username)!;
    const response = await inject({ ...options, headers: { ...options.headers, cookie } });
    expect(response.statusCode, `setup ${options.method} ${options.url}: ${response.body}`).toBe(status);
    return response.json();
  }

  beforeAll(async () => {
    for (const roleCode of roles) sessions[roleCode] = (await loginAs(context, accountOf[roleCode]!)).cookie;
    hushuId = await unitIdOf('street-hushu');

    for (const relation of relationNames) {
      if (missing(relation)) {
        items[relation] = { id: randomUUID(), number: 'MX-NONE', evidenceId: randomUUID(), relation };
        continue;
      }
      const scope = relations[relation];
      const item = await as(
        'coordinator',
        { method: 'POST', url: '/api/items', payload: await newItemPayload(scope) },
        201,
      );
      // Uploaded by the lead unit's officer, so a cooperating unit reads a file it did not upload.
      const evidence = await as(`officer.${accountKey(scope.leadUnitId)}`, evidenceUpload(item.id), 201);
      items[relation] = { id: item.id, number: item.number, evidenceId: evidence.id, relation };
    }
    bulkItemId = (
      await as(
        'coordinator',
        { method: 'POST', url: '/api/items', payload: await newItemPayload(relations['own unit leads']) },
        201,
      )
    ).id;
    exportJobId = (
      await as(
        'auditor',
        {
          method: 'POST',
          url: '/api/exports/case-files',
          payload: { itemIds: [items['own unit leads'].id] },
        },
        202,
      )
    ).id;
    for (let attempt = 0; attempt < 300; attempt++) {
      const { status } = await prisma().job.findUniqueOrThrow({ where: { id: exportJobId } });
      if (status !== 'QUEUED' && status !== 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await prisma().job.findUniqueOrThrow({ where: { id: exportJobId } })).status).toBe('SUCCEEDED');
    targetUserId = (await prisma().user.findUniqueOrThrow({ where: { username: 'officer.kangqiao' } })).id;
    targetUnitId = await unitIdOf('park-canal-fortune');
  });

  /** The path to each state the representative actions start from, as the people who take it. */
  const pathTo: { status: Status; step: (lead: string) => [username: string, WorkflowAction, object] }[] = [
    { status: 'IN_PROGRESS', step: (lead) => [`officer.${lead}`, 'start', {}] },
    {
      status: 'CLOSURE_REQUESTED',
      step: (lead) => [`officer.${lead}`, 'request_closure', { report: '整改完成，申请销号。' }],
    },
    {
      status: 'AWAITING_VERIFICATION',
      step: (lead) => [`head.${lead}`, 'sign', { statement: '情况属实，本人负责。' }],
    },
    {
      status: 'VERIFIED',
      step: () => [
        'coordinator',
        'verify',
        { result: 'PASSED', conclusion: '验收通过。', verifiedOn: today },
      ],
    },
    { status: 'PUBLIC_NOTICE', step: () => ['coordinator', 'start_notice', { workingDays: 0 }] },
    { status: 'AWAITING_SIGN_OFF', step: () => ['coordinator', 'close_notice', {}] },
    {
      status: 'CLOSED',
      step: () => ['leader', 'sign_off', { decision: 'APPROVED', statement: '同意销号。' }],
    },
  ];

  /**
   * A fresh item of `fixture`'s relation in the state `action` starts from, and the body that
   * takes the action; an id that names no item for the relation without one.
   */
  async function workflowCase(action: WorkflowAction, fixture: ItemFixture, body: object) {
    const actionUrl = (id: string) => `/api/items/${id}/actions/${action}`;
    const evidence = action === 'request_closure' ? { evidenceIds: [fixture.evidenceId] } : {};
    if (missing(fixture.relation)) {
      return {
        method: 'POST',
        url: actionUrl(fixture.id),
        payload: { version: 1, ...body, ...evidence },
      } as const;
    }
    const scope = relations[fixture.relation];
    const lead = accountKey(scope.leadUnitId);
    const payload = await newItemPayload(scope);
    if (action === 'mark_phase_complete') payload.timeLimitType = 'LONG_TERM';
    let item = await as('coordinator', { method: 'POST', url: '/api/items', payload }, 201);
    const evidenceId = (await as(`officer.${lead}`, evidenceUpload(item.id), 201)).id;
    const target = workflowRules[action].from[0]!;
    for (const { status, step } of pathTo.slice(0, pathTo.findIndex((stop) => stop.status === target) + 1)) {
      if (item.status === target) break;
      const [username, setupAction, setupBody] = step(lead);
      const extra = setupAction === 'request_closure' ? { evidenceIds: [evidenceId] } : {};
      item = await as(
        username,
        {
          method: 'POST',
          url: `/api/items/${item.id}/actions/${setupAction}`,
          payload: { version: item.version, ...setupBody, ...extra },
        },
        200,
      );
      expect(item.status).toBe(status);
    }
    if (action === 'approve_extension') {
      item = await as(
        `officer.${lead}`,
        {
          method: 'POST',
          url: `/api/items/${item.id}/actions/request_extension`,
          payload: { version: item.version, newDeadline: '2031-06-30', reason: '施工受汛期影响。' },
        },
        200,
      );
    }
    const extra = action === 'request_closure' ? { evidenceIds: [evidenceId] } : {};
    return {
      method: 'POST',
      url: actionUrl(item.id),
      payload: { version: item.version, ...body, ...extra },
    } as const;
  }

  /** One representative action per workflow permission, with a valid body. */
  const workflowEndpoints: [WorkflowAction, object][] = [
    ['start', {}],
    ['request_closure', { report: '经自查，整改已完成，申请销号。' }],
    ['sign', { statement: '本单位已完成整改，情况属实。本人对以上内容负责。' }],
    ['verify', { result: 'PASSED', conclusion: '经现场核查，验收通过。', onSite: true, verifiedOn: today }],
    ['start_notice', { workingDays: 5 }],
    ['sign_off', { decision: 'APPROVED', statement: '同意销号。' }],
    ['mark_phase_complete', { conclusion: '阶段目标已完成，转入长效管理。' }],
    ['request_extension', { newDeadline: '2031-06-30', reason: '涉及跨部门协调，申请延期。' }],
    ['approve_extension', { note: '同意延期。' }],
    ['record_lookback', { result: 'KEPT', findings: '整改成果保持良好。', inspectedOn: today }],
  ];

  const endpoints: Endpoint[] = [
    {
      name: 'GET /api/items',
      need: { list: true },
      success: 200,
      request: (item) => ({
        method: 'GET',
        url: `/api/items?pageSize=200&q=${encodeURIComponent(item.number)}`,
      }),
    },
    {
      name: 'POST /api/items',
      need: { permission: 'create:item:any' },
      success: 201,
      request: async () => ({
        method: 'POST',
        url: '/api/items',
        payload: await newItemPayload(relations['own unit leads']),
      }),
    },
    {
      name: 'GET /api/items/:id',
      need: { item: 'read' },
      success: 200,
      request: (item) => ({ method: 'GET', url: `/api/items/${item.id}` }),
    },
    {
      name: 'PATCH /api/items/:id',
      need: { item: 'update' },
      success: 200,
      request: async (item) => {
        const current = await prisma().ledgerItem.findUnique({
          where: { id: item.id },
          select: { version: true },
        });
        return {
          method: 'PATCH',
          url: `/api/items/${item.id}`,
          payload: { version: current?.version ?? 1, title: `权限矩阵测试事项 ${next()}` },
        };
      },
    },
    {
      name: 'POST /api/items/bulk',
      need: { permission: 'bulk-update:item:any' },
      success: 200,
      request: () => ({
        method: 'POST',
        url: '/api/items/bulk',
        payload: { itemIds: [bulkItemId], deadline: '2030-12-31' },
      }),
    },
    {
      name: 'POST /api/items/:id/progress',
      need: { item: 'create:progress' },
      success: 201,
      request: (item) => ({
        method: 'POST',
        url: `/api/items/${item.id}/progress`,
        payload: { reportedOn: today, content: '已完成排口排查，正在实施截污纳管。', percent: 40 },
      }),
    },
    {
      name: 'POST /api/items/:id/evidence',
      need: { item: 'upload:evidence' },
      success: 201,
      request: (item) => evidenceUpload(item.id),
    },
    {
      name: 'GET /api/items/:id/evidence/:evidenceId',
      need: { item: 'read' },
      success: 200,
      request: (item) => ({ method: 'GET', url: `/api/items/${item.id}/evidence/${item.evidenceId}` }),
    },
    {
      name: 'PATCH /api/items/:id/evidence/:evidenceId',
      need: { item: 'update' },
      success: 200,
      request: (item) => ({
        method: 'PATCH',
        url: `/api/items/${item.id}/evidence/${item.evidenceId}`,
        payload: { isPublic: true },
      }),
    },
    ...workflowEndpoints.map(([action, body]): Endpoint => ({
      name: `POST /api/items/:id/actions/${action}`,
      need: { workflow: action },
      success: 200,
      request: (item) => workflowCase(action, item, body),
    })),
    {
      name: 'GET /api/todo',
      need: { session: true },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/todo' }),
    },
    {
      name: 'GET /api/dashboard/summary',
      need: { anyPermission: ['read:dashboard:any', 'read:dashboard:own-unit'] },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/dashboard/summary' }),
    },
    {
      name: 'POST /api/items/:id/supervision-notices',
      need: { issue: true },
      success: 201,
      request: (item) => ({
        method: 'POST',
        url: `/api/items/${item.id}/supervision-notices`,
        payload: { level: 'YELLOW', reason: '整改进度滞后，请按期反馈。', responseDueOn: '2030-06-30' },
      }),
    },
    {
      name: 'GET /api/supervision-notices',
      need: { anyPermission: ['read:item:any', 'read:item:own-unit'] },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/supervision-notices' }),
    },
    {
      name: 'GET /api/supervision-notices/suggestions',
      need: { permission: 'issue:supervision:any' },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/supervision-notices/suggestions' }),
    },
    {
      name: 'GET /api/bulletins',
      need: { anyPermission: ['read:bulletin:any', 'generate:bulletin:any'] },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/bulletins' }),
    },
    {
      name: 'POST /api/bulletins',
      need: { permission: 'generate:bulletin:any' },
      success: 201,
      request: () => ({ method: 'POST', url: '/api/bulletins', payload: { periodKind: 'WEEK' } }),
    },
    {
      name: 'POST /api/imports',
      need: { permission: 'import:item:any' },
      success: 201,
      request: importUpload,
    },
    {
      name: 'GET /api/imports',
      need: { permission: 'import:item:any' },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/imports' }),
    },
    {
      name: 'GET /api/imports/:id',
      need: { permission: 'import:item:any' },
      success: 200,
      request: async () => ({ method: 'GET', url: `/api/imports/${await previewedImport()}` }),
    },
    {
      name: 'POST /api/imports/:id/commit',
      need: { permission: 'import:item:any' },
      success: 202,
      request: async () => ({ method: 'POST', url: `/api/imports/${await previewedImport()}/commit` }),
    },
    {
      name: 'GET /api/items/:id/closure-report.pdf',
      need: { export: true },
      success: 200,
      request: (item) => ({ method: 'GET', url: `/api/items/${item.id}/closure-report.pdf` }),
    },
    {
      name: 'GET /api/items/:id/case-file.zip',
      need: { export: true },
      success: 200,
      request: (item) => ({ method: 'GET', url: `/api/items/${item.id}/case-file.zip` }),
    },
    {
      name: 'POST /api/exports/case-files',
      need: { export: true },
      success: 202,
      request: (item) => ({
        method: 'POST',
        url: '/api/exports/case-files',
        payload: { itemIds: [item.id] },
      }),
    },
    {
      name: 'GET /api/exports/ledger.xlsx',
      need: { anyPermission: ['export:item:any', 'export:item:own-unit'] },
      success: 200,
      request: (item) => ({
        method: 'GET',
        url: `/api/exports/ledger.xlsx?q=${encodeURIComponent(item.number)}`,
      }),
    },
    {
      name: 'GET /api/exports/jobs',
      need: { anyPermission: ['export:item:any', 'export:item:own-unit'] },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/exports/jobs' }),
    },
    {
      name: 'GET /api/exports/jobs/:id',
      need: { ownJob: 'AUDITOR' },
      success: 200,
      request: () => ({ method: 'GET', url: `/api/exports/jobs/${exportJobId}` }),
    },
    {
      name: 'GET /api/exports/jobs/:id/download',
      need: { ownJob: 'AUDITOR' },
      success: 200,
      request: () => ({ method: 'GET', url: `/api/exports/jobs/${exportJobId}/download` }),
    },
    {
      name: 'GET /api/notifications',
      need: { session: true },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/notifications' }),
    },
    {
      name: 'GET /api/notifications/unread-count',
      need: { session: true },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/notifications/unread-count' }),
    },
    {
      name: 'POST /api/notifications/read-all',
      need: { session: true },
      success: 200,
      request: () => ({ method: 'POST', url: '/api/notifications/read-all' }),
    },
    {
      name: 'GET /api/webhook-deliveries',
      need: { permission: 'read:webhook-delivery:any' },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/webhook-deliveries' }),
    },
    {
      name: 'GET /api/audit',
      need: { permission: 'read:audit:any' },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/audit?pageSize=5' }),
    },
    {
      name: 'GET /api/audit/verify',
      need: { permission: 'verify:audit:any' },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/audit/verify' }),
    },
    {
      name: 'GET /api/auth/me',
      need: { session: true },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/auth/me' }),
    },
    {
      name: 'GET /api/units',
      need: { session: true },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/units' }),
    },
    {
      name: 'POST /api/units',
      need: { permission: 'manage:unit:any' },
      success: 201,
      request: () => {
        const suffix = next();
        return {
          method: 'POST',
          url: '/api/units',
          payload: { code: `matrix-${suffix}`, name: `矩阵测试单位 ${suffix}`, type: 'DEPARTMENT' },
        };
      },
    },
    {
      name: 'PATCH /api/units/:id',
      need: { permission: 'manage:unit:any' },
      success: 200,
      request: () => ({
        method: 'PATCH',
        url: `/api/units/${targetUnitId}`,
        payload: { sortOrder: 100 + serial++ },
      }),
    },
    {
      name: 'GET /api/users',
      need: { permission: 'read:user:any' },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/users' }),
    },
    {
      name: 'GET /api/users/:id',
      need: { permission: 'read:user:any' },
      success: 200,
      request: () => ({ method: 'GET', url: `/api/users/${targetUserId}` }),
    },
    {
      name: 'POST /api/users',
      need: { permission: 'manage:user:any' },
      success: 201,
      request: () => ({
        method: 'POST',
        url: '/api/users',
        payload: {
          username: `matrix.${next()}`,
          displayName: '湖墅街道 矩阵测试',
          role: 'UNIT_OFFICER',
          unitId: hushuId,
          password: 'Start#2026ok',
        },
      }),
    },
    {
      name: 'PATCH /api/users/:id',
      need: { permission: 'manage:user:any' },
      success: 200,
      request: () => ({
        method: 'PATCH',
        url: `/api/users/${targetUserId}`,
        payload: { displayName: `康桥街道 矩阵测试 ${next()}` },
      }),
    },
    {
      name: 'POST /api/users/:id/reset-password',
      need: { permission: 'manage:user:any' },
      success: 200,
      request: () => ({ method: 'POST', url: `/api/users/${targetUserId}/reset-password` }),
    },
    {
      name: 'POST /api/users/:id/unlock',
      need: { permission: 'unlock:user:any' },
      success: 200,
      request: () => ({ method: 'POST', url: `/api/users/${targetUserId}/unlock` }),
    },
    {
      name: 'POST /api/users/:id/reset-second-factor',
      need: { permission: 'reset:second-factor:any' },
      success: 200,
      request: () => ({ method: 'POST', url: `/api/users/${targetUserId}/reset-second-factor` }),
    },
  ];

  const hasRelation = (endpoint: Endpoint) =>
    'item' in endpoint.need ||
    'list' in endpoint.need ||
    'workflow' in endpoint.need ||
    'issue' in endpoint.need ||
    'export' in endpoint.need;

  for (const endpoint of endpoints) {
    describe(endpoint.name, () => {
      const cases = roles.flatMap((roleCode) =>
        (hasRelation(endpoint) ? relationNames : [null]).map((relation) => ({
          roleCode,
          relation,
          expectation: expected(endpoint, roleCode, relation),
        })),
      );

      for (const { roleCode, relation, expectation } of cases) {
        const who = relation ? `${roleCode} · ${relation}` : roleCode;
        const listed =
          expectation.listed === undefined ? '' : expectation.listed ? ', listed' : ', not listed';
        it(`${who} → ${expectation.status}${listed}`, async () => {
          const options = await endpoint.request(items[relation ?? 'own unit leads']);
          const response = await inject({
            ...options,
            headers: { ...options.headers, cookie: sessions[roleCode] },
          });
          expect(response.statusCode, response.body.slice(0, 500)).toBe(expectation.status);
          if (response.statusCode === 403) {
            // A refusal names a permission the role indeed lacks — or, for a workflow action, one
            // whose scope does not reach the item (a cooperating unit and a lead-unit permission).
            const { missingPermission } = response.json();
            expect(missingPermission).toBeTypeOf('string');
            const reaches =
              'workflow' in endpoint.need
                ? permissionReaches(
                    roleCode,
                    missingPermission,
                    unitRelation(actorFor(roleCode), relations[relation!]),
                  )
                : hasPermission(roleCode, missingPermission);
            expect(reaches).toBe(false);
          }
          if (expectation.listed !== undefined) {
            const numbers = response.json().items.map((listed: { number: string }) => listed.number);
            if (expectation.listed) expect(numbers).toContain(items[relation!].number);
            else expect(numbers).not.toContain(items[relation!].number);
          }
        });
      }

      it('anonymous → 401', async () => {
        const options = await endpoint.request(items['own unit leads']);
        expect((await inject(options)).statusCode).toBe(401);
      });
    });
  }
});
