import { defineProject, mergeConfig } from 'vitest/config';

import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineProject({
    test: {
      name: 'web',
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}'],
      setupFiles: ['./src/testing/setup-tests.ts'],
      // Whole-app tests load lazy routes and antd on first use; on a busy two-core machine one
      // takes tens of seconds.
      testTimeout: 60_000,
    },
  }),
);
