/**
 * 整改预警日报: the daily run on the demo ledger (PostgreSQL): one digest per person and day with
 * the sections their role and unit call for, nothing for a person or a unit with nothing to say,
 * a repeat run and a second process writing nothing more, a crashed run taken over; and the
 * notification centre's endpoints, where a person reaches only their own notifications.
 */
import { verifyAuditChain } from '@ledger/db/audit';
import { openDatabase, type Database } from '@ledger/db/database';
import { addDays, ledgerDate, toIsoDate } from '@ledger/domain/calendar';
import { deadlineFacts } from '@ledger/domain/items';
import { DIGEST_SECTION_LIMIT, type Digest, type NotificationList } from '@ledger/domain/notifications';
import type { TodoList } from '@ledger/domain/todo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DAILY_DIGEST, runDailyDigest } from '../src/services/digest';
import { loginAs, SEED_TODAY, useTestApp } from './helpers';

const silent = { info: () => {}, warn: () => {} };

describe('the daily digest (整改预警日报)', () => {
  const context = useTestApp({ seed: true });
  const prisma = () => context.db.prisma;
  const today = ledgerDate(SEED_TODAY);
  const units: Record<string, { id: string; name: string }> = {};
  const users: Record<string, string> = {};
  let lateNoticeId = '';
  /** a second database client, as a second server process would hold */
  let second: Database | undefined;

  beforeAll(async () => {
    for (const unit of await prisma().unit.findMany({ select: { id: true, code: true, name: true } })) {
      units[unit.code] = unit;
    }
    for (const user of await prisma().user.findMany({ select: { id: true, username: true } })) {
      users[user.username] = user.id;
    }
    // A unit whose items are all closed or far from their deadline, with its own people and robot.
    const quiet = await prisma().unit.create({
      data: {
        code: 'park-quiet',
        name: '安静园区',
        type: 'PARK',
        webhookUrl: 'https://robot.example.com/quiet',
      },
    });
    units['park-quiet'] = quiet;
    for (const [username, role] of [
      ['officer.quiet', 'UNIT_OFFICER'],
      ['head.quiet', 'UNIT_HEAD'],
    ] as const) {
      const user = await prisma().user.create({
        data: { username, displayName: username, passwordHash: 'x', role, unitId: quiet.id },
      });
      users[username] = user.id;
    }
    const item = (number: string, status: 'CLOSED' | 'IN_PROGRESS', deadline: Date) => ({
      kind: 'TASK' as const,
      number,
      title: `安静园区事项 ${number}`,
      leadUnitId: quiet.id,
      deadline,
      originalDeadline: deadline,
      warningDate: addDays(deadline, -7),
      timeLimitType: 'SHORT_TERM' as const,
      status,
      closedOn: status === 'CLOSED' ? addDays(today, -30) : null,
    });
    await prisma().ledgerItem.createMany({
      data: [
        item('QUIET-1', 'CLOSED', addDays(today, -10)),
        item('QUIET-2', 'IN_PROGRESS', addDays(today, 90)),
      ],
    });
    await prisma().unit.update({
      where: { id: units['street-hushu']!.id },
      data: { webhookUrl: 'https://robot.example.com/hushu?access_token=secret' },
    });

    // A notice whose response date passed yesterday, not yet marked: the run marks it first.
    const late = await prisma().ledgerItem.findFirstOrThrow({
      where: { status: 'IN_PROGRESS', supervisionNotices: { none: {} } },
    });
    lateNoticeId = (
      await prisma().supervisionNotice.create({
        data: {
          itemId: late.id,
          unitId: late.leadUnitId,
          level: 'YELLOW',
          reason: '请加快推进',
          responseDueOn: addDays(today, -1),
          issuedById: users.coordinator!,
        },
      })
    ).id;

    second =
      context.database.kind === 'postgres'
        ? await openDatabase({ databaseUrl: context.database.url, dataDir: '', logger: silent })
        : undefined;
  });
  afterAll(async () => {
    await second?.close();
  });

  /** What the ledger says, item by item, with the domain's own rule (not the digest's SQL). */
  async function expectedItemCounts(unitId: string | null) {
    const items = await prisma().ledgerItem.findMany({
      where: unitId ? { unitIds: { has: unitId } } : {},
      select: { deadline: true, warningDate: true, status: true },
    });
    const facts = items.map((item) => deadlineFacts(item, today));
    return {
      overdue: facts.filter((fact) => fact.overdue).length,
      dueSoon: facts.filter((fact) => fact.dueSoon).length,
    };
  }

  async function digestOf(username: string, day = today): Promise<Digest | undefined> {
    const row = await prisma().notification.findUnique({
      where: { userId_kind_digestOn: { userId: users[username]!, kind: 'digest', digestOn: day } },
    });
    return row ? (row.payload as unknown as Digest) : undefined;
  }

  const sectionOf = (digest: Digest | undefined, key: string) =>
    digest?.sections.find((entry) => entry.key === key);

  async function todoOf(username: string) {
    const { cookie } = await loginAs(context, username);
    const response = await context.app.inject({ method: 'GET', url: '/api/todo', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    return (response.json() as TodoList).groups.filter((group) => group.total > 0);
  }

  function expectItemSections(digest: Digest | undefined, expected: { overdue: number; dueSoon: number }) {
    for (const [key, total] of [
      ['overdue', expected.overdue],
      ['due-soon', expected.dueSoon],
    ] as const) {
      const found = sectionOf(digest, key);
      if (total === 0) {
        expect(found, key).toBeUndefined();
        continue;
      }
      expect(found?.total, key).toBe(total);
      expect(found!.entries).toHaveLength(Math.min(total, DIGEST_SECTION_LIMIT));
      const dueOn = found!.entries.map((entry) => entry.dueOn);
      expect(dueOn).toEqual([...dueOn].sort());
      for (const entry of found!.entries) {
        if (key === 'overdue') expect(entry.daysLeft).toBeLessThan(0);
        else expect(entry.daysLeft).toBeGreaterThanOrEqual(0);
      }
    }
  }

  it('writes one digest per person with the sections of their role and unit', async () => {
    const run = await runDailyDigest(prisma(), today);
    expect(run).toMatchObject({ outcome: 'ran', takenOver: false });

    // A unit's officer: the unit's items (led or cooperated on), its notices, the officer's to-dos.
    const hushu = units['street-hushu']!;
    const hushuCounts = await expectedItemCounts(hushu.id);
    expect(hushuCounts.overdue + hushuCounts.dueSoon).toBeGreaterThan(0);
    const officer = await digestOf('officer.hushu');
    expect(officer?.scope).toEqual({ kind: 'unit', unitId: hushu.id, unitName: '湖墅街道' });
    expectItemSections(officer, hushuCounts);
    const hushuNotices = await prisma().supervisionNotice.count({
      where: { unitId: hushu.id, status: { in: ['ISSUED', 'OVERDUE'] } },
    });
    expect(sectionOf(officer, 'notices-to-respond')?.total).toBe(hushuNotices || undefined);
    // A unit with a notice to answer finds it in every one of its people's digests.
    const issued = await prisma().supervisionNotice.findFirstOrThrow({ where: { status: 'ISSUED' } });
    const noticed = await prisma().user.findMany({
      where: { unitId: issued.unitId },
      select: { username: true },
    });
    expect(noticed.length).toBeGreaterThan(0);
    for (const { username } of noticed) {
      const notices = sectionOf(await digestOf(username), 'notices-to-respond');
      expect(notices?.total, username).toBe(
        await prisma().supervisionNotice.count({
          where: { unitId: issued.unitId, status: { in: ['ISSUED', 'OVERDUE'] } },
        }),
      );
      expect(notices?.entries.map((entry) => entry.itemId)).toContain(issued.itemId);
    }
    const officerTodo = await todoOf('officer.hushu');
    for (const group of officerTodo)
      expect(sectionOf(officer, group.key)?.total, group.key).toBe(group.total);

    // The unit's head: the same unit sections, and their own to-dos (what waits for a signature).
    const head = await digestOf('head.hushu');
    expectItemSections(head, hushuCounts);
    const headTodo = await todoOf('head.hushu');
    const todoKeys = (digest: Digest | undefined) =>
      digest?.sections.filter(
        (entry) => !['overdue', 'due-soon'].includes(entry.key) && !entry.key.startsWith('notices-'),
      );
    expect(todoKeys(head)?.map((entry) => [entry.key, entry.total])).toEqual(
      headTodo.map((group) => [group.key, group.total]),
    );

    // The coordinator: the whole district, the notices to follow up, the steps waiting for them.
    const coordinator = await digestOf('coordinator');
    expect(coordinator?.scope).toEqual({ kind: 'district' });
    expectItemSections(coordinator, await expectedItemCounts(null));
    const overdueNotices = await prisma().supervisionNotice.count({
      where: { OR: [{ status: 'OVERDUE' }, { status: 'ISSUED', responseDueOn: { lt: today } }] },
    });
    expect(overdueNotices).toBeGreaterThan(1);
    expect(await prisma().supervisionNotice.findUniqueOrThrow({ where: { id: lateNoticeId } })).toMatchObject(
      {
        status: 'OVERDUE',
      },
    );
    expect(sectionOf(coordinator, 'notices-overdue')?.total).toBe(overdueNotices);
    expect(sectionOf(coordinator, 'notices-to-respond')).toBeUndefined();
    const coordinatorTodo = await todoOf('coordinator');
    expect(todoKeys(coordinator)?.map((entry) => entry.key)).toEqual(
      coordinatorTodo.map((group) => group.key),
    );

    // The text says it, too: title, body, and the unit's robot message.
    const row = await prisma().notification.findFirstOrThrow({ where: { userId: users['officer.hushu'] } });
    expect(row.title).toMatch(new RegExp(`^整改预警日报 ${toIsoDate(today)}：`));
    expect(row.body).toContain('【整改台账】');
    expect(row.body).toContain('（湖墅街道）');
    const delivery = await prisma().webhookDelivery.findFirstOrThrow({ where: { unitId: hushu.id } });
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: 0, kind: 'digest' });
    const payload = delivery.payload as { msgtype: string; text: { content: string } };
    expect(payload.msgtype).toBe('text');
    expect(payload.text.content).toContain('湖墅街道');
    expect(payload.text.content).toContain(officer!.sections[0]!.label);
  });

  it('writes nothing for a person or a unit with nothing to say', async () => {
    // An auditor watches; the admin holds no business rights; the quiet park's items are closed or far off.
    for (const username of ['auditor', 'admin', 'officer.quiet', 'head.quiet']) {
      expect(await digestOf(username), username).toBeUndefined();
    }
    expect(await prisma().webhookDelivery.count({ where: { unitId: units['park-quiet']!.id } })).toBe(0);
    // Everyone who got one got exactly one, and the run's result counts them.
    const written = await prisma().notification.groupBy({
      by: ['userId'],
      where: { kind: 'digest', digestOn: today },
      _count: true,
    });
    expect(written.every((entry) => entry._count === 1)).toBe(true);
    const run = await prisma().scheduledRun.findUniqueOrThrow({
      where: { name_runOn: { name: DAILY_DIGEST, runOn: today } },
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.result).toMatchObject({ notifications: written.length, deliveries: 1 });
  });

  it('runs a day once: a second run writes nothing', async () => {
    const before = await prisma().notification.count();
    const audits = await prisma().auditLog.count({ where: { action: 'digest.run' } });
    expect(await runDailyDigest(prisma(), today)).toEqual({ outcome: 'done' });
    expect(await prisma().notification.count()).toBe(before);
    expect(await prisma().webhookDelivery.count()).toBe(1);
    expect(await prisma().auditLog.count({ where: { action: 'digest.run' } })).toBe(audits);
  });

  it('writes one set of digests when two processes run the same day at once', async () => {
    const day = addDays(today, 1);
    const other = second?.prisma ?? prisma();
    const outcomes = await Promise.all([runDailyDigest(prisma(), day), runDailyDigest(other, day)]);
    const ran = outcomes.filter((outcome) => outcome.outcome === 'ran');
    expect(ran).toHaveLength(1);
    expect(
      outcomes.filter((outcome) => outcome.outcome !== 'ran').map((outcome) => outcome.outcome)[0],
    ).toMatch(/^(busy|done)$/);
    const result = ran[0]!.outcome === 'ran' ? ran[0]!.result : undefined;
    expect(result!.notifications).toBeGreaterThan(0);
    expect(await prisma().notification.count({ where: { digestOn: day } })).toBe(result!.notifications);
    expect(await prisma().webhookDelivery.count({ where: { digestOn: day } })).toBe(result!.deliveries);
    expect(
      await prisma().auditLog.count({
        where: { action: 'digest.run', entityId: `${DAILY_DIGEST}:${toIsoDate(day)}` },
      }),
    ).toBe(1);
  });

  it('takes over a run whose process died, and leaves a live one alone', async () => {
    const crashedDay = addDays(today, 2);
    await prisma().scheduledRun.create({
      data: {
        name: DAILY_DIGEST,
        runOn: crashedDay,
        status: 'RUNNING',
        startedAt: new Date(Date.now() - 30 * 60_000),
        heartbeatAt: new Date(Date.now() - 20 * 60_000),
      },
    });
    const takenOver = await runDailyDigest(prisma(), crashedDay);
    expect(takenOver).toMatchObject({ outcome: 'ran', takenOver: true });
    expect(await prisma().notification.count({ where: { digestOn: crashedDay } })).toBeGreaterThan(0);
    expect(
      await prisma().scheduledRun.findUniqueOrThrow({
        where: { name_runOn: { name: DAILY_DIGEST, runOn: crashedDay } },
      }),
    ).toMatchObject({ status: 'SUCCEEDED' });

    const liveDay = addDays(today, 3);
    await prisma().scheduledRun.create({ data: { name: DAILY_DIGEST, runOn: liveDay, status: 'RUNNING' } });
    expect(await runDailyDigest(prisma(), liveDay)).toEqual({ outcome: 'busy' });
    expect(await prisma().notification.count({ where: { digestOn: liveDay } })).toBe(0);
  });

  it('records a failed run and runs it again on the next attempt', async () => {
    const day = addDays(today, 4);
    await expect(
      runDailyDigest(prisma(), day, {
        beforeCompute: () => Promise.reject(new Error('督办标记失败')),
      }),
    ).rejects.toThrow('督办标记失败');
    expect(
      await prisma().scheduledRun.findUniqueOrThrow({
        where: { name_runOn: { name: DAILY_DIGEST, runOn: day } },
      }),
    ).toMatchObject({ status: 'FAILED', error: '督办标记失败' });
    expect(await prisma().notification.count({ where: { digestOn: day } })).toBe(0);
    expect(await runDailyDigest(prisma(), day)).toMatchObject({ outcome: 'ran', takenOver: true });
    expect(await verifyAuditChain(prisma())).toMatchObject({ ok: true });
  });

  describe('the notification centre', () => {
    // One session per user: logging in before every request would run into the login rate limit.
    const sessions = new Map<string, string>();
    const cookieOf = async (username: string) => {
      if (!sessions.has(username)) sessions.set(username, (await loginAs(context, username)).cookie);
      return sessions.get(username)!;
    };
    const get = async (username: string, url: string) =>
      context.app.inject({ method: 'GET', url, headers: { cookie: await cookieOf(username) } });
    const post = async (username: string, url: string) =>
      context.app.inject({ method: 'POST', url, headers: { cookie: await cookieOf(username) } });

    it('lists the caller’s own notifications, newest first, with unread counts', async () => {
      const response = await get('officer.hushu', '/api/notifications?pageSize=2');
      expect(response.statusCode).toBe(200);
      const list = response.json() as NotificationList;
      const own = await prisma().notification.count({ where: { userId: users['officer.hushu'] } });
      expect(own).toBeGreaterThanOrEqual(3);
      expect(list).toMatchObject({ total: own, unreadCount: own, page: 1, pageSize: 2 });
      expect(list.notifications).toHaveLength(2);
      expect(list.notifications[0]!.digest?.scope).toMatchObject({ kind: 'unit', unitName: '湖墅街道' });
      expect(list.notifications[0]!.createdAt >= list.notifications[1]!.createdAt).toBe(true);

      const count = await get('officer.hushu', '/api/notifications/unread-count');
      expect(count.json()).toEqual({ count: own });
      expect((await get('auditor', '/api/notifications')).json()).toMatchObject({ total: 0, unreadCount: 0 });
      const bad = await get('officer.hushu', '/api/notifications?unread=maybe');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toContain('unread');
    });

    it('marks one read, and answers 404 for someone else’s', async () => {
      const mine = await prisma().notification.findFirstOrThrow({
        where: { userId: users['officer.hushu'] },
      });
      const theirs = await prisma().notification.findFirstOrThrow({ where: { userId: users.coordinator } });

      const refused = await post('officer.hushu', `/api/notifications/${theirs.id}/read`);
      expect(refused.statusCode).toBe(404);
      expect((await prisma().notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();

      const audits = await prisma().auditLog.count({ where: { action: 'notification.read' } });
      const read = await post('officer.hushu', `/api/notifications/${mine.id}/read`);
      expect(read.statusCode).toBe(200);
      expect(read.json().notification.readAt).not.toBeNull();
      // Again: nothing changes, nothing more on record.
      expect((await post('officer.hushu', `/api/notifications/${mine.id}/read`)).statusCode).toBe(200);
      expect(await prisma().auditLog.count({ where: { action: 'notification.read' } })).toBe(audits + 1);

      const unread = (
        await get('officer.hushu', '/api/notifications?unread=true')
      ).json() as NotificationList;
      expect(unread.notifications.map((entry) => entry.id)).not.toContain(mine.id);
      expect(unread.total).toBe(unread.unreadCount);
      expect((await post('officer.hushu', '/api/notifications/not-an-id/read')).statusCode).toBe(400);
    });

    it('marks all of the caller’s read, and no one else’s', async () => {
      const othersUnread = await prisma().notification.count({
        where: { userId: { not: users['officer.hushu'] }, readAt: null },
      });
      const response = await post('officer.hushu', '/api/notifications/read-all');
      expect(response.statusCode).toBe(200);
      expect(response.json().updated).toBeGreaterThan(0);
      expect((await get('officer.hushu', '/api/notifications/unread-count')).json()).toEqual({ count: 0 });
      expect(
        await prisma().notification.count({
          where: { userId: { not: users['officer.hushu'] }, readAt: null },
        }),
      ).toBe(othersUnread);
      expect((await post('officer.hushu', '/api/notifications/read-all')).json()).toEqual({ updated: 0 });
    });

    it('needs a login', async () => {
      const response = await context.app.inject({ method: 'GET', url: '/api/notifications' });
      expect(response.statusCode).toBe(401);
    });
  });
});
