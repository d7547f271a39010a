// A throwaway database for an integration test. With TEST_DATABASE_URL (an admin URL such as
// postgres://postgres@127.0.0.1:5432/postgres) each test database is a fresh database on that
// PostgreSQL server, which is what CI and production run; without it, an in-memory PGlite server.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { assertReachable } from '../database';
import { startEmbeddedPostgres } from '../embedded';
import {
  defaultMigrationsDir,
  listMigrations,
  migrate as runMigrations,
  type MigrateLogger,
} from '../migrate';

export interface TestDatabase {
  url: string;
  kind: 'postgres' | 'embedded';
  /** Drops the database (or stops the embedded server). Safe to call more than once. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Apply the migrations (default true). */
  migrate?: boolean;
  /** Defaults to <repo>/prisma/migrations. */
  migrationsDir?: string;
  /**
   * Force a backend; by default 'postgres' when TEST_DATABASE_URL is set, else 'embedded'.
   * 'postgres' without TEST_DATABASE_URL is an error.
   */
  kind?: TestDatabase['kind'];
}

const quietLogger: MigrateLogger = { info: () => {}, warn: (message) => console.warn(message) };

/**
 * Note for embedded databases: PGlite serves one connection at a time, so close a `pg` client
 * before a Prisma client (or another client) connects to the same test database.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL || undefined;
  const kind = options.kind ?? (adminUrl ? 'postgres' : 'embedded');
  const migrationsDir =
    (options.migrate ?? true) ? (options.migrationsDir ?? defaultMigrationsDir) : undefined;
  if (kind === 'embedded') return createEmbeddedDatabase(migrationsDir);
  if (!adminUrl) {
    throw new Error(
      'a PostgreSQL test database needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)',
    );
  }

  const database = await createServerDatabase(adminUrl);
  if (migrationsDir !== undefined) {
    try {
      await runMigrations({ connectionString: database.url, migrationsDir, logger: quietLogger });
    } catch (error) {
      await database.drop().catch(() => {});
      throw error;
    }
  }
  return database;
}

// Starting PGlite from a dump of an already-migrated cluster takes a fraction of initdb plus the
// migrations, so each test process builds that cluster once per distinct set of migrations.
const templates = new Map<string, Promise<Blob>>();

async function createEmbeddedDatabase(migrationsDir: string | undefined): Promise<TestDatabase> {
  const key =
    migrationsDir === undefined
      ? 'no migrations'
      : JSON.stringify([migrationsDir, await listMigrations(migrationsDir)]);
  let template = templates.get(key);
  if (!template) {
    template = buildTemplate(migrationsDir);
    templates.set(key, template);
    template.catch(() => templates.delete(key));
  }
  const server = await startEmbeddedPostgres({ loadDataDir: await template });
  return { url: server.url, kind: 'embedded', drop: server.stop };
}

async function buildTemplate(migrationsDir: string | undefined): Promise<Blob> {
  const server = await startEmbeddedPostgres();
  try {
    if (migrationsDir !== undefined) {
      await runMigrations({ connectionString: server.url, migrationsDir, logger: quietLogger });
    }
    return await server.dumpDataDir();
  } finally {
    await server.stop();
  }
}

async function createServerDatabase(adminUrl: string): Promise<TestDatabase> {
  await assertReachable(adminUrl);
  const name = `ledger_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropping: Promise<void> | undefined;
  const drop = () => {
    // FORCE ends connections a test left open (a pool not yet closed), which would block the drop.
    dropping ??= withAdminClient(adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    );
    return dropping;
  };
  return { url: url.toString(), kind: 'postgres', drop };
}

async function withAdminClient(
  adminUrl: string,
  work: (client: pg.Client) => Promise<unknown>,
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}
