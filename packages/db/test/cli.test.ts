// `pnpm db:migrate` as a person runs it: a child process, its output and its exit code.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { listMigrations } from '../src/migrate';
import { createTestDatabase } from '../src/testing/database';

const TIMEOUT = 60_000;
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

async function runMigrateCli(env: Record<string, string>, args: string[] = []) {
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ['src/cli/migrate.ts', ...args], {
      cwd: packageDir,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('pnpm db:migrate', () => {
  it(
    'migrates DATABASE_URL, then says it is already up to date',
    async () => {
      // Async child process on purpose: an embedded test database is served by this process.
      const database = await createTestDatabase({ migrate: false });
      onTestFinished(() => database.drop());
      const names = (await listMigrations()).map((migration) => migration.name);

      const first = await runMigrateCli({ DATABASE_URL: database.url });
      expect(first.code).toBe(0);
      if (names.length > 0)
        expect(first.stdout).toContain(`Applied ${names.length} migration(s): ${names.join(', ')}`);

      const second = await runMigrateCli({ DATABASE_URL: database.url });
      expect(second).toMatchObject({ code: 0, stderr: '' });
      expect(second.stdout).toContain('Database is already up to date.');
    },
    TIMEOUT,
  );

  it(
    'prints one line naming the masked URL and exits 1 when the database is unreachable',
    async () => {
      const result = await runMigrateCli({ DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/x' });

      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        '无法连接数据库 (cannot connect to database) postgres://nobody:***@127.0.0.1:1/x: connection refused (ECONNREFUSED)\n',
      );
    },
    TIMEOUT,
  );

  it(
    '--rolled-back on a migration that did not fail exits 1 with P3012',
    async () => {
      const database = await createTestDatabase({ migrate: false });
      onTestFinished(() => database.drop());

      const result = await runMigrateCli({ DATABASE_URL: database.url }, [
        '--rolled-back',
        '20990101000000_nothing',
      ]);

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^P3012: migration `20990101000000_nothing` cannot be rolled back/);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    },
    TIMEOUT,
  );
});
