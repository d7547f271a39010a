import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'documents',
    environment: 'node',
    // Loading the 10 MB CJK font and running pdftotext take a few seconds on a busy machine.
    testTimeout: 60_000,
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
  },
});
