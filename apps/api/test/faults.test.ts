/**
 * Faults (docs/faults.md): the built server on a PostgreSQL cluster of this file's own, which is
 * stopped under load (`-m immediate`, then `-m fast`) and started again; the server killed with
 * SIGKILL in the middle of an import commit and of batch exports. What must hold: 503 with a
 * Chinese message while the database is away (never 500, never a hang), recovery without a
 * restart of the API, no acknowledged write lost, nothing half-written, interrupted work marked
 * failed with its message, the audit chain intact.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { verifyAuditChain } from '@ledger/db/audit';
import { createPrismaClient, type PrismaClient } from '@ledger/db/client';
import type { ExportJobView } from '@ledger/domain/exports';
import type { ImportView } from '@ledger/domain/imports';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { DATABASE_UNAVAILABLE_MESSAGE } from '../src/plugins/app/error-handler';
import { commitMessages } from '../src/services/imports/commit';
import { JOB_INTERRUPTED_MESSAGE } from '../src/services/jobs';
import {
  freePort,
  loginOverHttp,
  serverJs,
  startServer,
  waitForHealth,
  type RunningServer,
} from './built-server';
import { taskSheetOf, taskValues, workbookOf } from './import-workbooks';
import { POSTGRES_BIN, startOwnPostgres, type OwnPostgres } from './own-postgres';

const run = promisify(execFile);

// Skipped on a machine without the built server or PostgreSQL's binaries — never on CI, where
// `pnpm test` builds first and the binaries are installed: there a missing one fails the file.
const canRun = !!process.env.CI || (existsSync(serverJs) && existsSync(join(POSTGRES_BIN, 'initdb')));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** No answer may take longer than this, outage or not. */
const ANSWER_BOUND_MS = 8_000;
/** The API must answer again within this after PostgreSQL accepts connections. */
const RECOVERY_BOUND_MS = 10_000;

interface Answer {
  method: string;
  path: string;
  status: number | 'no answer';
  message?: string;
  startedAt: number;
  endedAt: number;
}

