import { defineConfig } from 'vitest/config';

// One test run over every workspace package; each package's vitest.config.ts sets its own
// environment (node for api/db, jsdom for web).
export default defineConfig({
  test: {
    projects: ['apps/*', 'packages/*'],
  },
});
