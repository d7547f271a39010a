import { inspect } from 'node:util';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DatabaseUnavailableError, maskDatabaseUrl, openDatabase } from '../src/database';
import { createTestDatabase } from '../src/testing/database';
import { adminUrl, tempDir, writeMigrations } from './helpers';

const TIMEOUT = 60_000;
const silent = { info: () => {}, warn: () => {} };

describe('openDatabase', () => {
  it('reports an unreachable database in one line with the password masked', async () => {
    const error = await openDatabase({
      databaseUrl: 'postgres://nobody:secret@127.0.0.1:1/x',
      dataDir: '/nonexistent',
      logger: silent,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const { message } = error as DatabaseUnavailableError;
    expect(message).toBe(
      '无法连接数据库 (cannot connect to database) postgres://nobody:***@127.0.0.1:1/x: connection refused (ECONNREFUSED)',
    );
    // Printed as a whole (console.error(error)), it is still that one line: no stack, no secret.
    const printed = inspect(error);
    expect(printed).toContain(`DatabaseUnavailableError: ${message}`);
    expect(printed).not.toContain('\n');
    expect(printed).not.toContain('secret');
    expect((error as DatabaseUnavailableError).code).toBe('ECONNREFUSED');
  });

  it(
    'reports an unknown host in one line',
    async () => {
      const error = await openDatabase({
        databaseUrl: 'postgres://ledger:pw@db.invalid:5432/ledger',
        dataDir: '/nonexistent',
        logger: silent,
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect((error as Error).message).toMatch(
        /^无法连接数据库 .* postgres:\/\/ledger:\*\*\*@db\.invalid:5432\/ledger: .+\(E[A-Z_]+\)$/,
      );
      expect((error as Error).message).not.toContain('pw');
    },
    TIMEOUT,
  );

  it(
    'opens the embedded database in dataDir, migrates it, and keeps its data across restarts',
    async () => {
      const root = await tempDir();
      const dataDir = path.join(root, 'pglite');
      const migrationsDir = path.join(root, 'migrations');
      await writeMigrations(migrationsDir, {
        '20250101000000_init': 'CREATE TABLE "Unit" ("id" TEXT PRIMARY KEY);',
      });

      const first = await openDatabase({ dataDir, logger: silent, migrate: true, migrationsDir });
      expect(first.kind).toBe('embedded');
      expect(first.appliedMigrations).toEqual(['20250101000000_init']);
      // Interactive transactions work over the single connection.
      await first.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "Unit" ("id") VALUES ('u1')`;
        await tx.$executeRaw`INSERT INTO "Unit" ("id") VALUES ('u2')`;
      });
      await expect(
        first.prisma.$transaction(async (tx) => {
          await tx.$executeRaw`INSERT INTO "Unit" ("id") VALUES ('u3')`;
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await first.close();

      const second = await openDatabase({ dataDir, logger: silent, migrate: true, migrationsDir });
      onTestFinished(() => second.close());
      expect(second.appliedMigrations).toEqual([]);
      expect(await second.prisma.$queryRaw`SELECT "id" FROM "Unit" ORDER BY "id"`).toEqual([
        { id: 'u1' },
        { id: 'u2' },
      ]);
    },
    TIMEOUT,
  );

  it.skipIf(!adminUrl)(
    `uses the PostgreSQL server named by databaseUrl${adminUrl ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`,
    async () => {
      const database = await createTestDatabase({ kind: 'postgres', migrate: false });
      onTestFinished(() => database.drop());

      const db = await openDatabase({ databaseUrl: database.url, dataDir: '/nonexistent', logger: silent });
      onTestFinished(() => db.close());
      expect(db.kind).toBe('postgres');
      expect(db.url).toBe(database.url);
      expect(await db.prisma.$queryRaw`SELECT current_database() AS name`).toEqual([
        { name: new URL(database.url).pathname.slice(1) },
      ]);
    },
    TIMEOUT,
  );
});

describe('maskDatabaseUrl', () => {
  it.each([
    ['postgres://ledger:s3cret@db:5432/ledger', 'postgres://ledger:***@db:5432/ledger'],
    ['postgresql://u:p%40ss@host/db?sslmode=require', 'postgresql://u:***@host/db?sslmode=require'],
    ['postgres://postgres@127.0.0.1:5432/postgres', 'postgres://postgres@127.0.0.1:5432/postgres'],
  ])('%s → %s', (url, masked) => {
    expect(maskDatabaseUrl(url)).toBe(masked);
  });
});
