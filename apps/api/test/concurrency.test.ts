/**
 * Concurrency (docs/faults.md): 200 clients over real HTTP (the app listening on a port, fetch
 * with keep-alive) edit the same 100 items for CONCURRENCY_DURATION_MS, each PATCH with the
 * version just read or a random one, each writing a title no other write uses. Optimistic locking
 * must lose nothing: per item, the successful writes' versions are consecutive and unique, the
 * item ends as its last successful write left it, each success has exactly one audit record, a
 * 409 wrote nothing, nothing answered 5xx, and the audit chain verifies.
 */
import { addDays, toIsoDate } from '@ledger/domain/calendar';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';

import { loginAs, useTestApp } from './helpers';

/** How long the clients hammer the items (30 s on CI; shorter while working on this file). */
const DURATION_MS = Number(process.env.CONCURRENCY_DURATION_MS ?? 30_000);
const CLIENTS = Number(process.env.CONCURRENCY_CLIENTS ?? 200);
const ITEMS = 100;
/** No answer may take longer than this: a stuck request counts as a failure, not a wait. */
const ANSWER_BOUND_MS = 60_000;

interface Write {
  itemId: string;
  sentVersion: number;
  token: string;
  status: number | 'no answer';
  /** the version the write produced (200 only): the one sent plus one */
  version?: number;
}

