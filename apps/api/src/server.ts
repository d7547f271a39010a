/**
 * The process: opens (and migrates) the database, loads the demo ledger into an empty one
 * outside production, serves API and web app on one port, and closes gracefully on SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DatabaseUnavailableError, openDatabase } from '@ledger/db/database';
import { MigrationError } from '@ledger/db/migrate';
import { isLedgerEmpty, seedDemoData } from '@ledger/db/seed/demo';
import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';

import { buildApp } from './app';
import { loadSecretKey } from './lib/secret-box';
import { loadEnv } from './env';
import { DEFAULT_CATCH_UP_MS, DEFAULT_DELIVERY_POLL_MS } from './plugins/app/scheduler';
import { DEFAULT_WEBHOOK_SETTINGS } from './services/webhooks';

// Same relative path from src/server.ts (tsx) and from the bundled dist/server.js.
const webRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const migrationsDir = join(repoRoot, 'prisma/migrations');

async function main() {
  const env = loadEnv(process.env, repoRoot);
  const logger = pino({
    level: env.LOG_LEVEL,
    ...(env.NODE_ENV === 'development' && process.stdout.isTTY
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } }
      : {}),
  });

  const db = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: join(env.dataDir, 'pglite'),
    logger,
    migrate: true,
    migrationsDir,
  });
  logger.info({ database: db.kind, applied: db.appliedMigrations }, 'database ready');

  const seed = env.SEED_DEMO === 'true' || (env.SEED_DEMO === 'auto' && env.NODE_ENV !== 'production');
  if (seed && (await isLedgerEmpty(db.prisma))) {
    const summary = await seedDemoData(db.prisma);
    logger.info(summary, '已装入演示数据 (demo ledger loaded)');
  }

  const heartbeat = {
    heartbeatMs: env.JOB_HEARTBEAT_SECONDS * 1000,
    staleAfterMs: env.JOB_STALE_AFTER_SECONDS * 1000,
  };
  const demoMode = env.DEMO_MODE === 'true' || (env.DEMO_MODE === 'auto' && env.NODE_ENV !== 'production');
  if (demoMode)
    logger.warn('演示模式: 演示账号可不经双因素认证登录 (demo mode: demo accounts skip the second factor)');
  const app = await buildApp({
    db,
    demoMode,
    loginsPerAddress: env.LOGIN_RATE_LIMIT_PER_ADDRESS,
    trustProxy: env.TRUST_PROXY,
    secretKey: await loadSecretKey(env.SECRET_KEY, join(env.dataDir, 'secret.key')),
    webRoot,
    logger,
    evidence: { dir: env.evidenceDir, maxBytes: env.EVIDENCE_MAX_BYTES },
    noticeWorkingDays: env.NOTICE_WORKING_DAYS,
    dashboardCacheMs: env.DASHBOARD_CACHE_SECONDS * 1000,
    admission: { concurrency: env.API_CONCURRENCY, maxWaitMs: env.API_QUEUE_WAIT_SECONDS * 1000 },
    scheduler: env.SCHEDULER_ENABLED
      ? {
          digestCron: env.DIGEST_CRON,
          webhook: {
            ...DEFAULT_WEBHOOK_SETTINGS,
            maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
            backoffMs: env.WEBHOOK_BACKOFF_SECONDS * 1000,
            timeoutMs: env.WEBHOOK_TIMEOUT_SECONDS * 1000,
          },
          deliveryPollMs: DEFAULT_DELIVERY_POLL_MS,
          catchUpMs: DEFAULT_CATCH_UP_MS,
        }
      : undefined,
    jobWorker: env.JOB_WORKER_ENABLED ? { ...heartbeat, pollMs: env.JOB_POLL_SECONDS * 1000 } : undefined,
    importCommits: heartbeat,
  });
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    else app.log.info({ signal }, 'closing');
    await app.close();
    await db.close();
  });
  await app.listen({ host: env.HOST, port: env.PORT });
  const shownHost = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  const { port } = app.server.address() as AddressInfo;
  app.log.info(`整改台账已启动 (ledger serving): http://${shownHost}:${port}`);
}

main().catch((error: unknown) => {
  // Problems a person starting the app can fix get one line, not a stack trace.
  if (error instanceof DatabaseUnavailableError || error instanceof MigrationError) {
    console.error(`启动失败: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
