import { verifyAuditChain } from '@ledger/db/audit';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';

import { loginAs, useTestApp } from './helpers';

describe('units', () => {
  const context = useTestApp({ seed: true });
  const inject = (options: InjectOptions) => context.app.inject(options);
  const prisma = () => context.db.prisma;
  const admin = async () => (await loginAs(context, 'admin')).cookie;

  async function withAudit(request: () => Promise<Awaited<ReturnType<typeof inject>>>) {
    const last = await prisma().auditLog.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    const response = await request();
    const records = await prisma().auditLog.findMany({
      where: { id: { gt: last?.id ?? 0n }, action: { startsWith: 'unit.' } },
      orderBy: { id: 'asc' },
    });
    return { response, records };
  }

  const newUnit = (overrides: Record<string, unknown> = {}) => ({
    code: 'park-grand-canal',
    name: '大运河文化园区',
    type: 'PARK',
    sortOrder: 14,
    ...overrides,
  });

  it('lists every unit to any logged-in user in sort order, with the disabled flag and without webhooks', async () => {
    for (const username of ['officer.hushu', 'auditor', 'leader']) {
      const { cookie } = await loginAs(context, username);
      const response = await inject({ method: 'GET', url: '/api/units', headers: { cookie } });
      expect(response.statusCode).toBe(200);
      const { units } = response.json();
      expect(units).toHaveLength(await prisma().unit.count());
      expect(units[0]).toMatchObject({
        code: 'street-mishixiang',
        name: '米市巷街道',
        type: 'STREET',
        disabled: false,
      });
      const orders = units.map((unit: { sortOrder: number }) => unit.sortOrder);
      expect(orders).toEqual([...orders].sort((a, b) => a - b));
      expect(units[0]).not.toHaveProperty('webhookUrl');
    }
    const { units } = (
      await inject({ method: 'GET', url: '/api/units', headers: { cookie: await admin() } })
    ).json();
    expect(units[0]).toHaveProperty('webhookUrl', null);
    expect((await inject({ method: 'GET', url: '/api/units' })).statusCode).toBe(401);
  });

  it('refuses to create or change units without manage:unit:any (403 naming it)', async () => {
    const hushu = await prisma().unit.findUniqueOrThrow({ where: { code: 'street-hushu' } });
    for (const username of ['coordinator', 'officer.hushu', 'head.hushu', 'auditor', 'leader']) {
      const { cookie } = await loginAs(context, username);
      for (const request of [
        { method: 'POST', url: '/api/units', payload: newUnit() },
        { method: 'PATCH', url: `/api/units/${hushu.id}`, payload: { disabled: true } },
      ] as const) {
        const response = await inject({ ...request, headers: { cookie } });
        expect(response.statusCode, `${username} ${request.method}`).toBe(403);
        expect(response.json()).toMatchObject({ missingPermission: 'manage:unit:any' });
      }
    }
    expect(await prisma().unit.findUnique({ where: { code: 'park-grand-canal' } })).toBeNull();
    expect((await prisma().unit.findUniqueOrThrow({ where: { id: hushu.id } })).disabled).toBe(false);
  });

  it('creates a unit with one unit.create record', async () => {
    const { response, records } = await withAudit(async () =>
      inject({ method: 'POST', url: '/api/units', headers: { cookie: await admin() }, payload: newUnit() }),
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().unit).toMatchObject({ ...newUnit(), disabled: false, webhookUrl: null });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      action: 'unit.create',
      entityType: 'Unit',
      entityId: response.json().unit.id,
      after: { code: 'park-grand-canal', name: '大运河文化园区' },
    });
  });

  it('answers 409 naming the field when a code or name is taken', async () => {
    const cookie = await admin();
    const sameCode = await inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie },
      payload: newUnit({ code: 'street-hushu', name: '另一个单位' }),
    });
    expect(sameCode.statusCode).toBe(409);
    expect(sameCode.json()).toMatchObject({ field: 'code' });
    expect(sameCode.json().message).toContain('单位编码');

    const sameName = await inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie },
      payload: newUnit({ code: 'street-other', name: '湖墅街道' }),
    });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json()).toMatchObject({ field: 'name' });

    const banshan = await prisma().unit.findUniqueOrThrow({ where: { code: 'street-banshan' } });
    const renamed = await inject({
      method: 'PATCH',
      url: `/api/units/${banshan.id}`,
      headers: { cookie },
      payload: { name: '湖墅街道' },
    });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json()).toMatchObject({ field: 'name' });

    // Its own name is no clash.
    const unchanged = await inject({
      method: 'PATCH',
      url: `/api/units/${banshan.id}`,
      headers: { cookie },
      payload: { name: '半山街道', code: 'street-banshan' },
    });
    expect(unchanged.statusCode).toBe(200);
  });

  it('takes only https webhooks on a domain name, without credentials', async () => {
    const cookie = await admin();
    const unit = await prisma().unit.findUniqueOrThrow({ where: { code: 'street-xiaohe' } });
    const patch = (webhookUrl: unknown) =>
      inject({ method: 'PATCH', url: `/api/units/${unit.id}`, headers: { cookie }, payload: { webhookUrl } });

    for (const bad of [
      'http://oapi.dingtalk.com/robot/send?access_token=abc',
      'https://10.1.2.3/hook',
      'https://user:secret@oapi.dingtalk.com/robot',
      'javascript:alert(1)',
      'not a url',
    ]) {
      const response = await patch(bad);
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().issues[0].field, bad).toBe('body.webhookUrl');
    }

    const good = 'https://oapi.dingtalk.com/robot/send?access_token=abc123';
    const { response, records } = await withAudit(() => patch(good));
    expect(response.statusCode).toBe(200);
    expect(response.json().unit.webhookUrl).toBe(good);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      action: 'unit.update',
      before: { webhookUrl: null },
      after: { webhookUrl: good },
    });

    expect((await patch(null)).json().unit.webhookUrl).toBeNull();
  });

  it('disables a unit (never deletes it): still listed, flagged, with before/after in the record', async () => {
    const cookie = await admin();
    const unit = await prisma().unit.findUniqueOrThrow({ where: { code: 'park-smart-valley' } });
    const { response, records } = await withAudit(() =>
      inject({
        method: 'PATCH',
        url: `/api/units/${unit.id}`,
        headers: { cookie },
        payload: { disabled: true },
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      action: 'unit.update',
      before: { disabled: false },
      after: { disabled: true },
    });
    expect(Object.keys(records[0]!.after as object)).toEqual(['disabled']);

    const { cookie: officer } = await loginAs(context, 'officer.hushu');
    const { units } = (
      await inject({ method: 'GET', url: '/api/units', headers: { cookie: officer } })
    ).json();
    expect(units.find((candidate: { id: string }) => candidate.id === unit.id)).toMatchObject({
      disabled: true,
    });

    // No new user may be placed in a disabled unit.
    const placed = await inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: {
        username: 'officer.valley2',
        displayName: '智慧网谷 新人',
        role: 'UNIT_OFFICER',
        unitId: unit.id,
        password: 'Start#2026ok',
      },
    });
    expect(placed.statusCode).toBe(400);
    expect(placed.json().issues[0].field).toBe('body.unitId');

    expect(
      (await inject({ method: 'DELETE', url: `/api/units/${unit.id}`, headers: { cookie } })).statusCode,
    ).toBe(404);
  });

  it('answers 404 for an unknown unit and 400 for a bad body', async () => {
    const cookie = await admin();
    const missing = await inject({
      method: 'PATCH',
      url: '/api/units/00000000-0000-7000-8000-000000000000',
      headers: { cookie },
      payload: { sortOrder: 3 },
    });
    expect(missing.statusCode).toBe(404);
    const bad = await inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie },
      payload: newUnit({ code: 'Bad Code', type: 'CITY' }),
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .issues.map((issue: { field: string }) => issue.field)
        .sort(),
    ).toEqual(['body.code', 'body.type']);
    const empty = await inject({
      method: 'PATCH',
      url: `/api/units/${(await prisma().unit.findFirstOrThrow()).id}`,
      headers: { cookie },
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
  });

  it('keeps the audit chain intact through all of it', async () => {
    expect(await verifyAuditChain(prisma())).toMatchObject({ ok: true });
  });
});
