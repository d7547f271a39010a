import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { TOTP_SETTINGS } from '@ledger/domain/accounts';
import { openDatabase, type Database } from '@ledger/db/database';
import { DEMO_PASSWORD } from '@ledger/db/seed/accounts';
import { seedDemoData } from '@ledger/db/seed/demo';
import { createTestDatabase, type TestDatabase } from '@ledger/db/testing/database';
import type { InjectOptions } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, expect } from 'vitest';

import { buildApp, type AppOptions } from '../src/app';
import type { JobWorkerSettings } from '../src/plugins/app/job-worker';
import type { SchedulerSettings } from '../src/plugins/app/scheduler';

const silent = { info: () => {}, warn: () => {} };

/** The day the demo ledger is seeded for in tests: fixed, so that tests can count on it. */
export const SEED_TODAY = new Date('2026-11-29T04:00:00Z');

export interface TestContext {
  app: Awaited<ReturnType<typeof buildApp>>;
  db: Database;
  database: TestDatabase;
  /** this file's evidence folder (a temp folder, removed after its tests) */
  evidenceDir: string;
}

/**
 * The app on a fresh, migrated test database (PostgreSQL with TEST_DATABASE_URL, else PGlite),
 * optionally loaded with the demo ledger, torn down after the file's tests.
 */
export function useTestApp(
  options: {
    seed?: boolean;
    evidenceMaxBytes?: number;
    /** the daily digest and webhook jobs; without it (the default) no scheduler runs in tests */
    scheduler?: SchedulerSettings;
    /** the background job worker; without it (the default) queued jobs stay queued in tests */
    jobWorker?: JobWorkerSettings;
    /**
     * demo mode (the default here): demo accounts log in without a second factor, as on a demo
     * server; the second-factor tests turn it off
     */
    demoMode?: boolean;
    /** logins per address and minute (the default is the server's) */
    loginsPerAddress?: number;
    /** the database kind, when a test is about one (default: PostgreSQL if TEST_DATABASE_URL is set, else embedded) */
    databaseKind?: 'postgres' | 'embedded';
  } = {},
) {
  const context = {} as TestContext;
  beforeAll(async () => {
    context.database = await createTestDatabase({ kind: options.databaseKind });
    context.db = await openDatabase({
      databaseUrl: context.database.url,
      dataDir: '',
      logger: silent,
      singleConnection: context.database.kind === 'embedded',
    });
    if (options.seed) await seedDemoData(context.db.prisma, { today: SEED_TODAY });
    context.evidenceDir = await mkdtemp(join(tmpdir(), 'ledger-evidence-'));
    context.app = await buildApp({
      db: context.db,
      evidence: { dir: context.evidenceDir, maxBytes: options.evidenceMaxBytes ?? 20 * 1024 * 1024 },
      scheduler: options.scheduler,
      jobWorker: options.jobWorker,
      demoMode: options.demoMode ?? true,
      loginsPerAddress: options.loginsPerAddress,
    });
    await context.app.ready();
  }, 120_000);
  afterAll(async () => {
    await context.app?.close();
    await context.db?.close();
    await context.database?.drop();
    if (context.evidenceDir) await rm(context.evidenceDir, { recursive: true, force: true });
  });
  return context;
}

/** Authenticator secrets bound during a test run, by database URL and username. */
const boundSecrets = new Map<string, string>();

/**
 * Logs in and answers the Cookie header to send with its requests. An account the login asks a
 * second factor of (a privileged one that is not a demo account, or any one outside demo mode)
 * goes through it as a user would: binding an authenticator on the first login, then a code
 * computed from that secret.
 */
