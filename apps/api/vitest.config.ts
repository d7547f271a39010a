import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'api',
    environment: 'node',
    // Database tests start PGlite or create a PostgreSQL database and migrate it first.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
  },
});
