// Prisma client factory. Prisma 7 runs queries through a driver adapter (no engine binary), and
// the same `pg` adapter serves a PostgreSQL server and the embedded PGlite server alike.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type { PrismaClient } from './generated/prisma/client';
export { Prisma } from './generated/prisma/client';
export type { SessionStep } from './generated/prisma/enums';

export interface CreatePrismaClientOptions {
  connectionString: string;
  /** True when connecting to the embedded PGlite server, which accepts a single connection. */
  embedded: boolean;
}

/**
 * How long getting a connection of the pool (an idle one, or a new one opened) may take. Long
 * enough for a burst of a few hundred clients to queue rather than be refused (audit appends are
 * serialised, so writes take their turn); a request behind a database that does not answer at all
 * still ends, with 503.
 */
const POOL_WAIT_MS = 30_000;

export function createPrismaClient({ connectionString, embedded }: CreatePrismaClientOptions): PrismaClient {
  if (!embedded) {
    // Without a bound, a connect to a server that does not answer (a network cut, a host gone), or a
    // wait for a free connection of the pool, lasts forever and so does the request behind it.
    const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: POOL_WAIT_MS });
    // Prisma's default wait for a transaction's connection (2 s) refused edits with a 500 as soon
    // as a few hundred clients queued for the pool (apps/api/test/concurrency.test.ts); they wait
    // as long as any query does.
    return new PrismaClient({
      adapter: new PrismaPg(withErrorListener(pool)),
      transactionOptions: { maxWait: POOL_WAIT_MS },
    });
  }

  const pool = new SingleConnectionPool({
    connectionString,
    max: 1,
    // Keep the one connection open: closing an idle connection and opening the next can overlap,
    // and PGlite's server refuses the second socket while the first is still closing.
    idleTimeoutMillis: 0,
  });
  // The override narrows `query` to the promise form the adapter uses, so TypeScript no longer
  // sees a Pool; at run time it is one (the adapter checks `instanceof pg.Pool`).
  const adapter = new PrismaPg(withErrorListener(pool as unknown as pg.Pool));
  // Every query and transaction waits for the single connection, so queueing behind a long
  // transaction is normal here rather than a sign of a stuck pool.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 30_000 } });
}

/**
 * An idle connection that dies (the database restarted or stopped) makes the pool emit 'error';
 * without a listener Node would end the process. The pool drops that connection by itself and
 * the next query reconnects or fails with a proper error, so there is nothing more to do here.
 */
function withErrorListener(pool: pg.Pool): pg.Pool {
  pool.on('error', () => {});
  return pool;
}

/**
 * pg's `Pool#query` throws away the connection whenever a query fails — even for a plain SQL
 * error such as a unique violation, after which the connection is perfectly healthy. With
 * PGlite's single connection that means reconnecting while the old socket is still closing,
 * which the embedded server refuses ("Connection terminated unexpectedly" on the next query).
 * Here a failed query gives its connection back; a connection that really broke is still
 * dropped by the pool's own error handling.
 */
class SingleConnectionPool extends pg.Pool {
  // @ts-expect-error -- pg's overloads (callback forms) are not used by the Prisma adapter.
  override async query(...args: Parameters<pg.PoolClient['query']>) {
    const client = await this.connect();
    // A checked-out client has no listener of the pool's: a connection that dies during the query
    // (the embedded server stopped) would emit 'error' with nobody listening and end the process.
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      return await client.query(...args);
    } finally {
      client.removeListener('error', onError);
      // With an error the pool drops the connection; without one it is kept for the next query.
      client.release(broken);
    }
  }
}
