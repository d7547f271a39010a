/**
 * 预警推送: webhook deliveries against a real local HTTP server standing in for a unit's robot —
 * retried with backoff until it answers 2xx, given up after the allowed attempts, each attempt on
 * record; the push log and its retry endpoint; and the scheduler inside the app catching up the
 * day's digest on start and pushing it, then stopping cleanly when the app closes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { verifyAuditChain } from '@ledger/db/audit';
import { openDatabase } from '@ledger/db/database';
import { ledgerDate, toIsoDate } from '@ledger/domain/calendar';
import type { DeliveryList, DeliveryView } from '@ledger/domain/notifications';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { buildApp } from '../src/app';
import { DAILY_DIGEST } from '../src/services/digest';
import { deliverDueWebhooks, type WebhookSettings } from '../src/services/webhooks';
import { loginAs, SEED_TODAY, useTestApp } from './helpers';

/** A robot that answers each POST as the test says, and keeps what it received. */
interface Robot {
  url: string;
  received: { path: string; body: unknown }[];
  answer: (request: IncomingMessage, response: ServerResponse, index: number) => void;
}

const reply = (status: number, body: unknown = { errcode: 0, errmsg: 'ok' }) =>
  ((_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  }) satisfies Robot['answer'];

const settings: WebhookSettings = { maxAttempts: 3, backoffMs: 40, timeoutMs: 2_000 };
const silent = { info: () => {}, warn: () => {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('webhook deliveries (预警推送)', () => {
  const context = useTestApp({ seed: true });
  const prisma = () => context.db.prisma;
  let server: Server;
  const robot: Robot = { url: '', received: [], answer: reply(200) };
  let unitId: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        robot.received.push({
          path: request.url ?? '',
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        robot.answer(request, response, robot.received.length);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    robot.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot/send?access_token=secret-token`;
    unitId = (await prisma().unit.findUniqueOrThrow({ where: { code: 'street-hushu' } })).id;
    // Straight into the table: the API takes only https robots on a domain name, this one is local.
    await prisma().unit.update({ where: { id: unitId }, data: { webhookUrl: robot.url } });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    robot.received.length = 0;
  });

  let serial = 0;
  async function pendingDelivery() {
    return prisma().webhookDelivery.create({
      data: {
        unitId,
        url: robot.url,
        kind: `test-${++serial}`,
        payload: { msgtype: 'text', text: { content: `【整改台账】测试推送 ${serial}` } },
      },
    });
  }

  /** Runs the delivery loop until the delivery is no longer pending (backoffs pass in between). */
  async function deliverUntilSettled(id: string) {
    for (let round = 0; round < 100; round++) {
      await deliverDueWebhooks(prisma(), settings);
      const row = await prisma().webhookDelivery.findUniqueOrThrow({ where: { id } });
      if (row.status !== 'PENDING') return row;
      await sleep(20);
    }
    throw new Error('delivery still pending');
  }

  async function log(username: string, query = ''): Promise<DeliveryList> {
    const { cookie } = await loginAs(context, username);
    const response = await context.app.inject({
      method: 'GET',
      url: `/api/webhook-deliveries${query}`,
      headers: { cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  it('retries with backoff until the robot answers 2xx, each attempt on record', async () => {
    robot.answer = (request, response, index) =>
      (index <= 2 ? reply(500, { error: '忙' }) : reply(200))(request, response);
    const delivery = await pendingDelivery();
    const row = await deliverUntilSettled(delivery.id);

    expect(row).toMatchObject({
      status: 'DELIVERED',
      attempts: 3,
      responseStatus: 200,
      lastError: null,
      nextTryAt: null,
    });
    expect(row.deliveredAt).not.toBeNull();
    expect(robot.received).toHaveLength(3);
    expect(robot.received[0]).toEqual({
      path: '/robot/send?access_token=secret-token',
      body: { msgtype: 'text', text: { content: `【整改台账】测试推送 ${serial}` } },
    });

    const entry = (await log('coordinator')).deliveries.find((candidate) => candidate.id === delivery.id)!;
    expect(
      entry.attemptLog.map(({ attempt, delivered, responseStatus }) => ({
        attempt,
        delivered,
        responseStatus,
      })),
    ).toEqual([
      { attempt: 1, delivered: false, responseStatus: 500 },
      { attempt: 2, delivered: false, responseStatus: 500 },
      { attempt: 3, delivered: true, responseStatus: 200 },
    ]);
    expect(entry.attemptLog[0]!.error).toContain('HTTP 500');
    // The robot's token is for those who manage units only.
    expect(entry.url).toBe(`${robot.url.split('?')[0]}?access_token=***`);
    const forAdmin = (await log('admin')).deliveries.find((candidate) => candidate.id === delivery.id)!;
    expect(forAdmin.url).toBe(robot.url);
    expect(entry.content).toBe(`【整改台账】测试推送 ${serial}`);
  });

  it('gives up after the allowed attempts, and waits longer after each failure', async () => {
    robot.answer = reply(503, { error: 'down' });
    const delivery = await pendingDelivery();
    await deliverDueWebhooks(prisma(), { ...settings, backoffMs: 60_000 });
    const waiting = await prisma().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(waiting).toMatchObject({ status: 'PENDING', attempts: 1, responseStatus: 503 });
    expect(waiting.nextTryAt!.getTime() - Date.now()).toBeGreaterThan(50_000);
    // Not due yet: nothing is sent.
    expect(await deliverDueWebhooks(prisma(), settings)).toBe(0);
    expect(robot.received).toHaveLength(1);

    await prisma().webhookDelivery.update({ where: { id: delivery.id }, data: { nextTryAt: new Date() } });
    const row = await deliverUntilSettled(delivery.id);
    expect(row).toMatchObject({ status: 'FAILED', attempts: 3, responseStatus: 503, nextTryAt: null });
    expect(row.lastError).toContain('HTTP 503');
    expect(robot.received).toHaveLength(3);
    const failed = await log('coordinator', '?status=FAILED');
    expect(failed.deliveries.map((entry) => entry.id)).toContain(delivery.id);
    expect(failed.deliveries.every((entry) => entry.status === 'FAILED')).toBe(true);
  });

  it('counts a timeout, a refused connection and a robot’s errcode as failures', async () => {
    robot.answer = reply(200, { errcode: 310000, errmsg: 'keywords not in content' });
    const refused = await deliverUntilSettled((await pendingDelivery()).id);
    expect(refused).toMatchObject({ status: 'FAILED', responseStatus: 200 });
    expect(refused.lastError).toContain('310000');

    robot.answer = () => {}; // never answers
    const slow = await prisma().webhookDelivery.create({
      data: {
        unitId,
        url: robot.url,
        kind: 'test-timeout',
        payload: { msgtype: 'text', text: { content: '慢' } },
      },
    });
    // A long backoff: the next attempt must not come within this test.
    await deliverDueWebhooks(prisma(), { ...settings, timeoutMs: 200, backoffMs: 60_000 });
    const timedOut = await prisma().webhookDelivery.findUniqueOrThrow({ where: { id: slow.id } });
    expect(timedOut).toMatchObject({ status: 'PENDING', attempts: 1, responseStatus: null });
    expect(timedOut.lastError).toContain('超时');

    const closed = await prisma().webhookDelivery.create({
      data: {
        unitId,
        url: 'http://127.0.0.1:1/robot',
        kind: 'test-closed',
        payload: { msgtype: 'text', text: { content: '无人' } },
      },
    });
    await deliverDueWebhooks(prisma(), { ...settings, backoffMs: 60_000 });
    expect(
      (await prisma().webhookDelivery.findUniqueOrThrow({ where: { id: closed.id } })).lastError,
    ).toContain('连接失败');
    await prisma().webhookDelivery.updateMany({
      where: { id: { in: [slow.id, closed.id] } },
      data: { status: 'FAILED', nextTryAt: null },
    });
  });

  describe('the push log (推送记录)', () => {
    async function retry(username: string, id: string) {
      const { cookie } = await loginAs(context, username);
      return context.app.inject({
        method: 'POST',
        url: `/api/webhook-deliveries/${id}/retry`,
        headers: { cookie },
      });
    }

    it('sends a failed push again, to the unit’s current address, on record', async () => {
      robot.answer = reply(500);
      const delivery = await pendingDelivery();
      await deliverUntilSettled(delivery.id);

      expect((await retry('officer.hushu', delivery.id)).statusCode).toBe(403);
      // The admin corrects the robot's address; the retry goes there.
      await prisma().unit.update({ where: { id: unitId }, data: { webhookUrl: `${robot.url}&corrected=1` } });
      const response = await retry('coordinator', delivery.id);
      expect(response.statusCode, response.body).toBe(200);
      const view = response.json().delivery as DeliveryView;
      expect(view).toMatchObject({ status: 'PENDING', attempts: 0 });
      const audit = await prisma().auditLog.findFirstOrThrow({
        where: { action: 'webhook.retry', entityId: delivery.id },
      });
      expect(audit.actorName).toBe('协调小组 陈志远');
      expect(JSON.stringify([audit.before, audit.after])).not.toContain('secret-token');
      expect(audit.after).toMatchObject({ status: 'PENDING' });

      // Pending now: a second retry has nothing to do.
      expect((await retry('coordinator', delivery.id)).statusCode).toBe(409);
      robot.answer = reply(200);
      expect(await deliverUntilSettled(delivery.id)).toMatchObject({ status: 'DELIVERED', attempts: 1 });
      expect(robot.received.at(-1)!.path).toBe('/robot/send?access_token=secret-token&corrected=1');
      await prisma().unit.update({ where: { id: unitId }, data: { webhookUrl: robot.url } });
      expect((await retry('admin', delivery.id)).statusCode).toBe(409);
      expect((await retry('coordinator', '0195f0a0-0000-7000-8000-000000000000')).statusCode).toBe(404);
      expect((await retry('coordinator', 'nope')).statusCode).toBe(400);
    });

    it('filters by unit and status, and is closed to those without the permission', async () => {
      const byUnit = await log('admin', `?unitId=${unitId}&pageSize=5`);
      expect(byUnit.pageSize).toBe(5);
      expect(byUnit.deliveries.length).toBeGreaterThan(0);
      expect(byUnit.deliveries.every((entry) => entry.unit.id === unitId)).toBe(true);
      const other = await prisma().unit.findUniqueOrThrow({ where: { code: 'street-banshan' } });
      expect((await log('admin', `?unitId=${other.id}`)).total).toBe(0);

      for (const username of ['officer.hushu', 'leader', 'auditor']) {
        const { cookie } = await loginAs(context, username);
        const response = await context.app.inject({
          method: 'GET',
          url: '/api/webhook-deliveries',
          headers: { cookie },
        });
        expect(response.statusCode, username).toBe(403);
        expect(response.json().missingPermission).toBe('read:webhook-delivery:any');
      }
      const { cookie } = await loginAs(context, 'coordinator');
      const bad = await context.app.inject({
        method: 'GET',
        url: '/api/webhook-deliveries?status=LOST',
        headers: { cookie },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().issues[0].field).toBe('querystring.status');
      expect(await verifyAuditChain(prisma())).toMatchObject({ ok: true });
    });
  });

  it('runs inside the app: two instances on one database catch up the day’s digest once, push it once, and stop on close', async () => {
    robot.answer = reply(200);
    await prisma().webhookDelivery.updateMany({ where: { status: 'PENDING' }, data: { status: 'FAILED' } });
    // Two server processes on the same database, as a district running two instances would have
    // (the embedded database takes one connection, so there it is one).
    const secondDb =
      context.database.kind === 'postgres'
        ? await openDatabase({ databaseUrl: context.database.url, dataDir: '', logger: silent })
        : undefined;
    const before = robot.received.length;
    // Noon in Shanghai: the 08:00 run is due and has not run.
    const apps = await Promise.all(
      [context.db, ...(secondDb ? [secondDb] : [])].map((db) =>
        buildApp({
          db,
          evidence: { dir: context.evidenceDir, maxBytes: 1_000 },
          today: () => SEED_TODAY,
          scheduler: { digestCron: '0 8 * * *', webhook: settings, deliveryPollMs: 30, catchUpMs: 60_000 },
        }),
      ),
    );
    await Promise.all(apps.map((app) => app.ready()));
    const day = ledgerDate(SEED_TODAY);
    let delivered: { id: string } | null = null;
    for (let round = 0; round < 200 && !delivered; round++) {
      await sleep(25);
      delivered = await prisma().webhookDelivery.findFirst({
        where: { digestOn: day, unitId, status: 'DELIVERED' },
      });
    }
    // Give the other process time to push a second copy, if it were going to.
    await sleep(300);
    await Promise.all(apps.map((app) => app.close()));
    await secondDb?.close();
    expect(delivered).not.toBeNull();
    const run = await prisma().scheduledRun.findUniqueOrThrow({
      where: { name_runOn: { name: DAILY_DIGEST, runOn: day } },
    });
    expect(run).toMatchObject({ status: 'SUCCEEDED' });
    // One digest per person and one push per unit, however many processes ran.
    const { notifications } = run.result as { notifications: number };
    expect(await prisma().notification.count({ where: { kind: 'digest', digestOn: day } })).toBe(
      notifications,
    );
    const pushes = robot.received
      .slice(before)
      .filter((request) =>
        (request.body as { text?: { content?: string } }).text?.content?.includes(toIsoDate(day)),
      );
    expect(pushes).toHaveLength(1);
    const pushed = pushes[0]!.body as { msgtype: string; text: { content: string } };
    expect(pushed.msgtype).toBe('text');
    expect(pushed.text.content).toMatch(/^【整改台账】\d{4}-\d{2}-\d{2} 整改预警日报（湖墅街道）/);

    // Closed: nothing more is sent, whatever is due.
    const received = robot.received.length;
    await pendingDelivery();
    await sleep(150);
    expect(robot.received).toHaveLength(received);
  });
});