describe.skipIf(!canRun)('faults: the built server on a PostgreSQL of its own', () => {
  let cluster: OwnPostgres;
  let dataDir: string;
  let port: number;
  let baseUrl: string;
  let server: RunningServer | undefined;
  let prisma: PrismaClient;

  const serverEnv = () => ({
    PORT: String(port),
    DATABASE_URL: cluster.url('ledger'),
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    SCHEDULER_ENABLED: 'false',
    // Heartbeats and the stale limit in seconds rather than minutes, so a dead job is seen soon.
    JOB_HEARTBEAT_SECONDS: '0.5',
    JOB_STALE_AFTER_SECONDS: '2',
    JOB_POLL_SECONDS: '0.5',
    LOG_LEVEL: 'warn',
  });

  async function boot() {
    server = startServer(serverEnv());
    await waitForHealth(port, server);
  }

  beforeAll(async () => {
    cluster = await startOwnPostgres();
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE ledger');
    await admin.end();
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-faults-'));
    port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    await boot();
    prisma = createPrismaClient({ connectionString: cluster.url('ledger'), embedded: false });
  }, 180_000);

  afterAll(async () => {
    await server?.kill();
    await prisma?.$disconnect();
    await cluster?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** One request with a bound: a hang is recorded as 'no answer', not waited out. */
  async function request(
    cookie: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer & { json?: Record<string, unknown> }> {
    const startedAt = Date.now();
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(ANSWER_BOUND_MS),
      });
      const text = await response.text();
      const json = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      return {
        method,
        path,
        status: response.status,
        message: typeof json?.message === 'string' ? json.message : undefined,
        json,
        startedAt,
        endedAt: Date.now(),
      };
    } catch {
      return { method, path, status: 'no answer', startedAt, endedAt: Date.now() };
    }
  }

  describe('PostgreSQL stopped and started while requests are in flight', () => {
    it(
      'answers 503 during the outage, recovers by itself, loses no acknowledged write and half-writes nothing',
      { timeout: 120_000 },
      async () => {
        const coordinator = await loginOverHttp(baseUrl, 'coordinator');
        const items = await prisma.ledgerItem.findMany({
          where: { status: 'IN_PROGRESS' },
          orderBy: { number: 'asc' },
          take: 18,
          select: { id: true, version: true },
        });
        expect(items).toHaveLength(18);
        const startVersion = new Map(items.map((item) => [item.id, item.version]));
        const auditBefore = await prisma.auditLog.aggregate({ _max: { id: true } });

        const answers: Answer[] = [];
        /** acknowledged writes: item, the version the write produced, its token */
        const acknowledged: { itemId: string; version: number; token: string }[] = [];
        let stopping = false;
        const worker = async (workerIndex: number, own: typeof items) => {
          for (let round = 0; !stopping; round += 1) {
            const item = own[round % own.length]!;
            const read = await request(coordinator, 'GET', `/api/items/${item.id}`);
            answers.push(read);
            if (read.status !== 200) {
              await sleep(50);
              continue;
            }
            const token = `故障测试-${workerIndex}-${round}-${Date.now()}`;
            const write = await request(coordinator, 'PATCH', `/api/items/${item.id}`, {
              version: read.json!.version,
              title: token,
            });
            answers.push(write);
            if (write.status === 200) {
              acknowledged.push({ itemId: item.id, version: write.json!.version as number, token });
            }
          }
        };
        const health: Answer[] = [];
        const healthPoller = async () => {
          while (!stopping) {
            health.push(await request('', 'GET', '/api/health'));
            await sleep(100);
          }
        };
        const load = [
          ...Array.from({ length: 6 }, (_, index) => worker(index, items.slice(index * 3, index * 3 + 3))),
          healthPoller(),
        ];

        const outages: {
          mode: string;
          from: number;
          to: number;
          recoveredHealth: number;
          recoveredWrite: number;
        }[] = [];
        for (const mode of ['immediate', 'fast'] as const) {
          await sleep(1_500);
          await cluster.stop(mode);
          const from = Date.now();
          await sleep(3_000);
          const to = Date.now();
          await cluster.start();
          const upAt = Date.now();
          // Recovered: health answers 200 and a write succeeds again, both after the start.
          const deadline = upAt + RECOVERY_BOUND_MS;
          let recoveredHealth = NaN;
          let recoveredWrite = NaN;
          while (Date.now() < deadline && (Number.isNaN(recoveredHealth) || Number.isNaN(recoveredWrite))) {
            const healthy = health.find((answer) => answer.startedAt >= upAt && answer.status === 200);
            if (healthy && Number.isNaN(recoveredHealth)) recoveredHealth = healthy.endedAt - upAt;
            const wrote = answers.find(
              (answer) => answer.method === 'PATCH' && answer.startedAt >= upAt && answer.status === 200,
            );
            if (wrote && Number.isNaN(recoveredWrite)) recoveredWrite = wrote.endedAt - upAt;
            await sleep(50);
          }
          outages.push({ mode, from, to, recoveredHealth, recoveredWrite });
        }
        await sleep(1_500);
        stopping = true;
        await Promise.all(load);

        const during = (answer: Answer) =>
          outages.some((outage) => answer.startedAt >= outage.from && answer.endedAt <= outage.to);
        const all = [...answers, ...health];
        const outageAnswers = all.filter(during);
        const count = (status: Answer['status']) => all.filter((answer) => answer.status === status).length;
        console.warn(
          `PostgreSQL restarts under load: ${all.length} answers (200: ${count(200)}, 503: ${count(503)}), ` +
            `${outageAnswers.length} during the outages, ${acknowledged.length} acknowledged writes; recovery after the start ` +
            outages
              .map(
                (outage) =>
                  `-m ${outage.mode}: health ${outage.recoveredHealth} ms, write ${outage.recoveredWrite} ms`,
              )
              .join('; '),
        );

        // The API lived through both outages (if not, what it printed says why).
        expect(server!.alive(), server!.exitReport()).toBe(true);
        // Nothing but 200 and 503; never a hang (an answer past the bound is 'no answer').
        expect(
          all.filter((answer) => answer.status !== 200 && answer.status !== 503),
          'answers other than 200 and 503',
        ).toEqual([]);
        expect(Math.max(...all.map((answer) => answer.endedAt - answer.startedAt))).toBeLessThan(
          ANSWER_BOUND_MS,
        );
        // While the database was away: 503 with the message, from the API and from /api/health.
        expect(outageAnswers.length).toBeGreaterThan(20);
        for (const answer of outageAnswers) {
          expect(answer.status, `${answer.method} ${answer.path}`).toBe(503);
          if (answer.path === '/api/health') expect(answer.message).toMatch(/^数据库不可用/);
          else expect(answer.message).toBe(DATABASE_UNAVAILABLE_MESSAGE);
        }
        expect(outageAnswers.some((answer) => answer.path === '/api/health')).toBe(true);
        expect(outageAnswers.some((answer) => answer.method === 'PATCH' || answer.method === 'GET')).toBe(
          true,
        );
        // Back by itself, within seconds, without a restart of the API.
        for (const outage of outages) {
          expect(outage.recoveredHealth).toBeLessThan(RECOVERY_BOUND_MS);
          expect(outage.recoveredWrite).toBeLessThan(RECOVERY_BOUND_MS);
        }

        // Every acknowledged write is in the database; every item's versions since the start are
        // consecutive, each with exactly one audit record, and its state is its last record's.
        const records = await prisma.auditLog.findMany({
          where: { id: { gt: auditBefore._max.id ?? 0n }, action: 'item.update', entityType: 'LedgerItem' },
          orderBy: { id: 'asc' },
          select: { entityId: true, after: true },
        });
        const byItem = new Map<string, { version: number; title: string }[]>();
        for (const record of records) {
          const after = record.after as { version: number; title: string };
          byItem.set(record.entityId!, [...(byItem.get(record.entityId!) ?? []), after]);
        }
        for (const write of acknowledged) {
          expect(byItem.get(write.itemId)).toContainEqual({ version: write.version, title: write.token });
        }
        const finals = await prisma.ledgerItem.findMany({
          where: { id: { in: items.map((item) => item.id) } },
          select: { id: true, version: true, title: true },
        });
        for (const item of finals) {
          const writes = byItem.get(item.id) ?? [];
          const start = startVersion.get(item.id)!;
          expect(writes.map((write) => write.version)).toEqual(
            Array.from({ length: item.version - start }, (_, index) => start + index + 1),
          );
          if (writes.length > 0) expect(item.title).toBe(writes.at(-1)!.title);
        }
        expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true });
      },
    );
  });

  /** POST, GET with the coordinator's session; the answer's JSON. */
  async function api<T = Record<string, unknown>>(
    cookie: string,
    method: string,
    path: string,
    body?: unknown,
  ) {
    const answer = await request(cookie, method, path, body);
    return { status: answer.status, json: (answer.json ?? {}) as T };
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  /** The ledger as a comparable list: every item's id, version and title, and the audit's kinds since `afterId`. */
  async function ledgerSnapshot() {
    return prisma.ledgerItem.findMany({
      orderBy: { id: 'asc' },
      select: { id: true, version: true, title: true },
    });
  }

  // Each scenario starts from a running server: one that died in an earlier scenario has failed
  // that one (with its exit report) and is started again here rather than failing every later one.
  beforeEach(async () => {
    if (server && !server.alive()) {
      console.warn(`restarting the server before the next scenario; ${server.exitReport()}`);
      await boot();
    }
  });

  async function killAndRestart() {
    await server!.kill();
    await boot();
  }

  describe('SIGKILL in the middle of an import commit', () => {
    it(
      'leaves the ledger as before the commit and the import FAILED with its message',
      { timeout: 240_000 },
      async () => {
        const coordinator = await loginOverHttp(baseUrl, 'coordinator');
        const rows = Array.from({ length: 1_000 }, (_, index) => taskValues(`FAULT-IMP-${index}`));
        const form = new FormData();
        form.append('file', new Blob([await workbookOf([taskSheetOf(rows)])]), '故障导入.xlsx');
        const uploaded = await fetch(`${baseUrl}/api/imports`, {
          method: 'POST',
          headers: { cookie: coordinator },
          body: form,
        });
        expect(uploaded.status, await uploaded.clone().text()).toBe(201);
        const previewed = (await uploaded.json()) as ImportView;
        expect(previewed.counts.create).toBe(1_000);

        const before = await ledgerSnapshot();
        const auditBefore = await prisma.auditLog.aggregate({ _max: { id: true } });
        expect((await api(coordinator, 'POST', `/api/imports/${previewed.id}/commit`)).status).toBe(202);
        // Mid-commit: its transaction has applied rows (progress is written beside it every 100).
        const seen = await until('commit under way', async () => {
          const view = (await api<ImportView>(coordinator, 'GET', `/api/imports/${previewed.id}?pageSize=1`))
            .json;
          if (view.status !== 'COMMITTING') throw new Error(`commit ended before the kill: ${view.status}`);
          return view.progress.done > 0 ? view.progress : undefined;
        });
        await killAndRestart();

        const failed = await until('import marked failed', async () => {
          const view = (await api<ImportView>(coordinator, 'GET', `/api/imports/${previewed.id}?pageSize=1`))
            .json;
          return view.status === 'COMMITTING' ? undefined : view;
        });
        console.warn(
          `import commit killed at ${seen.done} of ${seen.total} rows; after restart: ${failed.status}`,
        );
        expect(failed).toMatchObject({ status: 'FAILED', error: commitMessages.interrupted });
        // Nothing of it in the ledger: every item as before, none of its rows, no audit record of an item change.
        expect(await ledgerSnapshot()).toEqual(before);
        expect(await prisma.ledgerItem.count({ where: { number: { startsWith: 'FAULT-IMP-' } } })).toBe(0);
        const since = await prisma.auditLog.findMany({
          where: { id: { gt: auditBefore._max.id ?? 0n } },
          select: { action: true, entityId: true, outcome: true },
        });
        expect(since.filter((record) => record.action.startsWith('item.'))).toEqual([]);
        expect(since.filter((record) => record.action === 'import.commit')).toEqual([
          { action: 'import.commit', entityId: previewed.id, outcome: 'FAILURE' },
        ]);
        // It cannot be committed again; a new preview of the same file would be the way.
        expect((await api(coordinator, 'POST', `/api/imports/${previewed.id}/commit`)).status).toBe(409);
        expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true });
      },
    );
  });

  describe('SIGKILL in the middle of batch exports', () => {
    it(
      'marks the case-file job FAILED, offers no file, and a new export works',
      { timeout: 240_000 },
      async () => {
        const coordinator = await loginOverHttp(baseUrl, 'coordinator');
        const created = await api<ExportJobView>(coordinator, 'POST', '/api/exports/case-files', {
          filters: {},
        });
        expect(created.status).toBe(202);
        const jobId = created.json.id;
        const seen = await until('job under way', async () => {
          const job = (await api<ExportJobView>(coordinator, 'GET', `/api/exports/jobs/${jobId}`)).json;
          if (job.status === 'SUCCEEDED' || job.status === 'FAILED')
            throw new Error(`job ended before the kill: ${job.status}`);
          return job.status === 'RUNNING' && job.progress > 0 ? job : undefined;
        });
        await killAndRestart();

        const failed = await until('job marked failed', async () => {
          const job = (await api<ExportJobView>(coordinator, 'GET', `/api/exports/jobs/${jobId}`)).json;
          return job.status === 'RUNNING' ? undefined : job;
        });
        console.warn(
          `case-file job killed at ${seen.progress} of ${seen.total} items; after restart: ${failed.status}`,
        );
        expect(failed).toMatchObject({ status: 'FAILED', error: JOB_INTERRUPTED_MESSAGE, file: null });
        const download = await api(coordinator, 'GET', `/api/exports/jobs/${jobId}/download`);
        expect(download.status).toBe(409);
        expect(download.json.message).toContain(JOB_INTERRUPTED_MESSAGE);
        // The half-written ZIP died in the storage's temp folder, which the restart cleared or will.
        expect(
          await prisma.auditLog.count({ where: { action: 'job.fail', entityId: jobId, outcome: 'FAILURE' } }),
        ).toBe(1);

        // A new export runs to the end and its file is whole.
        const chosen = await prisma.ledgerItem.findMany({
          take: 3,
          orderBy: { number: 'asc' },
          select: { id: true },
        });
        const again = await api<ExportJobView>(coordinator, 'POST', '/api/exports/case-files', {
          itemIds: chosen.map((item) => item.id),
        });
        expect(again.status).toBe(202);
        const done = await until('new job done', async () => {
          const job = (await api<ExportJobView>(coordinator, 'GET', `/api/exports/jobs/${again.json.id}`))
            .json;
          return job.status === 'SUCCEEDED' || job.status === 'FAILED' ? job : undefined;
        });
        expect(done.status).toBe('SUCCEEDED');
        const zip = await fetch(`${baseUrl}${done.file!.url}`, { headers: { cookie: coordinator } });
        expect(zip.status).toBe(200);
        const bytes = Buffer.from(await zip.arrayBuffer());
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(done.file!.sha256);
        expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true });
      },
    );

    it(
      'ends the ledger export process orphaned by the kill, and its database session',
      { timeout: 240_000 },
      async () => {
        // Enough items that the workbook is still being written when the server dies.
        const generating = Date.now();
        await addItems(cluster.url('ledger'), 5_000);
        console.warn(`5000 items added in ${Date.now() - generating} ms`);
        const auditor = await loginOverHttp(baseUrl, 'auditor');
        const controller = new AbortController();
        const response = await fetch(`${baseUrl}/api/exports/ledger.xlsx`, {
          headers: { cookie: auditor },
          signal: controller.signal,
        });
        expect(response.status).toBe(200);
        // Read one chunk, then stop reading: the export process waits on a full pipe.
        const reader = response.body!.getReader();
        expect((await reader.read()).value?.length).toBeGreaterThan(0);
        const children = await childPids(server!.child.pid!);
        expect(children.length).toBe(1);
        const exporting = async () =>
          (
            await prisma.$queryRaw<{ count: number }[]>`
            SELECT count(*)::int AS count FROM pg_stat_activity WHERE application_name = 'ledger-export'`
          )[0]!.count;
        expect(await exporting()).toBe(1);

        await server!.kill();
        controller.abort();
        await until('export process gone', async () => (isAlive(children[0]!) ? undefined : true), 15_000);
        await until(
          'its database session gone',
          async () => ((await exporting()) === 0 ? true : undefined),
          15_000,
        );
        await boot();
        const again = await fetch(`${baseUrl}/api/exports/ledger.xlsx?kind=task`, {
          headers: { cookie: auditor },
        });
        expect(again.status).toBe(200);
        expect((await again.arrayBuffer()).byteLength).toBeGreaterThan(0);
      },
    );
  });
});

/** The pids of a process's children. */
async function childPids(pid: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(pid)]).catch(() => ({ stdout: '' }));
  return stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `count` generated items added to the ledger, as the benchmark makes them
 * (bench/ledger-plans/generate.sql: triggers off, derived columns in bulk; far faster than inserts).
 */
async function addItems(url: string, count: number) {
  const generate = await readFile(
    fileURLToPath(new URL('../../../bench/ledger-plans/generate.sql', import.meta.url)),
    'utf8',
  );
  const script = generate.replace('generate_series(1, 1000000)', `generate_series(1, ${count})`);
  expect(script).not.toBe(generate);
  await new Promise<void>((resolve, reject) => {
    const psql = execFile('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'], (error) =>
      error ? reject(error) : resolve(),
    );
    psql.stdin!.end(script);
  });
}
