import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { ADVISORY_LOCK_KEY, markRolledBack, migrate, MigrationError } from '../src/migrate';
import { createTestDatabase, type TestDatabase } from '../src/testing/database';
import { backends, query, tempDir, withClient, writeMigrations } from './helpers';

const TIMEOUT = 60_000;

const INIT = '20250101000000_init';
const SECOND = '20250102000000_add_note';
const THIRD = '20250103000000_add_index';

const migrations = {
  [INIT]: 'CREATE TABLE "Unit" ("id" TEXT PRIMARY KEY, "name" TEXT NOT NULL);\n',
  [SECOND]:
    'CREATE TABLE "Note" ("id" SERIAL PRIMARY KEY, "unitId" TEXT NOT NULL REFERENCES "Unit"("id"));\n',
};

interface HistoryRow {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const history = (url: string) =>
  query<HistoryRow>(url, 'SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name');

const tableExists = async (url: string, table: string) =>
  (await query<{ t: string | null }>(url, 'SELECT to_regclass($1)::text AS t', [`"${table}"`]))[0]?.t != null;

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

function logger() {
  return { info: vi.fn<(message: string) => void>(), warn: vi.fn<(message: string) => void>() };
}

describe.each(backends)('migration runner on $title', ({ kind, skip }) => {
  async function freshDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase({ kind, migrate: false });
    onTestFinished(() => database.drop());
    return database;
  }

  async function setup(files: Record<string, string> = migrations) {
    const [database, dir] = await Promise.all([freshDatabase(), tempDir()]);
    await writeMigrations(dir, files);
    return { url: database.url, dir };
  }

  it.skipIf(skip)(
    'applies pending migrations in order and records each row as prisma migrate deploy does',
    async () => {
      const { url, dir } = await setup();

      const result = await migrate({ connectionString: url, migrationsDir: dir, logger: logger() });

      expect(result.applied).toEqual([INIT, SECOND]);
      expect(await tableExists(url, 'Note')).toBe(true);
      const rows = await history(url);
      expect(rows.map((row) => row.migration_name)).toEqual([INIT, SECOND]);
      for (const row of rows) {
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.rolled_back_at).toBeNull();
        expect(row.logs).toBeNull();
        expect(row.applied_steps_count).toBe(1);
      }
    },
    TIMEOUT,
  );

  it.skipIf(skip)(
    'stores the lowercase hex SHA-256 of each migration.sql as its checksum',
    async () => {
      const { url, dir } = await setup();
      await migrate({ connectionString: url, migrationsDir: dir });

      for (const row of await history(url)) {
        const file = await readFile(path.join(dir, row.migration_name, 'migration.sql'));
        expect(row.checksum).toBe(sha256(file));
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      }
    },
    TIMEOUT,
  );

  it.skipIf(skip)(
    'a second run is a no-op, and a later run applies only the new migration',
    async () => {
      const { url, dir } = await setup();
      await migrate({ connectionString: url, migrationsDir: dir });
      const before = await history(url);

      expect((await migrate({ connectionString: url, migrationsDir: dir })).applied).toEqual([]);
      expect(await history(url)).toEqual(before);

      await writeMigrations(dir, { [THIRD]: 'CREATE INDEX "Note_unitId_idx" ON "Note"("unitId");' });
      expect((await migrate({ connectionString: url, migrationsDir: dir })).applied).toEqual([THIRD]);
      expect(await history(url)).toHaveLength(3);
    },
    TIMEOUT,
  );

