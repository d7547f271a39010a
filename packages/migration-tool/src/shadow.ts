import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the empty database comes from that Prisma replays the migrations into. */
export type ShadowSource =
  /** A database the tool wipes first, like Prisma's `shadowDatabaseUrl`. */
  | { kind: 'url'; url: string }
  /** A server where a temporary database is created and dropped; PGlite if it is unreachable. */
  | { kind: 'server'; adminUrl: string }
  | { kind: 'pglite' };

export interface ShadowDatabase {
  url: string;
  /** PGlite runs one query at a time; the adapter must not open a pool of connections. */
  singleConnection: boolean;
  /** Printed so that a failure can be traced to the database it happened on. */
  description: string;
  release(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 3000;

export async function provideShadowDatabase(
  source: ShadowSource,
  notify: (message: string) => void,
): Promise<ShadowDatabase> {
  switch (source.kind) {
    case 'url':
      return wipedDatabase(source.url);
    case 'server':
      try {
        return await temporaryDatabase(source.adminUrl);
      } catch (error) {
        if (!isServerUnreachable(error)) throw error;
        notify(
          `No PostgreSQL server at ${redact(source.adminUrl)} (${(error as Error).message}); using an in-process PGlite as shadow database.`,
        );
        return pgliteDatabase();
      }
    case 'pglite':
      return pgliteDatabase();
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function wipedDatabase(url: string): Promise<ShadowDatabase> {
  await withClient(url, async (client) => {
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace
        WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
    );
    const drops = rows.map((row) => `DROP SCHEMA ${pg.escapeIdentifier(row.nspname)} CASCADE;`).join('\n');
    await client.query(`${drops}\nCREATE SCHEMA public;`);
  });
  return {
    url,
    singleConnection: false,
    description: `SHADOW_DATABASE_URL (${redact(url)}), wiped`,
    release: async () => {},
  };
}

async function temporaryDatabase(adminUrl: string): Promise<ShadowDatabase> {
  const name = `migration_tool_shadow_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    singleConnection: false,
    description: `temporary database ${name} on ${url.host}`,
    release: () =>
      // FORCE: a Prisma process killed mid-run may leave a connection the server has not reaped yet.
      withClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
      ).then(() => undefined),
  };
}

// PGlite 0.3 (PostgreSQL 17), not the workspace's 0.5 (PostgreSQL 18), which crashes Prisma
// 6.19's wasm schema engine. Loaded only when needed: it takes a second or two to start.
async function pgliteDatabase(): Promise<ShadowDatabase> {
  const { PGlite } = await import('pglite-pg17');
  const { PGLiteSocketServer } = await import('pglite-socket-pg17');
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const hostAndPort = server.getServerConn();
  return {
    url: `postgres://postgres@${hostAndPort}/postgres`,
    singleConnection: true,
    description: `in-process PGlite (PostgreSQL 17) on ${hostAndPort}`,
    release: async () => {
      await server.stop();
      await db.close();
    },
  };
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

function isServerUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: string }).code;
  if (code && UNREACHABLE_CODES.has(code)) return true;
  // AggregateError when localhost resolves to both ::1 and 127.0.0.1 and both refuse.
  if (error instanceof AggregateError) return error.errors.some(isServerUnreachable);
  return /timeout/i.test(error.message);
}

/** A URL fit for messages: the password replaced. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable URL>';
  }
}
