// Prisma client factory. Prisma 7 runs queries through a driver adapter (no engine binary), and
// the same `pg` adapter serves a PostgreSQL server and the embedded PGlite server alike.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type { PrismaClient } from './generated/prisma/client';
export { Prisma } from './generated/prisma/client';

export interface CreatePrismaClientOptions {
  connectionString: string;
  /** True when connecting to the embedded PGlite server, which accepts a single connection. */
  embedded: boolean;
}

export function createPrismaClient({ connectionString, embedded }: CreatePrismaClientOptions): PrismaClient {
  if (!embedded) return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });

  const adapter = new PrismaPg({
    connectionString,
    max: 1,
    // Keep the one connection open: closing an idle connection and opening the next can overlap,
    // and PGlite's server refuses the second socket while the first is still closing.
    idleTimeoutMillis: 0,
  });
  // Every query and transaction waits for the single connection, so queueing behind a long
  // transaction is normal here rather than a sign of a stuck pool.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 30_000 } });
}
