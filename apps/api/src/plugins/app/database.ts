import type { Database } from '@ledger/db/database';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** the ledger's database: a Prisma client plus what kind of database serves it */
    db: Database;
  }
}

/** Makes the opened database available to routes; its lifetime belongs to the server. */
export default fp<{ db: Database }>(
  async (app, { db }) => {
    app.decorate('db', db);
  },
  { name: 'database' },
);
