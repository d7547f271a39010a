// The one place this package reads the environment. Two audiences: the person running the
// tool (shadow database choice, pnpm's INIT_CWD), and Prisma 6.19's process, which loads
// prisma6/config.ts and learns from the tool, through variables, where the shadow database is.

/** Used when neither SHADOW_DATABASE_URL nor TEST_DATABASE_URL is set: the local dev/CI server. */
export const DEFAULT_ADMIN_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ToolEnv {
  /** A database the tool may wipe and use as shadow, as Prisma's own `shadowDatabaseUrl`. */
  shadowDatabaseUrl: string | undefined;
  /** Any database on a server where the tool may CREATE and DROP a temporary shadow database. */
  adminDatabaseUrl: string;
  /** Where the user typed the command: pnpm runs package scripts from the package folder. */
  invocationDir: string;
}

export function readToolEnv(): ToolEnv {
  return {
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL || undefined,
    adminDatabaseUrl: process.env.TEST_DATABASE_URL || DEFAULT_ADMIN_DATABASE_URL,
    invocationDir: process.env.INIT_CWD || process.cwd(),
  };
}

/** Variables the tool sets for the Prisma 6.19 child process. */
export const HANDOFF = {
  shadowUrl: 'MIGRATION_TOOL_SHADOW_URL',
  singleConnection: 'MIGRATION_TOOL_SINGLE_CONNECTION',
  schemaPath: 'MIGRATION_TOOL_SCHEMA',
  /** Named in the derived schema's `url = env(...)`; 6.19 insists on a value though it never uses it. */
  datasourceUrl: 'MIGRATION_TOOL_DATASOURCE_URL',
} as const;

export interface Handoff {
  shadowUrl: string;
  singleConnection: boolean;
  schemaPath: string;
}

export function readHandoff(): Handoff {
  const shadowUrl = process.env[HANDOFF.shadowUrl];
  const schemaPath = process.env[HANDOFF.schemaPath];
  if (!shadowUrl || !schemaPath) {
    throw new Error(
      'prisma6/config.ts is meant to be loaded by the migration tool (pnpm db:migration:new / pnpm db:drift), not directly.',
    );
  }
  return { shadowUrl, schemaPath, singleConnection: process.env[HANDOFF.singleConnection] === '1' };
}
