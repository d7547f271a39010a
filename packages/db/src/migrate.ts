// Applies prisma/migrations the way `prisma migrate deploy` does, writing the same
// `_prisma_migrations` rows, so either tool can take over a database migrated by the other.
// Prisma's own command needs a schema-engine binary that cannot be downloaded on offline
// machines; see docs/decisions/002-own-migration-runner.md.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** Prisma's error codes where one exists, so its documentation applies. */
export type MigrationErrorCode =
  /** Timed out waiting for the advisory lock held by another migration run. */
  | 'P1002'
  /** The database is not empty and has no migration history. */
  | 'P3005'
  /** A previous migration failed and has not been resolved. */
  | 'P3009'
  /** A migration folder has no migration.sql. */
  | 'P3015'
  /** A migration failed to apply in this run. */
  | 'P3018'
  /** migration_lock.toml names a provider other than postgresql. */
  | 'P3019'
  /** `markRolledBack` was asked about a migration that is not in a failed state. */
  | 'P3012';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly code: MigrationErrorCode;
  /** The migration the error is about, when there is one. */
  readonly migrationName: string | undefined;

  constructor(code: MigrationErrorCode, message: string, migrationName?: string) {
    super(`${code}: ${message}`);
    this.code = code;
    this.migrationName = migrationName;
  }
}

export interface MigrateLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface MigrateOptions {
  connectionString: string;
  /** Defaults to <repo>/prisma/migrations. */
  migrationsDir?: string;
  logger?: MigrateLogger;
}

export interface MigrateResult {
  /** Names of the migrations applied by this run, in order; empty when already up to date. */
  applied: string[];
}

export const defaultMigrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

export const MIGRATIONS_TABLE = '_prisma_migrations';

/** The key Prisma's schema engine locks on, so our runner and `prisma migrate` exclude each other. */
export const ADVISORY_LOCK_KEY = 72707369;

const LOCK_TIMEOUT_MS = 10_000;

// Prisma's own DDL for the history table, column for column.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE "${MIGRATIONS_TABLE}" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

const defaultLogger: MigrateLogger = { info: () => {}, warn: (message) => console.warn(message) };

interface LocalMigration {
  name: string;
  script: string;
  checksum: string;
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir;
  const logger = options.logger ?? defaultLogger;
  const local = await readMigrations(migrationsDir);

  return withLockedClient(options.connectionString, async (client) => {
    await ensureHistoryTable(client);
    const history = await readHistory(client);
    assertNoFailedMigrations(history);
    warnAboutDivergence(local, history, logger);

    const live = new Set(
      history.filter((row) => row.rolled_back_at === null).map((row) => row.migration_name),
    );
    const pending = local.filter((migration) => !live.has(migration.name));
    if (local.length === 0) logger.info(`No migration found in ${migrationsDir}`);

    const applied: string[] = [];
    for (const migration of pending) {
      logger.info(`Applying migration \`${migration.name}\``);
      await applyMigration(client, migration);
      applied.push(migration.name);
    }
    return { applied };
  });
}

/**
 * What `prisma migrate resolve --rolled-back <name>` does: after fixing a failed migration (or
 * cleaning up what it half did), mark its failed row rolled back so the next run applies it anew.
 */
export async function markRolledBack(options: {
  connectionString: string;
  migrationName: string;
}): Promise<void> {
  await withLockedClient(options.connectionString, async (client) => {
    const exists = await historyTableExists(client);
    const result = exists
      ? await client.query(
          `UPDATE "${MIGRATIONS_TABLE}" SET rolled_back_at = now()
            WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
          [options.migrationName],
        )
      : { rowCount: 0 };
    if (!result.rowCount) {
      throw new MigrationError(
        'P3012',
        `migration \`${options.migrationName}\` cannot be rolled back because it is not in a failed state`,
        options.migrationName,
      );
    }
  });
}

/** Lowercase hex SHA-256 of the file's bytes, as Prisma stores it in `checksum`. */
export function migrationChecksum(script: string | Uint8Array): string {
  return createHash('sha256').update(script).digest('hex');
}

/** The migrations in a folder, in the order they apply, with their checksums. */
export async function listMigrations(
  migrationsDir: string = defaultMigrationsDir,
): Promise<{ name: string; checksum: string }[]> {
  return (await readMigrations(migrationsDir)).map(({ name, checksum }) => ({ name, checksum }));
}

async function readMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }

  const lockFile = entries.find((entry) => entry.isFile() && entry.name === 'migration_lock.toml');
  if (lockFile) {
    const toml = await readFile(path.join(migrationsDir, lockFile.name), 'utf8');
    const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(toml)?.[1];
    if (provider !== undefined && provider !== 'postgresql') {
      throw new MigrationError(
        'P3019',
        `migration_lock.toml says provider "${provider}", but this database is postgresql`,
      );
    }
  }

  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        throw new MigrationError('P3015', `could not find the migration file at ${file}`, name);
      }
      return { name, script: bytes.toString('utf8'), checksum: migrationChecksum(bytes) };
    }),
  );
}

