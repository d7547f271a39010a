// Runs Prisma 6.19's wasm schema engine for real. The shadow database comes from the same place
// as for `pnpm db:drift`: TEST_DATABASE_URL's server (CI's PostgreSQL 15), else the local one,
// else PGlite 0.3.
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDrift, createMigration } from '../src/commands';
import { readToolEnv } from '../src/env';
import { migrationLockToml } from '../src/migrations';
import {
  baseSchema,
  editedSchema,
  listMigrationFiles,
  makeProject,
  pathArgs,
  repoRoot,
  runCli,
  type Project,
} from './helpers';

describe('migration tool', () => {
  /** baseSchema with its first migration, made once by the tool; tests copy it. */
  let baseline: Project;
  const removeAfterAll: Array<() => Promise<void>> = [];
  afterAll(() => Promise.all(removeAfterAll.map((remove) => remove())));

  beforeAll(async () => {
    baseline = await makeProject(baseSchema, { cleanup: (remove) => removeAfterAll.push(remove) });
    const result = await createMigration({ ...baseline, name: 'init' });
    expect(result.created).toBe(true);
  });

  it('writes the first migration in Prisma’s layout, with migration_lock.toml', async () => {
    const files = await listMigrationFiles(baseline);
    expect(files).toEqual([
      expect.stringMatching(/^\d{14}_init$/),
      expect.stringMatching(/^\d{14}_init\/migration\.sql$/),
      'migration_lock.toml',
    ]);
    const lock = await readFile(path.join(baseline.migrationsDir, 'migration_lock.toml'), 'utf8');
    expect(lock).toBe(migrationLockToml);
    const sql = await readFile(path.join(baseline.migrationsDir, files[0]!, 'migration.sql'), 'utf8');
    expect(sql).toMatch(/^-- CreateEnum\nCREATE TYPE "UnitType" AS ENUM \('STREET', 'DEPARTMENT'\);/);
    expect(sql).toContain('CREATE TABLE "Unit"');
    expect(sql).toContain('ADD CONSTRAINT "Item_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id")');
  });

  it('drift check passes when schema and migrations agree, data migrations included', async ({
    onTestFinished,
  }) => {
    const project = await makeProject(baseSchema, { from: baseline, cleanup: onTestFinished });
    // Reference data as the project keeps it: semicolons inside strings and a DO block must
    // replay as one script, the way the migration runner applies it.
    const dataMigration = path.join(project.migrationsDir, '29991231000000_reference_units');
    await mkdir(dataMigration);
    await writeFile(
      path.join(dataMigration, 'migration.sql'),
      `INSERT INTO "Unit" ("id", "code", "type") VALUES ('00000000-0000-4000-8000-000000000001', '拱宸桥街道; 整改', 'STREET');
DO $$ BEGIN PERFORM 1; END $$;
`,
    );
    const cli = await runCli(['drift', ...pathArgs(project)]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('No drift');
  });

  it('drift check fails with exit code 2, naming the change, after a schema edit without migration', async ({
    onTestFinished,
  }) => {
    const project = await makeProject(editedSchema, { from: baseline, cleanup: onTestFinished });
    const cli = await runCli(['drift', ...pathArgs(project)]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('CreateTable: "Inspection"');
    expect(cli.stderr).toContain('AlterTable: "Unit"');
    expect(cli.stderr).toMatch(/ALTER TABLE "Unit" ADD COLUMN\s+"phone" TEXT;/);
    expect(cli.stderr).toContain('pnpm db:migration:new <name>');
  });

  it('new writes the migration that makes the drift check pass again', async ({ onTestFinished }) => {
    const project = await makeProject(editedSchema, { from: baseline, cleanup: onTestFinished });
    const result = await createMigration({ ...project, name: 'add inspection' });
    if (!result.created) throw new Error('expected a migration');
    expect(path.basename(result.dir)).toMatch(/^\d{14}_add_inspection$/);
    const sql = await readFile(path.join(result.dir, 'migration.sql'), 'utf8');
    expect(sql).toBe(result.sql);
    expect(sql).toContain('CREATE TABLE "Inspection"');
    expect(sql).toMatch(/ALTER TABLE "Unit" ADD COLUMN\s+"phone" TEXT;/);
    expect(sql).not.toContain('CREATE TABLE "Unit"');

    expect(await checkDrift(project)).toEqual({ inSync: true });
  });

  it('new without a schema change writes nothing', async ({ onTestFinished }) => {
    const project = await makeProject(baseSchema, { from: baseline, cleanup: onTestFinished });
    const before = await listMigrationFiles(project);
    const cli = await runCli(['new', 'nothing', ...pathArgs(project)]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('No changes');
    expect(await listMigrationFiles(project)).toEqual(before);
  });

  it('wipes and uses SHADOW_DATABASE_URL when given', async ({ onTestFinished, skip }) => {
    const adminUrl = readToolEnv().adminDatabaseUrl;
    const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
    const serverUp = await admin.connect().then(
      () => true,
      () => false,
    );
    if (!serverUp) skip('no PostgreSQL server to point SHADOW_DATABASE_URL at');
    const name = `migration_tool_test_${process.pid}_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const leftover = new pg.Client({ connectionString: url.toString() });
      await leftover.connect();
      await leftover.query('CREATE TABLE "Unit" (id int); CREATE SCHEMA stale');
      await leftover.end();

      const project = await makeProject(baseSchema, { from: baseline, cleanup: onTestFinished });
      expect(await checkDrift({ ...project, shadow: { kind: 'url', url: url.toString() } })).toEqual({
        inSync: true,
      });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('falls back to PGlite 0.3 when no PostgreSQL server answers', async ({ onTestFinished }) => {
    const project = await makeProject(editedSchema, { from: baseline, cleanup: onTestFinished });
    const report = await checkDrift({
      ...project,
      shadow: { kind: 'server', adminUrl: 'postgres://postgres@127.0.0.1:1/postgres' },
    });
    expect(project.logs.join('\n')).toContain('PGlite');
    expect(report.inSync).toBe(false);
    expect(report.inSync || report.sql).toContain('CREATE TABLE "Inspection"');
  });

  it('brings the project’s own schema and migrations into agreement', async ({ onTestFinished }) => {
    const schema = await readFile(path.join(repoRoot, 'prisma/schema.prisma'), 'utf8');
    const project = await makeProject(schema, { cleanup: onTestFinished });
    const repoMigrations = path.join(repoRoot, 'prisma/migrations');
    if (existsSync(repoMigrations)) await cp(repoMigrations, project.migrationsDir, { recursive: true });
    await createMigration({ ...project, name: 'catch_up' });
    expect(await checkDrift(project)).toEqual({ inSync: true });
  });
});
