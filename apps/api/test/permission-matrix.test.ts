/**
 * The whole permission matrix: every endpoint × every role × the item's relation to the caller's
 * unit, each answered as packages/domain/src/permissions.ts says it must be — so that the table,
 * this test and the routes cannot drift apart.
 *
 * The expected answer is computed from the domain rules (decideItemOperation, readScope,
 * hasPermission) over symbolic unit codes, before any request is made; the demo accounts' roles
 * and units come from the seed's own list. Mutations send valid bodies (fresh numbers, current
 * versions, open items), so "allowed" must mean 2xx and never a 400 or 409 by accident.
 */
import { randomUUID } from 'node:crypto';

import { accountKey, demoAccounts } from '@ledger/db/seed/accounts';
import { ledgerDate, toIsoDate } from '@ledger/domain/calendar';
import {
  decideItemOperation,
  hasPermission,
  readScope,
  type Actor,
  type Permission,
  type Role,
  type ScopedItem,
} from '@ledger/domain/permissions';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';

import { multipartForm, png } from './evidence-fixtures';
import { loginAs, useTestApp } from './helpers';

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
  /** an operation on one item, decided by decideItemOperation */
  | { item: ItemOperation }
  /** the ledger list: scoped by readScope; the item is listed only where it may be read */
  | { list: true };

interface ItemFixture {
  id: string;
  number: string;
  evidenceId: string;
}

interface Endpoint {
  name: string;
  need: Need;
  /** the answer when allowed */
  success: 200 | 201;
  /** the request without its session; `item` is the relation's item (item and list endpoints) */
  request: (item: ItemFixture) => InjectOptions | Promise<InjectOptions>;
}

interface Expectation {
  status: number;
  /** list endpoints: whether the relation's item is among the results */
  listed?: boolean;
}

function expected(endpoint: Endpoint, roleCode: Role, relation: Relation | null): Expectation {
  const actor = actorFor(roleCode);
  const need = endpoint.need;
  if ('session' in need) return { status: endpoint.success };
  if ('permission' in need)
    return { status: hasPermission(roleCode, need.permission) ? endpoint.success : 403 };
  const item = relations[relation!];
  if ('list' in need) {
    if (readScope(actor).kind === 'none') return { status: 403 };
    return {
      status: 200,
      listed: !missing(relation!) && decideItemOperation(actor, item, 'read').allowed,
    };
  }
  const decision = decideItemOperation(actor, item, need.item);
  if (decision.allowed) return { status: missing(relation!) ? 404 : endpoint.success };
  return { status: decision.status };
}

// ───────────────────────────── The test ─────────────────────────────

describe('permission matrix', () => {
  const context = useTestApp({ seed: true });
  const inject = (options: InjectOptions) => context.app.inject(options);
  const prisma = () => context.db.prisma;
  const today = toIsoDate(ledgerDate());
  const sessions = {} as Record<Role, string>;
  const items = {} as Record<Relation, ItemFixture>;
  let bulkItemId: string;
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

  /** Runs a setup request as `username` and insists it worked. */
  async function as(username: string, options: InjectOptions, status: number) {
    const { cookie } = await loginAs(context, username);
    const response = await inject({ ...options, headers: { ...options.headers, cookie } });
    expect(response.statusCode, `setup ${options.method} ${options.url}: ${response.body}`).toBe(status);
    return response.json();
  }

  beforeAll(async () => {
    for (const roleCode of roles) sessions[roleCode] = (await loginAs(context, accountOf[roleCode]!)).cookie;
    hushuId = await unitIdOf('street-hushu');

    for (const relation of relationNames) {
      if (missing(relation)) {
        items[relation] = { id: randomUUID(), number: 'MX-NONE', evidenceId: randomUUID() };
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
      items[relation] = { id: item.id, number: item.number, evidenceId: evidence.id };
    }
    bulkItemId = (
      await as(
        'coordinator',
        { method: 'POST', url: '/api/items', payload: await newItemPayload(relations['own unit leads']) },
        201,
      )
    ).id;
    targetUserId = (await prisma().user.findUniqueOrThrow({ where: { username: 'officer.kangqiao' } })).id;
    targetUnitId = await unitIdOf('park-canal-fortune');
  });

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
      need: { permission: 'manage:user:any' },
      success: 200,
      request: () => ({ method: 'GET', url: '/api/users' }),
    },
    {
      name: 'GET /api/users/:id',
      need: { permission: 'manage:user:any' },
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
      need: { permission: 'manage:user:any' },
      success: 200,
      request: () => ({ method: 'POST', url: `/api/users/${targetUserId}/unlock` }),
    },
  ];

  const hasRelation = (endpoint: Endpoint) => 'item' in endpoint.need || 'list' in endpoint.need;

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
            // A refusal names a permission the role indeed lacks.
            const { missingPermission } = response.json();
            expect(missingPermission).toBeTypeOf('string');
            expect(hasPermission(roleCode, missingPermission)).toBe(false);
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
