/**
 * The built server (apps/api/dist/server.js, as `pnpm start` runs it) as a child process, for
 * tests that must kill it, restart it, or take its database away: a free port, start, wait until
 * healthy, log in over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

import { DEMO_PASSWORD } from '@ledger/db/seed/accounts';

export const serverJs = fileURLToPath(new URL('../dist/server.js', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningServer {
  child: ChildProcess;
  /** what it has printed so far (stdout and stderr) */
  output: () => string;
  exited: Promise<number | null>;
  /** whether it is still running */
  alive(): boolean;
  /** why it ended, for a failure message: exit code or signal and what it printed beyond routine warnings */
  exitReport(): string;
  /** SIGKILL unless it has exited; answers once it has */
  kill(): Promise<void>;
}

export function startServer(env: Record<string, string>): RunningServer {
  const child = spawn(process.execPath, [serverJs], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output: () => output,
    exited,
    alive,
    exitReport() {
      // Routine pino lines below error level (e.g. one warning per 503 in an outage) would bury the cause.
      const telling = output.split('\n').filter((line) => {
        const level = /^\{"level":(\d+)/.exec(line)?.[1];
        return line.trim() !== '' && (level === undefined || Number(level) >= 50);
      });
      const state = alive() ? 'still running' : `exited: code ${child.exitCode}, signal ${child.signalCode}`;
      return `server ${state}; last lines it printed (error level and up, and anything not a log line):\n${telling.slice(-40).join('\n')}`;
    },
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function waitForHealth(port: number, running: RunningServer, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) throw new Error(`server exited early:\n${running.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return response;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no healthy answer within ${timeoutMs} ms:\n${running.output()}`);
}

/** Logs in a demo account over HTTP; answers the Cookie header for its requests. */
export async function loginOverHttp(baseUrl: string, username: string, password = DEMO_PASSWORD) {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200)
    throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const cookie = /ledger_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return cookie;
}
