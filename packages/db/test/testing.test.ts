import { describe, expect, it, onTestFinished } from 'vitest';
import { listMigrations } from '../src/migrate';
import { createTestDatabase } from '../src/testing/database';
import { adminUrl, query, tempDir, writeMigrations } from './helpers';

const TIMEOUT = 60_000;

describe('createTestDatabase', () => {
  it(
    'gives each call its own migrated in-memory PGlite database',
    async () => {
      const dir = await tempDir();
      await writeMigrations(dir, { '20250101000000_init': 'CREATE TABLE "Unit" ("id" TEXT PRIMARY KEY);' });

      const [a, b] = await Promise.all([
        createTestDatabase({ kind: 'embedded', migrationsDir: dir }),
        createTestDatabase({ kind: 'embedded', migrationsDir: dir }),
      ]);
      onTestFinished(() => a.drop());
      onTestFinished(() => b.drop());

      expect(a.kind).toBe('embedded');
      expect(a.url).not.toBe(b.url);
      await query(a.url, `INSERT INTO "Unit" VALUES ('only-in-a')`);
      expect(await query(b.url, 'SELECT * FROM "Unit"')).toEqual([]);
      expect(await query(b.url, 'SELECT migration_name FROM _prisma_migrations')).toEqual([
        { migration_name: '20250101000000_init' },
      ]);
    },
    TIMEOUT,
  );

  it(
    'leaves the database empty with migrate: false',
    async () => {
      const database = await createTestDatabase({ kind: 'embedded', migrate: false });
      onTestFinished(() => database.drop());

      expect(await query(database.url, `SELECT to_regclass('_prisma_migrations') AS t`)).toEqual([
        { t: null },
      ]);
    },
    TIMEOUT,
  );

  it(
    'applies the project migrations by default',
    async () => {
      const database = await createTestDatabase({ kind: 'embedded' });
      onTestFinished(() => database.drop());

      const expected = (await listMigrations()).map((migration) => ({ migration_name: migration.name }));
      const hasTable = await query<{ t: string | null }>(
        database.url,
        `SELECT to_regclass('_prisma_migrations')::text AS t`,
      );
      expect(hasTable).toEqual([{ t: '_prisma_migrations' }]);
      expect(
        await query(database.url, 'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name'),
      ).toEqual(expected);
    },
    TIMEOUT,
  );

  it.skipIf(!adminUrl)(
    `creates a ledger_test_* database on the TEST_DATABASE_URL server and drop() removes it${adminUrl ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`,
    async () => {
      const database = await createTestDatabase({ kind: 'postgres', migrate: false });
      onTestFinished(() => database.drop());
      const name = new URL(database.url).pathname.slice(1);
      const exists = async () =>
        (await query(adminUrl as string, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length ===
        1;

      expect(database.kind).toBe('postgres');
      expect(name).toMatch(/^ledger_test_[0-9a-f]{12}$/);
      expect(await exists()).toBe(true);

      await database.drop();
      expect(await exists()).toBe(false);
    },
    TIMEOUT,
  );
});
