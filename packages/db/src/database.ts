// Opens the application's database: the PostgreSQL named by DATABASE_URL, or else the embedded
// PGlite server with its data in a folder, behind one Prisma client either way.
import pg from 'pg';
import { createPrismaClient, type PrismaClient } from './client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { migrate as runMigrations, type MigrateLogger } from './migrate';

export type DatabaseKind = 'postgres' | 'embedded';

export type DatabaseLogger = MigrateLogger;

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string; when unset (or empty) the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Data folder of the embedded database (the app passes ./data/pglite). */
  dataDir: string;
  logger: DatabaseLogger;
  /**
   * Apply pending migrations before the Prisma client connects. Doing it here matters for the
   * embedded database: once the client holds its single connection, nothing else can connect.
   */
  migrate?: boolean;
  /** Defaults to <repo>/prisma/migrations. */
  migrationsDir?: string;
  /**
   * The server at `databaseUrl` takes a single connection (a test's in-memory PGlite): the
   * client must not open a pool, or a second connection ends the first.
   */
  singleConnection?: boolean;
}

export interface Database {
  url: string;
  kind: DatabaseKind;
  prisma: PrismaClient;
  /**
   * The client holds a single connection (the embedded database, a test's PGlite): a query made
   * outside a running transaction waits until that transaction ends.
   */
  singleConnection: boolean;
  /** Migrations applied while opening (only with `migrate: true`). */
  appliedMigrations: string[];
  /** Disconnects Prisma, then stops the embedded server if there is one. */
  close(): Promise<void>;
}

/**
 * The database cannot be reached or started. Its message is a single line meant for the person
 * starting the app (the URL with its password masked, and what failed); a stack trace would only
 * bury it, so there is none.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  declare readonly url: string;
  declare readonly code: string | undefined;

  constructor(message: string, details: { url: string; code?: string | undefined }) {
    super(oneLine(message));
    this.stack = `${this.name}: ${this.message}`;
    // Non-enumerable, so that printing the error still shows one line.
    Object.defineProperty(this, 'url', { value: details.url, enumerable: false });
    Object.defineProperty(this, 'code', { value: details.code, enumerable: false });
  }
}

const CONNECT_TIMEOUT_MS = 5_000;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { logger } = options;
  let embedded: EmbeddedPostgres | undefined;
  let url: string;
  if (options.databaseUrl) {
    url = options.databaseUrl;
  } else {
    try {
      embedded = await startEmbeddedPostgres({ dataDir: options.dataDir });
    } catch (error) {
      throw new DatabaseUnavailableError(
        `无法启动内嵌数据库 (cannot start embedded database) in ${options.dataDir}: ${describeFailure(error)}`,
        { url: `pglite:${options.dataDir}`, code: errorCode(error) },
      );
    }
    url = embedded.url;
  }
  const kind: DatabaseKind = embedded ? 'embedded' : 'postgres';

  try {
    await assertReachable(url);
    logger.info(
      embedded
        ? `Using embedded PGlite database in ${embedded.dataDir} (${url})`
        : `Using PostgreSQL database ${maskDatabaseUrl(url)}`,
    );
    const appliedMigrations = options.migrate
      ? (await runMigrations({ connectionString: url, migrationsDir: options.migrationsDir, logger })).applied
      : [];
    const singleConnection = kind === 'embedded' || options.singleConnection === true;
    const prisma = createPrismaClient({ connectionString: url, embedded: singleConnection });

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        try {
          await prisma.$disconnect();
        } finally {
          await embedded?.stop();
        }
      })();
      return closing;
    };
    return { url, kind, prisma, singleConnection, appliedMigrations, close };
  } catch (error) {
    await embedded?.stop().catch(() => {});
    throw error;
  }
}

/** Connects once and runs `SELECT 1`; throws DatabaseUnavailableError when that fails. */
export async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new DatabaseUnavailableError(
      `无法连接数据库 (cannot connect to database) ${maskDatabaseUrl(url)}: ${describeFailure(error)}`,
      { url: maskDatabaseUrl(url), code: errorCode(error) },
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL with its password replaced by `***`, safe for logs and error messages. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** What failed, in a few words plus the error code, e.g. `connection refused (ECONNREFUSED)`. */
export function describeFailure(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout/i.test(message) && !code) return `no answer within ${CONNECT_TIMEOUT_MS / 1000} s (timeout)`;
  const reason = (code && REASONS[code]) || message || 'unknown error';
  return oneLine(code ? `${reason} (${code})` : reason);
}

/**
 * Prisma's codes for a database that cannot be reached or answered in time: P1001 can't reach,
 * P1002 timed out, P1008 operation timed out, P1017 server closed the connection, P2024 timed
 * out waiting for a pool connection, P2037 too many connections.
 */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);

/** The driver adapter's kinds of the same failures (Prisma puts them under meta.driverAdapterError). */
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

/**
 * SQLSTATE classes and codes of a server going away or not ready: 08 connection exception,
 * 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, shutting
 * down), 53300 too many connections.
 */
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[1-3]|53300)$/;

/**
 * What pg itself throws, without a code, when the socket dies or a connect takes too long; and
 * Prisma's P2028 when a transaction found no free connection in time (a pool overwhelmed).
 */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Can't reach database server|Server has closed the connection|Unable to start a transaction in the given time/i;

/**
 * Whether a failed query failed because the database is down, restarting or out of reach —
 * something that passes by itself, answered 503 — rather than because of the query. Looks
 * through Prisma's wrappers (code, meta.driverAdapterError, cause) to pg's own error.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  if (error instanceof DatabaseUnavailableError) return true;
  const { code, kind, message, meta, cause } = error as {
    code?: unknown;
    kind?: unknown;
    message?: unknown;
    meta?: { driverAdapterError?: unknown };
    cause?: unknown;
  };
  if (typeof code === 'string') {
    if (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code)) return true;
    if (Object.hasOwn(REASONS, code)) return true;
  }
  if (typeof kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
  const originalCode = (error as { originalCode?: unknown }).originalCode;
  if (typeof originalCode === 'string' && UNAVAILABLE_SQLSTATES.test(originalCode)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))
  )
    return true;
  return (
    isDatabaseUnavailable(meta?.driverAdapterError, depth + 1) || isDatabaseUnavailable(cause, depth + 1)
  );
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  // Node reports a failed connection to a name with several addresses as an AggregateError.
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
