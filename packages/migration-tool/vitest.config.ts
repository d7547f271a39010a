import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'migration-tool',
    environment: 'node',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
  },
});