async function withLockedClient<T>(
  connectionString: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  // An error on an idle client (e.g. the server going away) is reported by the next query;
  // without a listener it would crash the process instead.
  client.on('error', () => {});
  await client.connect();
  try {
    await acquireLock(client);
    try {
      return await work(client);
    } finally {
      // Explicit unlock matters on PGlite: its single backend outlives our connection, so a
      // session lock would otherwise stay held after we disconnect.
      await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

async function acquireLock(client: pg.Client): Promise<void> {
  await client.query(`SET lock_timeout = ${LOCK_TIMEOUT_MS}`);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') {
      throw new MigrationError(
        'P1002',
        `timed out after ${LOCK_TIMEOUT_MS / 1000} s waiting for the migration lock ` +
          `(pg_advisory_lock(${ADVISORY_LOCK_KEY})): another migration is running against this database`,
      );
    }
    throw error;
  } finally {
    await client.query('RESET lock_timeout').catch(() => {});
  }
}

async function historyTableExists(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ exists: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind IN ('r', 'p')
     ) AS exists`,
    [MIGRATIONS_TABLE],
  );
  return rows[0]?.exists === true;
}

async function ensureHistoryTable(client: pg.Client): Promise<void> {
  if (await historyTableExists(client)) return;

  // Like Prisma: tables belonging to an extension (PostGIS's spatial_ref_sys, say) do not count.
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'f')
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                         WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY c.relname LIMIT 5`,
  );
  if (rows.length > 0) {
    const { rows: info } = await client.query<{ db: string; schema: string }>(
      'SELECT current_database() AS db, current_schema() AS schema',
    );
    const where = `${info[0]?.db ?? '?'}.${info[0]?.schema ?? '?'}`;
    throw new MigrationError(
      'P3005',
      `the database schema ${where} is not empty (tables: ${rows.map((row) => row.relname).join(', ')}) ` +
        `and has no ${MIGRATIONS_TABLE} table; migrate an empty database, or baseline this one first`,
    );
  }
  await client.query(CREATE_MIGRATIONS_TABLE);
}

async function readHistory(client: pg.Client): Promise<MigrationRow[]> {
  const { rows } = await client.query<MigrationRow>(
    `SELECT id, checksum, migration_name, logs, started_at, finished_at, rolled_back_at
       FROM "${MIGRATIONS_TABLE}" ORDER BY started_at, migration_name`,
  );
  return rows;
}

function assertNoFailedMigrations(history: MigrationRow[]): void {
  const failed = history.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (!failed) return;
  const name = failed.migration_name;
  const reason = firstLine(failed.logs ?? '');
  throw new MigrationError(
    'P3009',
    `migration \`${name}\` started at ${failed.started_at.toISOString()} failed` +
      (reason ? ` (${reason})` : '') +
      `; new migrations will not be applied. To resolve: fix the migration and undo whatever part of it ` +
      `took effect, then mark it rolled back with \`pnpm db:migrate --rolled-back ${name}\` ` +
      `(or \`prisma migrate resolve --rolled-back ${name}\`) and migrate again`,
    name,
  );
}

function warnAboutDivergence(local: LocalMigration[], history: MigrationRow[], logger: MigrateLogger): void {
  const localByName = new Map(local.map((migration) => [migration.name, migration]));
  for (const row of history) {
    if (row.finished_at === null || row.rolled_back_at !== null) continue;
    const migration = localByName.get(row.migration_name);
    if (!migration) {
      logger.warn(
        `Migration \`${row.migration_name}\` is applied in the database but missing from the migrations folder`,
      );
    } else if (!checksumMatches(migration, row.checksum)) {
      logger.warn(`Migration \`${row.migration_name}\` was modified after it was applied (checksum differs)`);
    }
  }
}

// Prisma accepts a checksum taken before git converted the file's line endings.
function checksumMatches(migration: LocalMigration, checksum: string): boolean {
  if (migration.checksum === checksum) return true;
  const lf = migration.script.replaceAll('\r\n', '\n');
  return migrationChecksum(lf) === checksum || migrationChecksum(lf.replaceAll('\n', '\r\n')) === checksum;
}

async function applyMigration(client: pg.Client, migration: LocalMigration): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "${MIGRATIONS_TABLE}" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
    [id, migration.checksum, migration.name],
  );
  try {
    // No parameters: pg sends a simple Query message, which Postgres runs as one implicit
    // transaction, exactly as Prisma applies a migration script.
    await client.query(migration.script);
  } catch (error) {
    // A script with its own BEGIN leaves the session in an aborted transaction; clear it so the
    // failure can be recorded.
    await client.query('ROLLBACK').catch(() => {});
    const logs = describeScriptError(migration.name, error);
    await client.query(`UPDATE "${MIGRATIONS_TABLE}" SET logs = $2 WHERE id = $1`, [id, logs]);
    throw new MigrationError(
      'P3018',
      `migration \`${migration.name}\` failed to apply: ${firstLine(describeDatabaseError(error))}. ` +
        `New migrations cannot be applied until it is resolved (fix it, then \`pnpm db:migrate --rolled-back ${migration.name}\`)`,
      migration.name,
    );
  }
  await client.query(
    `UPDATE "${MIGRATIONS_TABLE}" SET applied_steps_count = applied_steps_count + 1, finished_at = now() WHERE id = $1`,
    [id],
  );
}

function describeScriptError(migrationName: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return [
    `Migration name: ${migrationName}`,
    ...(typeof code === 'string' ? [`Database error code: ${code}`] : []),
    `Database error:\n${describeDatabaseError(error)}`,
  ].join('\n\n');
}

function describeDatabaseError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const db = error as Partial<pg.DatabaseError>;
  const lines = [`ERROR: ${error.message}`];
  if (db.detail) lines.push(`DETAIL: ${db.detail}`);
  if (db.hint) lines.push(`HINT: ${db.hint}`);
  if (db.position) lines.push(`POSITION: ${db.position}`);
  if (db.where) lines.push(`CONTEXT: ${db.where}`);
  return lines.join('\n');
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.startsWith('ERROR:')) ??
    text.trim().split('\n')[0] ??
    ''
  );
}
