/**
 * The built server (apps/api/dist/server.js, as `pnpm start` runs it) starts on the embedded
 * database and on PostgreSQL, migrates, loads the demo ledger, serves the web app and answers
 * /api/health; it stops cleanly on SIGTERM; an unreachable database gives one clear line.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DEMO_PASSWORD } from '@ledger/db/seed/accounts';
import { createTestDatabase } from '@ledger/db/testing/database';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';

import {
  freePort,
  serverJs,
  startServer as startBuiltServer,
  waitForHealth,
  type RunningServer,
} from './built-server';

const webIndex = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

/** The built server, killed when the test ends. */
function startServer(env: Record<string, string>): RunningServer {
  const running = startBuiltServer(env);
  onTestFinished(() => running.kill());
  return running;
}

async function expectServing(port: number, running: RunningServer) {
  const health = await waitForHealth(port, running);
  expect(await health.json()).toEqual({ status: 'ok', db: 'ok' });
  const page = await fetch(`http://127.0.0.1:${port}/ledger/some/client/route`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');
}

/**
 * On PostgreSQL the ledger workbook is written by its own process, which the bundle starts from
 * beside dist/server.js (ADR 013): the whole ledger comes back as a workbook with every item.
 */
async function expectLedgerExport(port: number) {
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'auditor', password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = /ledger_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
  const response = await fetch(`http://127.0.0.1:${port}/api/exports/ledger.xlsx`, { headers: { cookie } });
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
  // Three rows of title block, then one row per item: 30 tasks and 73 petitions in the demo ledger.
  expect(workbook.worksheets.map((sheet) => [sheet.name, sheet.rowCount - 3])).toEqual([
    ['整改任务', 30],
    ['信访件', 73],
  ]);
}

async function stopGracefully(running: RunningServer) {
  running.child.kill('SIGTERM');
  expect(await running.exited).toBe(0);
}

describe('the built server', () => {
  it('has been built (pnpm build)', () => {
    expect(existsSync(serverJs), `${serverJs} is missing: run \`pnpm build\` first`).toBe(true);
    expect(existsSync(webIndex), `${webIndex} is missing: run \`pnpm build\` first`).toBe(true);
  });

  it('serves on the embedded database, keeps its data across a restart', { timeout: 240_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ledger-start-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();

    const first = startServer({ PORT: String(port), DATA_DIR: dataDir });
    await expectServing(port, first);
    expect(first.output()).toContain('demo ledger loaded');
    await stopGracefully(first);

    const second = startServer({ PORT: String(port), DATA_DIR: dataDir });
    await expectServing(port, second);
    expect(second.output()).not.toContain('demo ledger loaded');
    await stopGracefully(second);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'serves on PostgreSQL given DATABASE_URL',
    { timeout: 240_000 },
    async () => {
      const database = await createTestDatabase({ migrate: false, kind: 'postgres' });
      onTestFinished(() => database.drop());
      const port = await freePort();

      const running = startServer({ PORT: String(port), DATABASE_URL: database.url, DATA_DIR: tmpdir() });
      await expectServing(port, running);
      await expectLedgerExport(port);
      await stopGracefully(running);

      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: string }>(
          `SELECT count(*) FROM "LedgerItem" WHERE kind = 'PETITION'`,
        );
        expect(Number(rows[0]?.count)).toBe(73);
      } finally {
        await client.end();
      }
    },
  );

  it('names the database it cannot reach in one line and exits 1', { timeout: 60_000 }, async () => {
    const running = startServer({
      PORT: String(await freePort()),
      DATABASE_URL: 'postgres://ledger:secret@127.0.0.1:1/ledger',
    });
    expect(await running.exited).toBe(1);
    const lines = running.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('postgres://ledger:***@127.0.0.1:1/ledger');
    expect(lines[0]).not.toContain('secret');
  });
});