  it.skipIf(skip)(
    'records a failing migration, rolls its script back, and blocks later runs until it is marked rolled back',
    async () => {
      const { url, dir } = await setup({
        [INIT]: migrations[INIT],
        [SECOND]: 'CREATE TABLE "Half" ("id" INT);\nSELECT 1 / 0;\n',
        [THIRD]: 'CREATE TABLE "Later" ("id" INT);\n',
      });

      const failure = await migrate({ connectionString: url, migrationsDir: dir }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(MigrationError);
      expect(failure).toMatchObject({ code: 'P3018', migrationName: SECOND });
      expect((failure as Error).message).toContain('division by zero');

      const failed = (await history(url)).find((row) => row.migration_name === SECOND);
      expect(failed).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
      expect(failed?.logs).toContain(`Migration name: ${SECOND}`);
      expect(failed?.logs).toContain('ERROR: division by zero');
      // The script ran as one implicit transaction, so its first statement did not stick.
      expect(await tableExists(url, 'Half')).toBe(false);
      expect(await tableExists(url, 'Later')).toBe(false);

      const blocked = await migrate({ connectionString: url, migrationsDir: dir }).catch(
        (error: unknown) => error,
      );
      expect(blocked).toBeInstanceOf(MigrationError);
      expect(blocked).toMatchObject({ code: 'P3009', migrationName: SECOND });
      expect((blocked as Error).message).toMatch(/fix the migration.*rolled back/i);
      expect((blocked as Error).message).not.toContain('\n');
      expect(await tableExists(url, 'Later')).toBe(false);

      await writeFile(path.join(dir, SECOND, 'migration.sql'), 'CREATE TABLE "Half" ("id" INT);\n');
      await markRolledBack({ connectionString: url, migrationName: SECOND });
      expect((await migrate({ connectionString: url, migrationsDir: dir })).applied).toEqual([SECOND, THIRD]);

      const rows = (await history(url)).filter((row) => row.migration_name === SECOND);
      expect(rows).toHaveLength(2);
      expect(rows.filter((row) => row.rolled_back_at !== null)).toHaveLength(1);
      expect(rows.filter((row) => row.finished_at !== null)).toHaveLength(1);
    },
    TIMEOUT,
  );

  it.skipIf(skip)(
    'applies a migration that creates the pg_trgm extension and a trigram index',
    async () => {
      const { url, dir } = await setup({
        [INIT]: `${migrations[INIT]}CREATE EXTENSION IF NOT EXISTS pg_trgm;\nCREATE INDEX "Unit_name_trgm_idx" ON "Unit" USING gin ("name" gin_trgm_ops);\n`,
      });

      expect((await migrate({ connectionString: url, migrationsDir: dir })).applied).toEqual([INIT]);
      expect(
        await query(url, `SELECT indexname FROM pg_indexes WHERE indexname = 'Unit_name_trgm_idx'`),
      ).toHaveLength(1);
    },
    TIMEOUT,
  );

  it.skipIf(skip)(
    'refuses to mark rolled back a migration that is not in a failed state',
    async () => {
      const { url, dir } = await setup();
      await migrate({ connectionString: url, migrationsDir: dir });

      await expect(markRolledBack({ connectionString: url, migrationName: INIT })).rejects.toMatchObject({
        code: 'P3012',
      });
    },
    TIMEOUT,
  );

  it.skipIf(skip)(
    'refuses a non-empty database that has no migration history (P3005)',
    async () => {
      const { url, dir } = await setup();
      await query(url, 'CREATE TABLE legacy (id INT)');

      const error = await migrate({ connectionString: url, migrationsDir: dir }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(MigrationError);
      expect(error).toMatchObject({ code: 'P3005' });
      expect((error as Error).message).toContain('legacy');
      expect(await tableExists(url, '_prisma_migrations')).toBe(false);
      expect(await tableExists(url, 'Unit')).toBe(false);
    },
    TIMEOUT,
  );

  it.skipIf(skip)(
    "creates _prisma_migrations with exactly Prisma's columns and types",
    async () => {
      // With no migrations at all the run still sets up the history table, as Prisma's does.
      const { url, dir } = await setup({});
      expect(
        (await migrate({ connectionString: url, migrationsDir: path.join(dir, 'missing') })).applied,
      ).toEqual([]);

      const columns = await query(
        url,
        `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
           FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'
          ORDER BY ordinal_position`,
      );
      expect(columns).toEqual([
        col('id', 'character varying', 36, 'NO'),
        col('checksum', 'character varying', 64, 'NO'),
        col('finished_at', 'timestamp with time zone', null, 'YES'),
        col('migration_name', 'character varying', 255, 'NO'),
        col('logs', 'text', null, 'YES'),
        col('rolled_back_at', 'timestamp with time zone', null, 'YES'),
        col('started_at', 'timestamp with time zone', null, 'NO', 'now()'),
        col('applied_steps_count', 'integer', null, 'NO', '0'),
      ]);
      const primaryKey = await query(
        url,
        `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = '_prisma_migrations'::regclass AND i.indisprimary`,
      );
      expect(primaryKey).toEqual([{ attname: 'id' }]);
    },
    TIMEOUT,
  );

  it.skipIf(skip)(
    'warns when an applied migration was changed afterwards, as Prisma does',
    async () => {
      const { url, dir } = await setup();
      await migrate({ connectionString: url, migrationsDir: dir });
      await writeFile(path.join(dir, INIT, 'migration.sql'), `-- edited\n${migrations[INIT]}`);

      const log = logger();
      expect((await migrate({ connectionString: url, migrationsDir: dir, logger: log })).applied).toEqual([]);

      expect(log.warn).toHaveBeenCalledTimes(1);
      expect(log.warn.mock.calls[0]?.[0]).toContain(`\`${INIT}\` was modified after it was applied`);
    },
    TIMEOUT,
  );

  it.skipIf(skip)(
    'does not warn when only the line endings of an applied migration changed',
    async () => {
      const { url, dir } = await setup();
      await migrate({ connectionString: url, migrationsDir: dir });
      await writeFile(path.join(dir, INIT, 'migration.sql'), migrations[INIT].replaceAll('\n', '\r\n'));

      const log = logger();
      await migrate({ connectionString: url, migrationsDir: dir, logger: log });

      expect(log.warn).not.toHaveBeenCalled();
    },
    TIMEOUT,
  );

  it.skipIf(skip || kind === 'embedded')(
    "serialises concurrent runs with Prisma's advisory lock, so each migration is applied once (server only: PGlite takes one connection)",
    async () => {
      const { url, dir } = await setup();

      const results = await Promise.all(
        [1, 2, 3].map(() => migrate({ connectionString: url, migrationsDir: dir })),
      );

      expect(results.flatMap((result) => result.applied).sort()).toEqual([INIT, SECOND]);
      expect(await history(url)).toHaveLength(2);
      // The lock is released after each run.
      const held = await query(url, 'SELECT 1 FROM pg_locks WHERE locktype = $1 AND objid = $2', [
        'advisory',
        ADVISORY_LOCK_KEY,
      ]);
      expect(held).toEqual([]);
    },
    TIMEOUT,
  );

  it.skipIf(skip)(
    'releases the advisory lock when a run fails',
    async () => {
      const { url, dir } = await setup({ [INIT]: 'SELECT 1 / 0;' });
      await expect(migrate({ connectionString: url, migrationsDir: dir })).rejects.toMatchObject({
        code: 'P3018',
      });

      // On PGlite the lock would outlive the connection (one backend for everyone) unless released.
      const acquired = await withClient(url, async (client) => {
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
          ADVISORY_LOCK_KEY,
        ]);
        await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
        return rows[0]?.ok;
      });
      expect(acquired).toBe(true);
      if (kind === 'embedded') {
        const held = await query(url, 'SELECT count(*)::int AS n FROM pg_locks WHERE locktype = $1', [
          'advisory',
        ]);
        expect(held).toEqual([{ n: 0 }]);
      }
    },
    TIMEOUT,
  );
});

describe('migration folder checks (before connecting)', () => {
  const unreachable = 'postgres://nobody@127.0.0.1:1/none';

  it('rejects a migration folder without migration.sql (P3015)', async () => {
    const dir = await tempDir();
    await writeMigrations(dir, { [INIT]: 'SELECT 1;' });
    await mkdir(path.join(dir, SECOND));

    await expect(migrate({ connectionString: unreachable, migrationsDir: dir })).rejects.toMatchObject({
      code: 'P3015',
      migrationName: SECOND,
    });
  });

  it('rejects a migration_lock.toml for another provider (P3019)', async () => {
    const dir = await tempDir();
    await writeMigrations(dir, { [INIT]: 'SELECT 1;' });
    await writeFile(path.join(dir, 'migration_lock.toml'), 'provider = "mysql"\n');

    await expect(migrate({ connectionString: unreachable, migrationsDir: dir })).rejects.toMatchObject({
      code: 'P3019',
    });
  });
});

function col(
  column_name: string,
  data_type: string,
  character_maximum_length: number | null,
  is_nullable: 'YES' | 'NO',
  column_default: string | null = null,
) {
  return { column_name, data_type, character_maximum_length, is_nullable, column_default };
}
