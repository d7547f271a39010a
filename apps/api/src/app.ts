/**
 * The application as a Fastify plugin tree. Load order: external plugins (thin @fastify/*
 * wrappers) → app plugins (decorators) → routes. server.ts only opens the database, listens and
 * closes; tests build this app against a real database and use `inject`.
 */
import type { Database } from '@ledger/db/database';
import { DEFAULT_NOTICE_WORKING_DAYS } from '@ledger/domain/workflow-inputs';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';

import { SecretBox } from './lib/secret-box';
import { answerFrameworkError } from './lib/framework-errors';
import admissionControl, { type AdmissionOptions } from './plugins/app/admission';
import auth from './plugins/app/auth';
import csrf from './plugins/app/csrf';
import database from './plugins/app/database';
import errorHandler from './plugins/app/error-handler';
import jobWorker, { type JobWorkerSettings } from './plugins/app/job-worker';
import ledgerDate from './plugins/app/ledger-date';
import scheduler, { type SchedulerSettings } from './plugins/app/scheduler';
import wellFormedText from './plugins/app/well-formed-text';
import cookie from './plugins/external/cookie';
import helmet from './plugins/external/helmet';
import multipart from './plugins/external/multipart';
import openapi from './plugins/external/openapi';
import rateLimit from './plugins/external/rate-limit';
import webApp from './plugins/external/web-app';
import auditRoutes from './routes/api/audit/index';
import authRoutes from './routes/api/auth/index';
import bulletinRoutes from './routes/api/bulletins/index';
import dashboardRoutes from './routes/api/dashboard/index';
import exportJobRoutes from './routes/api/exports/case-files';
import ledgerExportRoutes from './routes/api/exports/ledger';
import health from './routes/api/health/index';
import importRoutes from './routes/api/imports/index';
import items from './routes/api/items/index';
import caseFileRoutes from './routes/api/items/case-file';
import workflowRoutes from './routes/api/items/actions';
import evidenceRoutes from './routes/api/items/evidence';
import progressRoutes from './routes/api/items/progress';
import itemSupervisionRoutes from './routes/api/items/supervision';
import publicRoutes from './routes/api/public/index';
import supervisionRoutes from './routes/api/supervision-notices/index';
import notificationRoutes from './routes/api/notifications/index';
import todoRoutes from './routes/api/todo/index';
import unitRoutes from './routes/api/units/index';
import userRoutes from './routes/api/users/index';
import webhookDeliveryRoutes from './routes/api/webhook-deliveries/index';
import type { ImportCommitSettings } from './services/imports/commit';
import { EvidenceStorage } from './services/storage';

export interface AppOptions {
  db: Database;
  /** the built web app to serve; undefined serves the API only */
  webRoot?: string;
  /** the process's pino logger; tests run silent without one */
  logger?: FastifyBaseLogger;
  /** evidence files (佐证材料): where they are stored and the largest one accepted, in bytes */
  evidence: { dir: string; maxBytes: number };
  /** tests only: the instant whose Asia/Shanghai date counts as today (overdue, due soon) */
  today?: () => Date;
  /** 公示 length in working days when the coordinator names none (NOTICE_WORKING_DAYS) */
  noticeWorkingDays?: number;
  /** bounded concurrency of API requests (API_CONCURRENCY, API_QUEUE_WAIT_SECONDS); none when absent */
  admission?: AdmissionOptions;
  /** how long a dashboard summary is shared between requests, in ms (DASHBOARD_CACHE_SECONDS); default 0 */
  dashboardCacheMs?: number;
  /** the daily digest and webhook delivery jobs; absent: none run (tests ask for them explicitly) */
  scheduler?: SchedulerSettings;
  /** the background job worker (batch exports); absent: jobs stay queued (tests ask for it explicitly) */
  jobWorker?: JobWorkerSettings;
  /** heartbeat and stale limit of import commits; absent: the defaults */
  importCommits?: ImportCommitSettings;
  /** demo mode: the seeded demo accounts may log in without a second factor (DEMO_MODE) */
  demoMode?: boolean;
  /** the key that seals TOTP secrets (SECRET_KEY or the key file); absent: a key for this process only */
  secretKey?: Buffer;
  /** logins per address and minute over all account names (LOGIN_RATE_LIMIT_PER_ADDRESS) */
  loginsPerAddress?: number;
  /** which proxies' X-Forwarded-* headers count (TRUST_PROXY); default: a proxy on this machine */
  trustProxy?: boolean | string;
}

export async function buildApp({
  db,
  webRoot,
  logger,
  evidence,
  today,
  noticeWorkingDays = DEFAULT_NOTICE_WORKING_DAYS,
  dashboardCacheMs = 0,
  admission,
  scheduler: schedulerSettings,
  jobWorker: jobWorkerSettings,
  importCommits,
  demoMode = false,
  secretKey,
  loginsPerAddress,
  trustProxy = 'loopback',
}: AppOptions) {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    // Behind a reverse proxy in production: the client address (audit log, rate limits) comes from
    // X-Forwarded-For, but only as far as trusted proxies vouch for it — anyone can send the header.
    trustProxy,
    bodyLimit: 1_048_576,
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet);
  await app.register(cookie);
  await app.register(multipart);
  await app.register(openapi);
  await app.register(rateLimit);
  await app.register(errorHandler);
  await app.register(wellFormedText);
  if (admission) await app.register(admissionControl, admission);
  await app.register(database, { db });
  await app.register(csrf);
  await app.register(auth);
  await app.register(ledgerDate, { today });
  await app.register(scheduler, { settings: schedulerSettings, clock: today });
  await app.register(jobWorker, { settings: jobWorkerSettings });
  await app.register(health);
  await app.register(authRoutes, {
    policy: { demoMode },
    secrets: secretKey ? new SecretBox(secretKey) : SecretBox.ephemeral(),
    loginsPerAddress,
  });
  await app.register(items);
  await app.register(unitRoutes);
  await app.register(userRoutes);
  await app.register(progressRoutes);
  await app.register(workflowRoutes, { noticeWorkingDays });
  await app.register(todoRoutes);
  await app.register(itemSupervisionRoutes);
  await app.register(supervisionRoutes);
  await app.register(notificationRoutes);
  await app.register(webhookDeliveryRoutes);
  await app.register(dashboardRoutes, { cacheMs: dashboardCacheMs });
  await app.register(ledgerExportRoutes);
  const storage = await EvidenceStorage.open(evidence.dir);
  await app.register(evidenceRoutes, { storage, maxBytes: evidence.maxBytes });
  await app.register(bulletinRoutes, { storage });
  await app.register(importRoutes, { storage, commits: importCommits });
  await app.register(caseFileRoutes, { storage });
  await app.register(exportJobRoutes, { storage });
  await app.register(auditRoutes);
  await app.register(publicRoutes, { storage });
  await app.register(webApp, { webRoot });
  return app;
}
