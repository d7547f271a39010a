/**
 * PostgreSQL's own client programs (pg_dump, pg_restore, psql), run as child processes with the
 * connection's password in the environment rather than on the command line (where `ps` shows it).
 * PG_BIN_DIR picks a folder when several PostgreSQL versions are installed.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { BackupError } from './manifest';

export type PgProgram = 'pg_dump' | 'pg_restore' | 'psql';

function programPath(program: PgProgram): string {
  const binDir = process.env.PG_BIN_DIR;
  return binDir ? join(binDir, program) : program;
}

/**
 * libpq's view of a connection string: the password moves to PGPASSWORD, and Prisma's `schema`
 * parameter (which libpq rejects) is dropped.
 */
export function libpqConnection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = {};
  if (parsed.password) {
    env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
  }
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), env };
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; a missing program or a non-zero exit becomes a BackupError. */
export function runPg(
  program: PgProgram,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; describeFailure?: (stderr: string) => string | undefined } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(programPath(program), args, {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              `找不到 ${program} (${program} not found): 请安装与数据库服务器同一主版本或更新的 PostgreSQL 客户端 ` +
                `(apt-get install postgresql-client), 或用 PG_BIN_DIR 指定其目录`,
            )
          : error,
      );
    });
    child.on('close', (code) => {
      if (code === 0) return resolvePromise({ stdout, stderr });
      const detail = stderr.trim().split('\n').slice(0, 5).join(' | ');
      reject(
        new BackupError(options.describeFailure?.(stderr) ?? `${program} 失败 (exit ${code}): ${detail}`),
      );
    });
  });
}

/** The major version from `pg_dump --version` style output or a `server_version` (15.20 → 15). */
export function majorVersion(text: string): number {
  const match = /(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) throw new BackupError(`无法识别版本号 (cannot read a version from "${text.trim()}")`);
  return Number(match[1]);
}

/** `pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)` → `pg_dump (PostgreSQL) 15.20` */
export async function programVersion(program: PgProgram): Promise<string> {
  const { stdout } = await runPg(program, ['--version']);
  return stdout.trim().replace(/^(.*?\d+(?:\.\d+)*).*$/s, '$1');
}

/** The installed PGlite's version (its data folder dumps load only into the same PostgreSQL). */
export async function pgliteVersion(): Promise<string> {
  const packageJson = new URL('../package.json', import.meta.resolve('@electric-sql/pglite'));
  return (JSON.parse(await readFile(packageJson, 'utf8')) as { version: string }).version;
}
