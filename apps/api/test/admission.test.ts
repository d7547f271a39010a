/**
 * Admission control (plugins/app/admission.ts) over real HTTP: at most `concurrency` API requests
 * worked on at once, the rest in arrival order; a waiting request whose client left is dropped
 * unworked; one that waited too long gets 503 with Retry-After; health and uploads never wait.
 * The requests held here are of a route this test adds, which waits until the test lets it go.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

import { openDatabase, type Database } from '@ledger/db/database';
import { createTestDatabase, type TestDatabase } from '@ledger/db/testing/database';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../src/app';
import { BUSY_MESSAGE } from '../src/plugins/app/admission';

const CONCURRENCY = 2;
const MAX_WAIT_MS = 1_500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('admission control (API_CONCURRENCY, API_QUEUE_WAIT_SECONDS)', () => {
  let database: TestDatabase;
  let db: Database;
  let evidenceDir: string;
  let app: FastifyInstance;
  let base: string;
  /** ids of the held requests, in the order their handler started */
  const entered: string[] = [];
  /** lets a held request answer, by id */
  const holds = new Map<string, () => void>();

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({
      databaseUrl: database.url,
      dataDir: '',
      logger: { info: () => {}, warn: () => {} },
      singleConnection: database.kind === 'embedded',
    });
    evidenceDir = await mkdtemp(join(tmpdir(), 'ledger-admission-'));
    app = await buildApp({
      db,
      evidence: { dir: evidenceDir, maxBytes: 1_000_000 },
      admission: { concurrency: CONCURRENCY, maxWaitMs: MAX_WAIT_MS },
    });
    app.get<{ Querystring: { id: string } }>(
      '/api/test/hold',
      { config: { public: true } },
      async (request) => {
        const { id } = request.query;
        entered.push(id);
        await new Promise<void>((resolve) => holds.set(id, resolve));
        return { id };
      },
    );
    // A download that streams until the test ends it.
    app.get('/api/test/download', { config: { public: true } }, async (_request, reply) => {
      entered.push('download');
      const body = new PassThrough();
      body.write('前'.repeat(1_000));
      holds.set('download', () => body.end());
      return reply.type('text/plain; charset=utf-8').send(body);
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 120_000);

  afterEach(async () => {
    // Nothing left held for the next test.
    for (const release of holds.values()) release();
    holds.clear();
    await sleep(50);
    entered.length = 0;
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await database?.drop();
    if (evidenceDir) await rm(evidenceDir, { recursive: true, force: true });
  });

  const hold = (id: string, signal?: AbortSignal) => fetch(`${base}/api/test/hold?id=${id}`, { signal });
  const until = async (what: () => boolean) => {
    for (let tries = 0; tries < 200 && !what(); tries += 1) await sleep(10);
    expect(what()).toBe(true);
  };

  it('works on at most API_CONCURRENCY requests at once; the others follow in arrival order', async () => {
    const answers = ['a', 'b', 'c', 'd'].map((id) => hold(id));
    await until(() => entered.length === CONCURRENCY);
    await sleep(200);
    expect(entered).toEqual(['a', 'b']);
    holds.get('a')!();
    await until(() => entered.length === 3);
    expect(entered).toEqual(['a', 'b', 'c']);
    holds.get('b')!();
    holds.get('c')!();
    await until(() => entered.length === 4);
    holds.get('d')!();
    const bodies = await Promise.all(answers.map(async (answer) => (await answer).json()));
    expect(bodies).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
  });

  it('answers 503 with Retry-After and a message in Chinese to a request that waited too long', async () => {
    const held = [hold('x'), hold('y')];
    await until(() => entered.length === CONCURRENCY);
    const started = Date.now();
    const refused = await hold('late');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ statusCode: 503, message: BUSY_MESSAGE });
    expect(Date.now() - started).toBeGreaterThanOrEqual(MAX_WAIT_MS - 50);
    expect(entered).not.toContain('late');
    holds.get('x')!();
    holds.get('y')!();
    await Promise.all(held);
  });

  it('drops a waiting request whose client left, without working on it, and its place goes on', async () => {
    const held = [hold('p'), hold('q')];
    await until(() => entered.length === CONCURRENCY);
    const leaving = new AbortController();
    const gone = hold('gone', leaving.signal).catch((error: unknown) => error);
    await sleep(100);
    leaving.abort();
    expect(await gone).toBeInstanceOf(Error);
    // The server learns of it when the connection's end reaches it, a few milliseconds later.
    await sleep(300);
    const next = hold('next');
    holds.get('p')!();
    await until(() => entered.includes('next'));
    holds.get('q')!();
    holds.get('next')!();
    expect((await next).status).toBe(200);
    await Promise.all(held);
    // The request that was given up never reached its handler.
    expect(entered).toEqual(['p', 'q', 'next']);
  });

  it('frees the place of a download once it is sent, while its bytes still stream', async () => {
    const downloads = await Promise.all([
      fetch(`${base}/api/test/download`),
      fetch(`${base}/api/test/download`),
    ]);
    expect(downloads.map((response) => response.status)).toEqual([200, 200]);
    // Both still streaming (their ends are held), yet a third request is worked on at once.
    const next = hold('after-downloads');
    await until(() => entered.includes('after-downloads'));
    holds.get('after-downloads')!();
    expect((await next).status).toBe(200);
    for (const download of downloads) await download.body?.cancel();
  });

  it('never queues the health check, and frees the places of finished requests for real routes', async () => {
    const held = [hold('m'), hold('n')];
    await until(() => entered.length === CONCURRENCY);
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    holds.get('m')!();
    holds.get('n')!();
    await Promise.all(held);
    // Many more requests than places, one after another and at once: every one answered.
    for (let index = 0; index < 5; index += 1) {
      expect((await fetch(`${base}/api/auth/me`)).status).toBe(401);
    }
    const together = await Promise.all(Array.from({ length: 10 }, () => fetch(`${base}/api/auth/me`)));
    expect(together.map((response) => response.status)).toEqual(Array(10).fill(401));
  });
});
