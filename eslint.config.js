// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/generated/',
      'data/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Command-line entry points talk to a person on stdout.
    files: ['**/cli/**/*.ts', '**/cli.ts', '**/scripts/**/*.{js,mjs,ts}', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // bulletproof-react zones: a feature never imports another feature or the app shell; shared
    // code (components, lib, config) imports no feature. Only src/app composes features.
    files: ['apps/web/src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/app/*', '@/features/*'], message: 'features are composed in src/app only' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/src/{components,lib,config,hooks,utils}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/app/*', '@/features/*'],
              message: 'shared code must not depend on features or the app shell',
            },
          ],
        },
      ],
    },
  },
  {
    // Dependency direction: packages never import apps; the domain package stays pure.
    files: ['packages/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@ledger/api', '@ledger/web', '@ledger/api/*', '@ledger/web/*'],
              message: 'packages must not depend on apps',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@ledger/*', '@prisma/*', 'pg', 'node:*'],
              message: 'the domain package imports zod only',
            },
          ],
        },
      ],
    },
  },
);
