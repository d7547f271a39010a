// Embedded PostgreSQL: PGlite (PostgreSQL compiled to WASM) served on 127.0.0.1 over the Postgres
// wire protocol, so `pg`, Prisma's pg adapter and the migration runner connect to it exactly as
// they connect to a PostgreSQL server. See docs/decisions/001-embedded-pglite-default.md.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgresOptions {
  /** Folder holding the database files; created if missing. Undefined keeps the database in memory. */
  dataDir?: string;
  /** TCP port on 127.0.0.1; 0 (the default) picks any free port. */
  port?: number;
  /**
   * Start from a copy made by `dumpDataDir()` instead of an empty cluster. Meant for in-memory
   * databases: tests use it to skip initdb and the migrations, which cost seconds per database.
   */
  loadDataDir?: Blob;
}

export interface EmbeddedPostgres {
  /** Connection string for `pg` / Prisma. PGlite ignores user, password and database name. */
  url: string;
  port: number;
  /** Absolute data folder, or undefined for an in-memory database. */
  dataDir: string | undefined;
  /** A tarball of the whole cluster, for `loadDataDir`. Take it while no client is connected. */
  dumpDataDir(): Promise<Blob>;
  /** Closes the socket server, then the database. Safe to call more than once. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const dataDir = options.dataDir === undefined ? undefined : path.resolve(options.dataDir);
  const releaseLock = dataDir === undefined ? async () => {} : await lockDataDir(dataDir);

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    // pg_trgm is loaded up front so that `CREATE EXTENSION pg_trgm` in a migration behaves as on a
    // server with contrib installed; loading it creates nothing in the database by itself.
    db = await PGlite.create({ dataDir, loadDataDir: options.loadDataDir, extensions: { pg_trgm } });
    // PGlite has a single backend: a second client would share its transaction state.
    server = new PGLiteSocketServer({ db, host: HOST, port: options.port ?? 0, maxConnections: 1 });
    await server.start();
  } catch (error) {
    await server?.stop().catch(() => {});
    await db?.close().catch(() => {});
    await releaseLock();
    throw error;
  }

  const port = Number(server.getServerConn().split(':').at(-1));
  const url = `postgres://postgres@${HOST}:${port}/postgres`;
  const runningServer = server;
  const runningDb = db;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      try {
        // The server's stop rolls back an open client transaction before it resolves, so the
        // database is idle by the time it is closed.
        await runningServer.stop();
        await runningDb.close();
      } finally {
        await releaseLock();
      }
    })();
    return stopping;
  };

  const dumpDataDir = () => runningDb.dumpDataDir('none');

  return { url, port, dataDir, dumpDataDir, stop };
}

/**
 * PGlite takes no lock on its data folder, and two processes writing the same folder corrupt it
 * (easy to do by running `pnpm db:migrate` beside `pnpm dev`). A pid file next to the folder
 * turns that into a clear error; a file left by a process that died is taken over.
 */
const heldByThisProcess = new Set<string>();

export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = `${dataDir}.lock`;
  const content = String(process.pid);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lockFile, content, { flag: 'wx' });
      heldByThisProcess.add(dataDir);
      return async () => {
        heldByThisProcess.delete(dataDir);
        const current = await readFile(lockFile, 'utf8').catch(() => undefined);
        if (current === content) await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
      // Our own pid on a folder this process does not hold is a previous run of a container
      // (where the pid is always the same), not a live holder.
      const ours = holder === process.pid && !heldByThisProcess.has(dataDir);
      if (Number.isInteger(holder) && !ours && isProcessAlive(holder)) {
        throw new Error(
          `内嵌数据库正被进程 ${holder} 使用 (embedded database ${dataDir} is in use by process ${holder}; ` +
            `stop that process, or delete ${lockFile} if it is not a database process)`,
        );
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`could not lock embedded database folder ${dataDir} (${lockFile} keeps reappearing)`);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
