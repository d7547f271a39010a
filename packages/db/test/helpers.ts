import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { onTestFinished } from 'vitest';

export const adminUrl = process.env.TEST_DATABASE_URL || undefined;

/** Backends every database test runs on; the server one only when TEST_DATABASE_URL is set. */
export const backends = [
  { kind: 'embedded' as const, title: 'PGlite', skip: false },
  {
    kind: 'postgres' as const,
    title: adminUrl ? 'PostgreSQL server' : 'PostgreSQL server (skipped: TEST_DATABASE_URL is not set)',
    skip: !adminUrl,
  },
];

/** A temporary folder removed when the current test finishes. */
export async function tempDir(prefix = 'ledger-db-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes prisma/migrations-style folders: `{ '20250101000000_init': 'CREATE TABLE …' }`. */
export async function writeMigrations(dir: string, migrations: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, 'migration.sql'), sql);
  }
}

/** Runs `work` on a fresh connection and closes it (PGlite serves one connection at a time). */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function query<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values?: unknown[],
): Promise<R[]> {
  return withClient(url, async (client) => (await client.query<R>(sql, values)).rows);
}
