/**
 * The built server (apps/api/dist/server.js) as a benchmark's child process: on a free port and
 * the scratch database, with no scheduler and no job worker (they would wake up during the
 * measurements), logged into over HTTP, its memory read from /proc.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DEMO_PASSWORD } from '../../packages/db/src/seed/accounts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface BuiltServerOptions {
  databaseUrl: string;
  dataDir: string;
  /** overrides of the defaults below */
  env?: Record<string, string>;
  /** V8 flags, e.g. `--max-old-space-size=128` */
  nodeFlags?: string[];
  /** the server's stdout (its JSON log): 'pipe' to read it, or a file descriptor */
  stdout: 'pipe' | number;
}

/** Starts the server and answers once /api/health does. */
export async function startBuiltServer(options: BuiltServerOptions) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), join(repoRoot, 'apps/api/dist/server.js')],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        HOST: '127.0.0.1',
        PORT: String(port),
        // Demo accounts skip the second factor only in demo mode, which NODE_ENV=production turns
        // off. Nothing else the benchmarks measure depends on it (the log is JSON either way).
        NODE_ENV: 'development',
        SEED_DEMO: 'false',
        SCHEDULER_ENABLED: 'false',
        JOB_WORKER_ENABLED: 'false',
        LOG_LEVEL: 'info',
        DATA_DIR: options.dataDir,
        ...options.env,
      },
      // Warnings and errors the server prints itself go on to stderr, with run.sh's progress.
      stdio: ['ignore', options.stdout, 2],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('server did not answer /api/health within 60 s');
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    child,
    base,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident memory of a process now (VmRSS) and its peak since it started (VmHWM), in MiB. */
export async function processMemory(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const mib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rss: mib('VmRSS'), peak: mib('VmHWM') };
}

/**
 * Logs a demo account in and answers the Cookie header to send. Sends Origin as a browser does
 * (state-changing requests may be checked against it) and waits out a 429 of the login limit.
 */
export async function logIn(base: string, username: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after') ?? 60);
      process.stderr.write(`login ${username}: 429, waiting ${seconds} s\n`);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      continue;
    }
    if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
    const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
    if (!cookies.some((cookie) => cookie.startsWith('ledger_session='))) {
      throw new Error(`login ${username}: no session cookie (${await response.text()})`);
    }
    return cookies.join('; ');
  }
  throw new Error(`login ${username}: still rate-limited after 5 attempts`);
}