describe('concurrent edits of the same items over HTTP', () => {
  const context = useTestApp({ seed: true });
  let baseUrl: string;
  let coordinator: string;
  let auditor: string;
  const itemIds: string[] = [];

  beforeAll(async () => {
    await context.app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(context.app.server.address() as AddressInfo).port}`;
    coordinator = (await loginAs(context, 'coordinator')).cookie;
    auditor = (await loginAs(context, 'auditor')).cookie;
    const units = Object.fromEntries(
      (await context.db.prisma.unit.findMany({ select: { id: true, code: true } })).map((unit) => [
        unit.code,
        unit.id,
      ]),
    );
    const today = context.app.ledgerToday();
    for (let index = 0; index < ITEMS; index += 1) {
      const response = await context.app.inject({
        method: 'POST',
        url: '/api/items',
        headers: { cookie: coordinator },
        payload: {
          kind: 'TASK',
          number: `并发-${String(index).padStart(3, '0')}`,
          title: '并发修改测试事项',
          leadUnitId: units['street-hushu'],
          cooperatingUnitIds: [],
          deadline: toIsoDate(addDays(today, 90)),
          timeLimitType: 'SHORT_TERM',
          task: {
            inspectionRound: 'LOOK_BACK',
            feedbackText: '部分沿街餐饮店油烟净化设施未正常运行。',
            category: 'AIR',
            target: '餐饮油烟净化设施全部正常运行。',
            measures: ['逐店排查净化设施'],
            closureStandard: '抽查合格率达到 100%。',
          },
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json<{ version: number }>().version).toBe(1);
      itemIds.push(response.json<{ id: string }>().id);
    }
  });

  async function call(method: string, path: string, body?: unknown) {
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie: coordinator,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(ANSWER_BOUND_MS),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    } catch {
      return { status: 'no answer' as const, json: {} };
    }
  }

  it(
    `${CLIENTS} clients editing ${ITEMS} items with real and random versions lose no update`,
    { timeout: DURATION_MS + 180_000 },
    async () => {
      const auditBefore = await context.db.prisma.auditLog.aggregate({ _max: { id: true } });
      const writes: Write[] = [];
      const reads: (number | 'no answer')[] = [];
      /** the highest version a client has seen per item, to draw random versions near it */
      const seen = new Map(itemIds.map((id) => [id, 1]));
      const random = (below: number) => Math.floor(Math.random() * below);
      const startedAt = Date.now();
      const deadline = startedAt + DURATION_MS;

      const client = async (clientIndex: number) => {
        for (let round = 0; Date.now() < deadline; round += 1) {
          const itemId = itemIds[random(itemIds.length)]!;
          let sentVersion: number;
          if (Math.random() < 0.5) {
            const read = await call('GET', `/api/items/${itemId}`);
            reads.push(read.status);
            if (read.status !== 200) continue;
            sentVersion = read.json.version as number;
          } else {
            // Often stale, now and then right by chance, sometimes from the future.
            sentVersion = 1 + random((seen.get(itemId) ?? 1) + 1);
          }
          const token = `并发-${clientIndex}-${round}`;
          const answer = await call('PATCH', `/api/items/${itemId}`, { version: sentVersion, title: token });
          const write: Write = { itemId, sentVersion, token, status: answer.status };
          if (answer.status === 200) {
            // Accepted only on the version sent, so it made the next one; the answer shows the item
            // as read after the commit, which a faster writer may have moved on already.
            write.version = sentVersion + 1;
            expect(answer.json.version).toBeGreaterThanOrEqual(write.version);
          }
          const current = (answer.status === 409 ? (answer.json.current as { version: number }) : undefined)
            ?.version;
          const known = write.version ?? current;
          if (known !== undefined && known > (seen.get(itemId) ?? 1)) seen.set(itemId, known);
          writes.push(write);
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
      const seconds = (Date.now() - startedAt) / 1000;

      const succeeded = writes.filter((write) => write.status === 200);
      const conflicts = writes.filter((write) => write.status === 409);
      console.warn(
        `${CLIENTS} clients, ${ITEMS} items, ${seconds.toFixed(1)} s: ${writes.length} PATCH ` +
          `(${succeeded.length} × 200, ${conflicts.length} × 409) and ${reads.length} GET; ` +
          `${((writes.length + reads.length) / seconds).toFixed(0)} requests/s, ` +
          `${(succeeded.length / seconds).toFixed(1)} successful writes/s`,
      );

      // Only 200 and 409: no 5xx, no hang, no other refusal.
      expect(writes.filter((write) => write.status !== 200 && write.status !== 409)).toEqual([]);
      expect(reads.filter((status) => status !== 200)).toEqual([]);
      // The clients did contend: some item was written more than once, some write lost the race.
      expect(new Set(succeeded.map((write) => write.itemId)).size).toBeLessThan(succeeded.length);
      expect(conflicts.length).toBeGreaterThan(0);

      const prisma = context.db.prisma;
      const records = await prisma.auditLog.findMany({
        where: { id: { gt: auditBefore._max.id ?? 0n }, action: 'item.update', entityId: { in: itemIds } },
        orderBy: { id: 'asc' },
        select: { entityId: true, before: true, after: true },
      });
      // Every success has exactly one audit record, naming its token and the version it made;
      // no other write left one (a 409 wrote nothing).
      expect(records).toHaveLength(succeeded.length);
      const recorded = new Map(
        records.map((record) => {
          const after = record.after as { title: string; version: number };
          return [after.title, { itemId: record.entityId, version: after.version }];
        }),
      );
      expect(recorded.size).toBe(records.length);
      for (const write of succeeded) {
        expect(recorded.get(write.token)).toEqual({ itemId: write.itemId, version: write.version });
      }
      for (const write of conflicts) expect(recorded.has(write.token)).toBe(false);

      const finals = new Map(
        (
          await prisma.ledgerItem.findMany({
            where: { id: { in: itemIds } },
            select: { id: true, version: true, title: true },
          })
        ).map((item) => [item.id, item]),
      );
      for (const itemId of itemIds) {
        const mine = succeeded.filter((write) => write.itemId === itemId);
        // Unique and consecutive from the created version (1): no lost update, no duplicate.
        expect(mine.map((write) => write.version).sort((a, b) => a! - b!)).toEqual(
          Array.from({ length: mine.length }, (_, index) => index + 2),
        );
        const final = finals.get(itemId)!;
        expect(final.version).toBe(mine.length + 1);
        const last = mine.find((write) => write.version === final.version);
        expect(final.title).toBe(last?.token ?? '并发修改测试事项');
      }

      const verify = await fetch(`${baseUrl}/api/audit/verify`, { headers: { cookie: auditor } });
      expect(verify.status).toBe(200);
      expect(await verify.json()).toMatchObject({ ok: true });
    },
  );
});
