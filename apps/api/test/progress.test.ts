import { addDays, toIsoDate } from '@ledger/domain/calendar';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';

import { hushuItems } from './evidence-fixtures';
import { loginAs, useTestApp } from './helpers';

describe('progress reports (整改进展)', () => {
  const context = useTestApp({ seed: true });
  const inject = (options: InjectOptions) => context.app.inject(options);
  let items: Awaited<ReturnType<typeof hushuItems>>;
  const sessions: Record<string, { cookie: string }> = {};
  let today: string;
  const daysFromToday = (days: number) => toIsoDate(addDays(context.app.ledgerToday(), days));

  beforeAll(async () => {
    today = daysFromToday(0);
    items = await hushuItems(context.db.prisma);
    for (const username of ['officer.hushu', 'head.hushu', 'auditor', 'coordinator']) {
      sessions[username] = await loginAs(context, username);
    }
  });

  const post = (username: string, itemId: string, payload: unknown) =>
    inject({
      method: 'POST',
      url: `/api/items/${itemId}/progress`,
      headers: sessions[username]!,
      payload: payload as object,
    });
  const auditCount = () => context.db.prisma.auditLog.count({ where: { action: 'progress.create' } });

  it('records a report by an officer of the lead unit, with exactly one audit record', async () => {
    const before = await auditCount();
    const response = await post('officer.hushu', items.open.id, {
      reportedOn: today,
      content: '已完成沿河排口封堵，正在开展水质复测。',
      percent: 70,
    });
    expect(response.statusCode, response.body).toBe(201);
    const entry = response.json();
    expect(entry).toMatchObject({
      itemId: items.open.id,
      reportedOn: today,
      content: '已完成沿河排口封堵，正在开展水质复测。',
      percent: 70,
      unit: { id: items.unitId, name: '湖墅街道' },
      author: { displayName: expect.stringContaining('湖墅街道') },
    });

    const row = await context.db.prisma.progressEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(row).toMatchObject({ itemId: items.open.id, unitId: items.unitId, percent: 70 });
    expect(toIsoDate(row.reportedOn)).toBe(today);

    expect(await auditCount()).toBe(before + 1);
    const record = await context.db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'progress.create', entityId: entry.id },
    });
    expect(record).toMatchObject({
      entityType: 'ProgressEntry',
      outcome: 'SUCCESS',
      actorId: entry.author.id,
      after: { itemId: items.open.id, reportedOn: today, percent: 70 },
    });
    expect(record.ip).toBeTruthy();

    const detail = await inject({
      method: 'GET',
      url: `/api/items/${items.open.id}`,
      headers: sessions['officer.hushu']!,
    });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().latestPercent).toBe(70);
    expect(detail.json().timeline).toContainEqual(
      expect.objectContaining({
        type: 'progress',
        on: today,
        percent: 70,
        detail: '已完成沿河排口封堵，正在开展水质复测。',
        actor: entry.author,
      }),
    );
  });

  it('takes a report without a percent, from the unit head too', async () => {
    const response = await post('head.hushu', items.open.id, {
      reportedOn: daysFromToday(-3),
      content: '召开专题推进会。',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().percent).toBeNull();
  });

  it("answers 404 for another unit's item and for an unknown one, writing nothing", async () => {
    const before = await auditCount();
    const entries = await context.db.prisma.progressEntry.count();
    const payload = { reportedOn: today, content: '越权填报' };
    for (const itemId of [items.foreign.id, '01890a5d-ac96-774b-bcce-b302099a8057']) {
      const response = await post('officer.hushu', itemId, payload);
      expect(response.statusCode).toBe(404);
    }
    expect(await context.db.prisma.progressEntry.count()).toBe(entries);
    expect(await auditCount()).toBe(before);
  });

  it('refuses readers without the permission with 403 naming it', async () => {
    for (const username of ['auditor', 'coordinator']) {
      const response = await post(username, items.open.id, { reportedOn: today, content: '审计不填报进展' });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ missingPermission: 'create:progress:own-unit' });
      expect(response.json().message).toContain('create:progress:own-unit');
    }
  });

  it.each([
    ['an impossible date', () => ({ reportedOn: '2026-02-30', content: '进展' }), 'body.reportedOn'],
    ['a date that is not a date', () => ({ reportedOn: '上周五', content: '进展' }), 'body.reportedOn'],
    ['a date in the future', () => ({ reportedOn: daysFromToday(2), content: '进展' }), 'body.reportedOn'],
    ['a percent above 100', () => ({ reportedOn: today, content: '进展', percent: 150 }), 'body.percent'],
    ['a fractional percent', () => ({ reportedOn: today, content: '进展', percent: 12.5 }), 'body.percent'],
    ['a negative percent', () => ({ reportedOn: today, content: '进展', percent: -1 }), 'body.percent'],
    ['a percent as text', () => ({ reportedOn: today, content: '进展', percent: '80%' }), 'body.percent'],
    ['an empty narrative', () => ({ reportedOn: today, content: '   ' }), 'body.content'],
    [
      'a field the API does not know',
      () => ({ reportedOn: today, content: '进展', unitId: '01890a5d-ac96-774b-bcce-b302099a8057' }),
      'body',
    ],
  ])('answers 400 naming the field for %s', async (_case, payload, field) => {
    const before = await auditCount();
    const response = await post('officer.hushu', items.open.id, payload());
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    expect(body.message).toContain(field);
    expect(await auditCount()).toBe(before);
  });

  it('answers 409 for a closed item (its record is final)', async () => {
    const response = await post('officer.hushu', items.closed.id, { reportedOn: today, content: '补报' });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toContain('已销号');
  });
});
