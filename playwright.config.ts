import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { defineConfig, devices } from '@playwright/test';

import { chromiumMissing, chromiumPath } from './apps/web/e2e/chromium';

const port = 3100;
const baseURL = `http://127.0.0.1:${port}`;
// Playwright loads this file again in every worker; only the runner starts the server.
const isRunner = process.env.TEST_WORKER_INDEX === undefined;

if (chromiumMissing) {
  // CI must not pass by testing nothing; a fresh dev machine with only Node may skip.
  if (process.env.CI) throw new Error(chromiumMissing);
  if (isRunner) console.warn(`\n[e2e] Skipping the browser tests. ${chromiumMissing}\n`);
}

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export default defineConfig({
  testDir: 'apps/web/e2e',
  // Two cores: one browser beside the server is what they carry without flaking.
  workers: 1,
  // Saving an account hashes its password (argon2) and a login step ends a session on the server:
  // on a busy 2-core machine these take more than the default 5 s now and then.
  expect: { timeout: 10_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['github'], ['list']] : 'list',
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  // The API serves the built app (apps/web/dist) and /api on one port, as in production; each
  // run gets an empty data directory.
  webServer:
    chromiumMissing || !isRunner
      ? undefined
      : {
          command: 'node apps/api/dist/server.js',
          url: `${baseURL}/api/health`,
          env: {
            PORT: String(port),
            DATA_DIR: freshDataDir(),
            LOG_LEVEL: 'warn',
            // The day's digest is due from midnight, so the start catches it up whatever the hour.
            DIGEST_CRON: '0 0 * * *',
          },
          timeout: 120_000,
          reuseExistingServer: false,
        },
});
