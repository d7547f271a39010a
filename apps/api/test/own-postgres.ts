/**
 * A PostgreSQL 15 cluster of the test's own, in a temp folder on a free port, that a test may stop
 * and start at will — never the shared server on 5432, whose other users' tests would fail.
 * Run as the `postgres` OS user when the test runs as root (PostgreSQL refuses root), as on CI.
 */
import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './built-server';

const run = promisify(execFile);

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface OwnPostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  port: number;
  /** `pg_ctl stop -m <mode>`: `immediate` is a crash (no checkpoint), `fast` ends sessions cleanly */
  stop(mode: 'immediate' | 'fast'): Promise<void>;
  start(): Promise<void>;
  /** stops the cluster if running and removes its folder */
  destroy(): Promise<void>;
}

/** The command as the postgres OS user when we are root; as ourselves otherwise. */
async function asPostgresUser(command: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return run(file, argv, { timeout: 60_000 });
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-own-pg-'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(group.trim()));
  }
  const dataDir = join(dir, 'data');
  const port = await freePort();
  await asPostgresUser(join(POSTGRES_BIN, 'initdb'), [
    '-D',
    dataDir,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const pgCtl = (...args: string[]) => asPostgresUser(join(POSTGRES_BIN, 'pg_ctl'), ['-D', dataDir, ...args]);
  let running = false;
  const start = async () => {
    // Listens on 127.0.0.1 only, its socket in its own folder (the default one is the shared server's).
    await pgCtl(
      '-w',
      '-t',
      '60',
      '-l',
      join(dir, 'postgres.log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`,
      'start',
    );
    running = true;
  };
  await start();
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop(mode) {
      await pgCtl('-w', '-t', '60', '-m', mode, 'stop');
      running = false;
    },
    start,
    async destroy() {
      if (running) await pgCtl('-w', '-m', 'immediate', 'stop').catch(() => {});
      running = false;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
