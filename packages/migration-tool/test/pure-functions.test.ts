import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { summarizeSql } from '../src/commands';
import { toPrisma6Schema } from '../src/derive-schema';
import { HANDOFF } from '../src/env';
import { migrationSlug, nextMigrationTimestamp } from '../src/migrations';

describe('toPrisma6Schema', () => {
  const prisma7 = `// comment mentioning datasource db {
generator client {
  provider = "prisma-client"
  output   = "../generated"
  engineType = "library"
}

datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model Unit {
  id  String @id
  url String
}
`;

  it('gives the datasource the url and the generators the engine type that 6.19 needs', () => {
    const derived = toPrisma6Schema(prisma7);
    expect(derived).toContain(
      `datasource db {\n  url = env("${HANDOFF.datasourceUrl}")\n  provider = "postgresql"\n}`,
    );
    expect(derived).toContain(
      'generator client {\n  engineType = "client"\n  provider = "prisma-client"\n  output   = "../generated"\n}',
    );
    expect(derived.match(/url\s+=\s+env/g)).toHaveLength(1);
    expect(derived.match(/engineType/g)).toHaveLength(1);
  });

  it('keeps models, comments and line numbers where they were', () => {
    const derived = toPrisma6Schema(prisma7).split('\n');
    const original = prisma7.split('\n');
    expect(derived[0]).toBe('// comment mentioning datasource db {');
    const modelLine = original.indexOf('model Unit {');
    expect(derived.slice(modelLine, modelLine + 4)).toEqual(original.slice(modelLine, modelLine + 4));
  });
});

describe('migration folders', () => {
  it('turns a name into the word characters Prisma uses', () => {
    expect(migrationSlug(' add closure-request ')).toBe('add_closure_request');
    expect(() => migrationSlug('整改')).toThrow(/no letters or digits/);
  });

  it('names a new migration after every existing one, even within the same second', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'migration-tool-units-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const now = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(await nextMigrationTimestamp(path.join(dir, 'missing'), now)).toBe('20260102030405');
    await mkdir(path.join(dir, '20260102030405_init'));
    expect(await nextMigrationTimestamp(dir, now)).toBe('20260102030406');
    await mkdir(path.join(dir, '20261231235959_from_a_fast_clock'));
    expect(await nextMigrationTimestamp(dir, now)).toBe('20270101000000');
  });
});

it('summarizes a diff by step and object', () => {
  const sql = `-- CreateTable
CREATE TABLE "Inspection" (
    "id" SERIAL NOT NULL
);

-- AlterTable
ALTER TABLE "Unit" ADD COLUMN     "phone" TEXT;

-- CreateTable
CREATE TABLE "Notice" ();
`;
  expect(summarizeSql(sql)).toEqual(['CreateTable: "Inspection", "Notice"', 'AlterTable: "Unit"']);
});
