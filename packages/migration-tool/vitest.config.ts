import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'migration-tool',
    environment: 'node',
    // Database tests start PGlite or create a PostgreSQL database and migrate it first.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Each diff starts Prisma 6.19's CLI and replays migrations into a shadow database (1-3 s on
    // PostgreSQL; PGlite adds a few seconds to start).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