export async function loginAs(context: TestContext, username: string, password = DEMO_PASSWORD) {
  const response = await context.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  expect(response.statusCode, response.body).toBe(200);
  const cookie = `ledger_session=${sessionToken(response)}`;
  const step = response.json<{ user: { secondFactor: 'verify' | 'enrol' | null } }>().user.secondFactor;
  if (step === null) return { cookie };
  const key = `${context.database.url}|${username}`;
  if (step === 'enrol') {
    const enrolment = await context.app.inject({
      method: 'POST',
      url: '/api/auth/totp/enrolment',
      headers: { cookie },
    });
    expect(enrolment.statusCode, enrolment.body).toBe(200);
    boundSecrets.set(key, enrolment.json<{ secret: string }>().secret);
  }
  const secret = boundSecrets.get(key);
  expect(secret, `${username} has an authenticator this test run did not bind`).toBeDefined();
  const finished = await context.app.inject({
    method: 'POST',
    url: step === 'enrol' ? '/api/auth/totp/enrolment/confirm' : '/api/auth/second-factor',
    headers: { cookie },
    payload: { code: await freshCode(key, secret!) },
  });
  expect(finished.statusCode, finished.body).toBe(200);
  return { cookie: `ledger_session=${sessionToken(finished)}` };
}

function sessionToken(response: { cookies: { name: string; value: string }[] }) {
  const cookie = response.cookies.find((candidate) => candidate.name === 'ledger_session');
  expect(cookie).toBeDefined();
  return cookie!.value;
}

const lastStepUsed = new Map<string, number>();

/** A code of a time step not used before for this account (a code is accepted once): waits for the next step if need be. */
async function freshCode(key: string, secret: string): Promise<string> {
  const period = TOTP_SETTINGS.period * 1000;
  let step = Math.floor(Date.now() / period);
  if (step <= (lastStepUsed.get(key) ?? -1)) {
    // The step after the last one used is accepted too (one step of clock drift either way).
    step = lastStepUsed.get(key)! + 1;
    if (step > Math.floor(Date.now() / period) + TOTP_SETTINGS.window) {
      await new Promise((resolve) =>
        setTimeout(resolve, (step - TOTP_SETTINGS.window) * period - Date.now() + 50),
      );
    }
  }
  lastStepUsed.set(key, step);
  return new TOTP({
    algorithm: TOTP_SETTINGS.algorithm,
    digits: TOTP_SETTINGS.digits,
    period: TOTP_SETTINGS.period,
    secret: Secret.fromBase32(secret),
  }).generate({
    timestamp: step * period,
  });
}

/**
 * A second app on the file's database whose ledger day is the seed's (SEED_TODAY): the seed lays
 * its dates around that day, so notice periods, deadlines and overdue mean the same on whatever
 * day the tests run (`context.app` keeps the real clock). Built before the file's tests, with the
 * unit ids by code; closed after them. `login` keeps a session (and the user's id) per username,
 * which `inject` sends.
 */
export function useSeedDayApp(
  context: TestContext,
  options: Pick<AppOptions, 'noticeWorkingDays' | 'dashboardCacheMs'> = {},
) {
  const seedDay = {
    app: undefined as unknown as TestContext['app'],
    /** unit id by unit code */
    units: {} as Record<string, string>,
    /** the Cookie header by username */
    sessions: {} as Record<string, string>,
    userIds: {} as Record<string, string>,
    async login(username: string) {
      seedDay.sessions[username] = (await loginAs(context, username)).cookie;
      seedDay.userIds[username] = (
        await context.db.prisma.user.findUniqueOrThrow({ where: { username } })
      ).id;
    },
    /** A request with the session of `username` (none if they have not logged in). */
    inject(username: string, request: InjectOptions) {
      const cookie = seedDay.sessions[username];
      return seedDay.app.inject({
        ...request,
        headers: { ...request.headers, ...(cookie ? { cookie } : {}) },
      });
    },
  };
  beforeAll(async () => {
    seedDay.app = await buildApp({
      db: context.db,
      evidence: { dir: context.evidenceDir, maxBytes: 1_000_000 },
      today: () => SEED_TODAY,
      demoMode: true,
      ...options,
    });
    await seedDay.app.ready();
    for (const unit of await context.db.prisma.unit.findMany({ select: { id: true, code: true } })) {
      seedDay.units[unit.code] = unit.id;
    }
  });
  afterAll(async () => {
    await seedDay.app?.close();
  });
  return seedDay;
}
