import { diffMigrationsToSchema } from './diff';
import { readToolEnv, type ToolEnv } from './env';
import { migrationSlug, writeMigration } from './migrations';
import type { ShadowSource } from './shadow';

export interface ToolOptions {
  schemaPath: string;
  migrationsDir: string;
  /** Defaults to the environment's choice, see `shadowSourceFromEnv`. */
  shadow?: ShadowSource;
  log?: (message: string) => void;
}

export function shadowSourceFromEnv(env: ToolEnv = readToolEnv()): ShadowSource {
  return env.shadowDatabaseUrl
    ? { kind: 'url', url: env.shadowDatabaseUrl }
    : { kind: 'server', adminUrl: env.adminDatabaseUrl };
}

export type DriftReport = { inSync: true } | { inSync: false; sql: string };

/** Whether the migrations, applied in order, produce exactly what the schema describes. */
export async function checkDrift(options: ToolOptions): Promise<DriftReport> {
  const sql = await diffMigrationsToSchema({ ...options, shadow: options.shadow ?? shadowSourceFromEnv() });
  return sql === null ? { inSync: true } : { inSync: false, sql };
}

export type NewMigrationResult = { created: false } | { created: true; dir: string; sql: string };

/** Writes the migration that brings the migrations up to the schema, if one is needed. */
export async function createMigration(options: ToolOptions & { name: string }): Promise<NewMigrationResult> {
  migrationSlug(options.name); // a bad name should fail before the diff, not after it
  const report = await checkDrift(options);
  if (report.inSync) return { created: false };
  const dir = await writeMigration(options.migrationsDir, options.name, report.sql);
  return { created: true, dir, sql: report.sql };
}

/**
 * What a diff touches, grouped by Prisma's step comments: `-- CreateTable` followed by
 * `CREATE TABLE "Unit" (` counts "Unit" under CreateTable. Enough to name the drift in a CI log.
 */
export function summarizeSql(sql: string): string[] {
  const lines = sql.split('\n');
  const objectsByStep = new Map<string, Set<string>>();
  lines.forEach((line, index) => {
    const step = /^-- (\w+)\s*$/.exec(line)?.[1];
    if (!step) return;
    const statement = lines.slice(index + 1).find((next) => next.trim() !== '') ?? '';
    const objects = objectsByStep.get(step) ?? new Set<string>();
    objects.add(/"[^"]+"/.exec(statement)?.[0] ?? statement.trim());
    objectsByStep.set(step, objects);
  });
  return [...objectsByStep].map(([step, objects]) => `${step}: ${[...objects].join(', ')}`);
}
