import { openDatabase, type Database } from '@ledger/db/database';
import { createTestDatabase, type TestDatabase } from '@ledger/db/testing/database';
import { afterAll, beforeAll } from 'vitest';

import { buildApp } from '../src/app';

const silent = { info: () => {}, warn: () => {} };

/**
 * The app on a fresh, migrated test database (PostgreSQL with TEST_DATABASE_URL, else PGlite),
 * torn down after the file's tests.
 */
export function useTestApp() {
  const context = {} as { app: Awaited<ReturnType<typeof buildApp>>; db: Database; database: TestDatabase };
  beforeAll(async () => {
    context.database = await createTestDatabase();
    context.db = await openDatabase({ databaseUrl: context.database.url, dataDir: '', logger: silent });
    context.app = await buildApp({ db: context.db });
    await context.app.ready();
  }, 60_000);
  afterAll(async () => {
    await context.app?.close();
    await context.db?.close();
    await context.database?.drop();
  });
  return context;
}
