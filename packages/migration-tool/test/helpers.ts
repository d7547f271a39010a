import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToolOptions } from '../src/commands';
import { shadowSourceFromEnv } from '../src/commands';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Written the Prisma 7 way (no datasource URL); exercises the catalog types the engine reads. */
export const baseSchema = `generator client {
  provider = "prisma-client"
  output   = "./generated"
}

datasource db {
  provider = "postgresql"
}

enum UnitType {
  STREET
  DEPARTMENT
}

/// 责任单位
model Unit {
  id        String   @id @default(uuid()) @db.Uuid
  code      String   @unique
  type      UnitType
  tags      String[]
  budget    Decimal  @default(0) @db.Decimal(12, 2)
  settings  Json?
  createdAt DateTime @default(now()) @db.Timestamptz(3)
  items     Item[]
}

model Item {
  id     Int    @id @default(autoincrement())
  title  String
  unitId String @db.Uuid
  unit   Unit   @relation(fields: [unitId], references: [id], onDelete: Cascade)

  @@index([unitId])
}
`;

/** A new model and a new column: what a schema change without a migration typically looks like. */
export const editedSchema = `${baseSchema.replace('  type      UnitType\n', '  type      UnitType\n  phone     String?\n')}
model Inspection {
  id       Int      @id @default(autoincrement())
  heldOn   DateTime @db.Date
  findings String
}
`;

export interface Project extends ToolOptions {
  dir: string;
  schemaPath: string;
  migrationsDir: string;
  logs: string[];
}

/**
 * A prisma folder in a temporary directory; `cleanup` is handed its removal (a test's
 * `onTestFinished`, or a list run by `afterAll`). `from` copies another project's migrations.
 */
export async function makeProject(
  schema: string,
  { from, cleanup }: { from?: Project; cleanup: (fn: () => Promise<void>) => void },
): Promise<Project> {
  const dir = await mkdtemp(path.join(tmpdir(), 'migration-tool-test-'));
  cleanup(() => rm(dir, { recursive: true, force: true }));
  if (from) await cp(from.dir, dir, { recursive: true });
  const logs: string[] = [];
  const project: Project = {
    dir,
    schemaPath: path.join(dir, 'schema.prisma'),
    migrationsDir: path.join(dir, 'migrations'),
    shadow: shadowSourceFromEnv(),
    log: (message) => logs.push(message),
    logs,
  };
  await writeFile(project.schemaPath, schema);
  return project;
}

/** Every file under the migrations folder, relative to it, to compare before and after. */
export async function listMigrationFiles(project: Project): Promise<string[]> {
  const entries = await readdir(project.migrationsDir, { recursive: true }).catch(() => []);
  return entries.map(String).sort();
}

/** The CLI flags that point it at a test project instead of the repository's prisma folder. */
export function pathArgs(project: Project): string[] {
  return ['--schema', project.schemaPath, '--migrations', project.migrationsDir];
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `pnpm db:drift` / `pnpm db:migration:new` do (tsx on src/cli.ts). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: packageDir,
      env: { ...process.env, INIT_CWD: packageDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
