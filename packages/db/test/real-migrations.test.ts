// The project's own prisma/migrations must apply on both databases the app runs on: PGlite
// (PostgreSQL 18, the embedded default) and a PostgreSQL 15 server. Passes with no migrations yet.
import { describe, expect, it, onTestFinished } from 'vitest';
import { defaultMigrationsDir, listMigrations, migrate } from '../src/migrate';
import { createTestDatabase } from '../src/testing/database';
import { backends, query } from './helpers';

describe.each(backends)('prisma/migrations on $title', ({ kind, skip }) => {
  it.skipIf(skip)(
    'apply in order to an empty database, and a second run applies nothing',
    async () => {
      const database = await createTestDatabase({ kind, migrate: false });
      onTestFinished(() => database.drop());
      const expected = (await listMigrations(defaultMigrationsDir)).map((migration) => migration.name);

      expect((await migrate({ connectionString: database.url })).applied).toEqual(expected);
      expect((await migrate({ connectionString: database.url })).applied).toEqual([]);

      const rows = await query<{ migration_name: string; done: boolean }>(
        database.url,
        `SELECT migration_name, finished_at IS NOT NULL AND rolled_back_at IS NULL AS done
           FROM _prisma_migrations ORDER BY started_at, migration_name`,
      );
      expect(rows).toEqual(expected.map((name) => ({ migration_name: name, done: true })));
    },
    120_000,
  );
});
