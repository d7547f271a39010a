import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HANDOFF } from './env';
import { toPrisma6Schema } from './derive-schema';
import { MIGRATION_LOCK_FILE, migrationLockToml } from './migrations';
import { provideShadowDatabase, type ShadowSource } from './shadow';

export interface DiffOptions {
  /** A Prisma 7 schema file (the repo's prisma/schema.prisma by default). */
  schemaPath: string;
  /** A Prisma migrations folder; it need not exist yet. */
  migrationsDir: string;
  shadow: ShadowSource;
  /** Progress and notices for a person; the SQL is returned, not logged. */
  log?: (message: string) => void;
}

const PRISMA_TIMEOUT_MS = 120_000;

/**
 * The SQL that takes a database migrated with every migration in `migrationsDir` to what the
 * schema describes, as Prisma writes it; `null` when there is nothing to do.
 */
export async function diffMigrationsToSchema(options: DiffOptions): Promise<string | null> {
  const log = options.log ?? (() => {});
  const schema = await readFile(options.schemaPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read the Prisma schema at ${options.schemaPath}: ${error.message}`);
  });
  const workDir = await mkdtemp(path.join(tmpdir(), 'migration-tool-'));
  try {
    const derivedSchemaPath = path.join(workDir, 'schema.prisma');
    await writeFile(derivedSchemaPath, toPrisma6Schema(schema));
    const stagedMigrationsDir = await stageMigrations(options.migrationsDir, workDir);

    const shadow = await provideShadowDatabase(options.shadow, log);
    log(`Replaying migrations into the shadow database: ${shadow.description}.`);
    try {
      const result = await runPrisma6(
        [
          'migrate',
          'diff',
          '--from-migrations',
          stagedMigrationsDir,
          '--to-schema-datamodel',
          derivedSchemaPath,
          '--script',
          '--exit-code',
        ],
        {
          cwd: workDir,
          env: {
            [HANDOFF.shadowUrl]: shadow.url,
            [HANDOFF.singleConnection]: shadow.singleConnection ? '1' : '0',
            [HANDOFF.schemaPath]: derivedSchemaPath,
            [HANDOFF.datasourceUrl]: shadow.url,
          },
        },
      );
      // `--exit-code`: 0 no difference, 2 difference, anything else failure.
      if (result.code === 0) return null;
      if (result.code === 2) return `${result.stdout.trimEnd()}\n`;
      throw new Error(
        `Prisma 6.19 \`migrate diff\` failed (exit ${result.code ?? result.signal}).\n${prismaError(result)}`,
      );
    } finally {
      await shadow.release();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

// A copy, because `--from-migrations` refuses a folder without migration_lock.toml and the very
// first `new` (or a drift check before it) runs before that file exists.
async function stageMigrations(migrationsDir: string, workDir: string): Promise<string> {
  const staged = path.join(workDir, 'migrations');
  if (existsSync(migrationsDir)) await cp(migrationsDir, staged, { recursive: true });
  else await mkdir(staged);
  const lock = path.join(staged, MIGRATION_LOCK_FILE);
  if (!existsSync(lock)) await writeFile(lock, migrationLockToml);
  return staged;
}

/** Prisma's message without its config banner and the wasm engine's Rust span trace. */
function prismaError(result: ProcessResult): string {
  return (result.stderr.trim() || result.stdout.trim())
    .split('\n')
    .filter((line) => !/^Loaded Prisma config from |^\s+\d+: schema_engine|^\s+at schema-engine\//.test(line))
    .join('\n')
    .trim();
}

interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runPrisma6(
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<ProcessResult> {
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
  const config = fileURLToPath(new URL('./prisma6/config.ts', import.meta.url));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    // No telemetry or update checks: they would wait on hosts this machine cannot reach.
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    NO_COLOR: '1',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args, '--config', config], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: PRISMA_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
