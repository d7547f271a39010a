import { ledgerDate, toIsoDate } from '@ledger/domain/calendar';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';

import { hushuItems, multipartForm, png } from './evidence-fixtures';
import { loginAs, useTestApp } from './helpers';

interface AuditRecord {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  outcome: 'SUCCESS' | 'FAILURE';
  after: Record<string, unknown> | null;
}

describe('audit trail (审计日志)', () => {
  const context = useTestApp({ seed: true });
  const inject = (options: InjectOptions) => context.app.inject(options);
  const sessions: Record<string, { cookie: string }> = {};
  let today: string;
  let progressId: string;
  let evidenceId: string;
  let officerId: string;

  beforeAll(async () => {
    today = toIsoDate(context.app.ledgerToday());
    for (const username of ['officer.hushu', 'auditor', 'coordinator', 'admin', 'leader']) {
      sessions[username] = await loginAs(context, username);
    }
    const items = await hushuItems(context.db.prisma);
    const progress = await inject({
      method: 'POST',
      url: `/api/items/${items.open.id}/progress`,
      headers: sessions['officer.hushu']!,
      payload: { reportedOn: today, content: '完成雨污分流改造', percent: 60 },
    });
    expect(progress.statusCode, progress.body).toBe(201);
    progressId = progress.json().id;
    officerId = progress.json().author.id;
    const form = multipartForm({ provesDate: today, progressEntryId: progressId }, [
      { name: '改造后.png', content: png },
    ]);
    const evidence = await inject({
      method: 'POST',
      url: `/api/items/${items.open.id}/evidence`,
      headers: { ...sessions['officer.hushu']!, ...form.headers },
      payload: form.payload,
    });
    expect(evidence.statusCode, evidence.body).toBe(201);
    evidenceId = evidence.json().id;
  });

  const query = (params: Record<string, string | number>, username = 'auditor') =>
    inject({
      method: 'GET',
      url: '/api/audit',
      query: Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)])),
      headers: sessions[username]!,
    });

  it('answers records newest first, with the actor name, to auditors and the coordination group', async () => {
    for (const username of ['auditor', 'coordinator']) {
      const response = await query({}, username);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json();
      expect(page).toMatchObject({ page: 1, pageSize: 50 });
      expect(page.total).toBeGreaterThanOrEqual(page.records.length);
      const ids = page.records.map((record: AuditRecord) => BigInt(record.id));
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
      expect(page.records[0]).toMatchObject({ actorName: expect.any(String), hash: expect.any(String) });
    }
  });

  it('refuses everybody else with 403 naming read:audit:any', async () => {
    for (const username of ['officer.hushu', 'admin', 'leader']) {
      const response = await query({}, username);
      expect(response.statusCode).toBe(403);
      expect(response.json().missingPermission).toBe('read:audit:any');
    }
    const verify = await inject({ method: 'GET', url: '/api/audit/verify', headers: sessions['leader']! });
    expect(verify.statusCode).toBe(403);
    expect(verify.json().missingPermission).toBe('verify:audit:any');
  });

  it('filters by entity and entity id', async () => {
    const response = await query({ entity: 'ProgressEntry', entityId: progressId });
    expect(response.json()).toMatchObject({ total: 1 });
    expect(response.json().records[0]).toMatchObject({
      action: 'progress.create',
      entityType: 'ProgressEntry',
      entityId: progressId,
      actorId: officerId,
      actorName: expect.stringContaining('湖墅街道'),
      outcome: 'SUCCESS',
      after: { percent: 60, content: '完成雨污分流改造' },
    });
  });

  it('filters by action and by actor (id, or part of the name)', async () => {
    const uploads = (await query({ action: 'evidence.upload' })).json();
    expect(uploads.total).toBe(1);
    expect(uploads.records[0]).toMatchObject({
      entityId: evidenceId,
      after: { progressEntryId: progressId },
    });

    const byId = (await query({ actor: officerId, pageSize: 200 })).json();
    expect(byId.total).toBeGreaterThanOrEqual(3); // login, progress, upload
    expect(byId.records.every((record: AuditRecord) => record.actorId === officerId)).toBe(true);

    const byName = (await query({ actor: '湖墅街道', action: 'progress.create' })).json();
    expect(byName.total).toBe(1);
  });

  it('filters by time: whole days in China Standard Time, or exact instants', async () => {
    const all = (await query({ pageSize: 200 })).json();
    // Records carry the wall-clock time, whatever day the app is told it is.
    const wallClockDay = toIsoDate(ledgerDate(new Date()));
    const inToday = (await query({ from: wallClockDay, to: wallClockDay, pageSize: 200 })).json();
    expect(inToday.total).toBe(all.total);

    const newest: AuditRecord = all.records[0];
    const after = (await query({ from: new Date(Date.parse(newest.occurredAt) + 1).toISOString() })).json();
    expect(after.total).toBe(0);
    const upTo = (await query({ to: newest.occurredAt })).json();
    expect(upTo.total).toBe(
      all.total - all.records.filter((r: AuditRecord) => r.occurredAt === newest.occurredAt).length,
    );

    const lastYear = (await query({ from: '2000-01-01', to: '2000-12-31' })).json();
    expect(lastYear).toMatchObject({ total: 0, records: [] });

    const bad = await query({ from: 'yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('querystring.from');
  });

  it('pages', async () => {
    const first = (await query({ pageSize: 2, page: 1 })).json();
    const second = (await query({ pageSize: 2, page: 2 })).json();
    expect(first.records).toHaveLength(2);
    expect(second).toMatchObject({ page: 2, pageSize: 2, total: first.total });
    expect(BigInt(second.records[0].id)).toBeLessThan(BigInt(first.records[1].id));
    expect((await query({ pageSize: 500 })).statusCode).toBe(400);
  });

  it('verifies the chain, then finds the row an attacker with superuser rights edited', async () => {
    const verify = () => inject({ method: 'GET', url: '/api/audit/verify', headers: sessions['auditor']! });
    const count = await context.db.prisma.auditLog.count();
    const ok = await verify();
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({
      ok: true,
      checked: count,
      lastHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    // The trigger refuses UPDATE from anyone (packages/db/test/audit-log.test.ts), so an attacker
    // with superuser rights switches it off first.
    const target = await context.db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'progress.create', entityId: progressId },
    });
    await context.db.prisma.$transaction([
      context.db.prisma.$executeRawUnsafe('ALTER TABLE "AuditLog" DISABLE TRIGGER "AuditLog_append_only"'),
      context.db.prisma
        .$executeRaw`UPDATE "AuditLog" SET "after" = jsonb_set("after", '{percent}', '100') WHERE "id" = ${target.id}`,
      context.db.prisma.$executeRawUnsafe('ALTER TABLE "AuditLog" ENABLE TRIGGER "AuditLog_append_only"'),
    ]);

    const broken = await verify();
    expect(broken.statusCode).toBe(200);
    expect(broken.json()).toEqual({
      ok: false,
      firstBrokenId: target.id.toString(),
      checked: expect.any(Number),
    });
    expect(broken.json().checked).toBe(
      await context.db.prisma.auditLog.count({ where: { id: { lt: target.id } } }),
    );

    // Each check is on record, with what it found.
    const checks = (await query({ action: 'audit.verify' })).json();
    expect(checks.records.map((record: AuditRecord) => record.outcome)).toEqual(['FAILURE', 'SUCCESS']);
  });
});
