/**
 * `pnpm db:backup` and `pnpm db:restore` as an operator runs them (child processes, exit codes,
 * output), on a scratch PostgreSQL database and on an embedded PGlite data folder: seed, upload
 * evidence through the API, back up, change everything a day's work changes, restore, and find
 * every table, every stored file and the audit chain exactly as they were at the backup point.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { appendAudit, verifyAuditChain } from '@ledger/db/audit';
import { listStorageKeys } from '@ledger/db/backup/files';
import { openDatabase, type Database } from '@ledger/db/database';
import { seedDemoData } from '@ledger/db/seed/demo';
import { createTestDatabase, type TestDatabase } from '@ledger/db/testing/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../src/app';
import { hushuItems, jpeg, multipartForm, pdf, png, type FormFile } from './evidence-fixtures';
import { loginAs, SEED_TODAY, type TestContext } from './helpers';

const cli = fileURLToPath(new URL('../../../packages/db/src/backup/cli.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../packages/db/node_modules/.bin/tsx', import.meta.url));
const silent = { info: () => {}, warn: () => {} };
/** Each step runs the command (a tsx process, PGlite started and dumped); the machine may be shared. */
const STEP_TIMEOUT = 180_000;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The refusals end before the database is touched, so they run on one backend: the server if there is one. */
const refusalKind = process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded';

const kinds = [
  { kind: 'embedded' as const, title: 'embedded PGlite', skip: false },
  {
    kind: 'postgres' as const,
    title: process.env.TEST_DATABASE_URL
      ? 'PostgreSQL'
      : 'PostgreSQL (skipped: TEST_DATABASE_URL is not set)',
    skip: !process.env.TEST_DATABASE_URL,
  },
];

interface Snapshot {
  /** "schema.table" → row count and md5 of the rows' text, in order */
  tables: Record<string, string>;
  /** every audit record's id and hash, in order */
  audit: string[];
  /** storage key → sha256 of the bytes on disk */
  files: Record<string, string>;
}

describe.each(kinds)('pnpm db:backup / db:restore on $title', ({ kind, skip }) => {
  let dataDir: string;
  let evidenceDir: string;
  let database: TestDatabase | undefined;
  let backupFile: string;
  let atBackup: Snapshot;
  let changed: Snapshot;

  /** The database as the server opens it (the embedded one holds its folder's lock while open). */
  function openLedgerDatabase(): Promise<Database> {
    return database
      ? openDatabase({ databaseUrl: database.url, dataDir: '', logger: silent })
      : openDatabase({ dataDir: join(dataDir, 'pglite'), logger: silent, migrate: true });
  }

  async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
    const db = await openLedgerDatabase();
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  }

  /** The database and the app on it, for changes made through the API. */
  function withLedger<T>(work: (ledger: TestContext) => Promise<T>): Promise<T> {
    return withDatabase(async (db) => {
      const app = await buildApp({ db, evidence: { dir: evidenceDir, maxBytes: 1_000_000 } });
      try {
        await app.ready();
        return await work({ app, db, database: database!, evidenceDir });
      } finally {
        await app.close();
      }
    });
  }

  async function snapshot(db: Database): Promise<Snapshot> {
    const names = await db.prisma.$queryRawUnsafe<{ schema: string; name: string }[]>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
        ORDER BY 1, 2`,
    );
    const tables: Record<string, string> = {};
    for (const { schema, name } of names) {
      const [row] = await db.prisma.$queryRawUnsafe<{ rows: number; digest: string }[]>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest
           FROM "${schema}"."${name}" AS t`,
      );
      tables[`${schema}.${name}`] = `${row!.rows} rows, md5 ${row!.digest}`;
    }
    const audit = (
      await db.prisma.auditLog.findMany({ orderBy: { id: 'asc' }, select: { id: true, hash: true } })
    ).map((record) => `${record.id} ${record.hash}`);
    const files: Record<string, string> = {};
    const entries = await readdir(join(evidenceDir, 'sha256'), { recursive: true, withFileTypes: true });
    for (const entry of entries.filter((candidate) => candidate.isFile())) {
      const path = join(entry.parentPath, entry.name);
      files[relative(evidenceDir, path)] = sha256(await readFile(path));
    }
    return { tables, audit, files };
  }

  async function runCli(args: string[]) {
    try {
      const { stdout, stderr } = await promisify(execFile)(tsx, [cli, ...args], {
        env: {
          ...process.env,
          DATABASE_URL: database?.url ?? '',
          DATA_DIR: dataDir,
          EVIDENCE_DIR: '',
        },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { code, stdout, stderr };
    }
  }

  async function uploadEvidence(ledger: TestContext, cookie: string, itemId: string, file: FormFile) {
    const form = multipartForm({ provesDate: '2026-11-20', description: '整改后现场照片' }, [file]);
    const response = await ledger.app.inject({
      method: 'POST',
      url: `/api/items/${itemId}/evidence`,
      headers: { cookie, ...form.headers },
      payload: form.payload,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; sha256: string }>();
  }

  beforeAll(async () => {
    if (skip) return;
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-backup-'));
    evidenceDir = join(dataDir, 'evidence');
    if (kind === 'postgres') database = await createTestDatabase({ kind: 'postgres' });
    await withLedger(async (ledger) => {
      await seedDemoData(ledger.db.prisma, { today: SEED_TODAY });
      const { cookie } = await loginAs(ledger, 'officer.hushu');
      const items = await hushuItems(ledger.db.prisma);
      await uploadEvidence(ledger, cookie, items.open.id, { name: '现场照片.png', content: png });
      await uploadEvidence(ledger, cookie, items.open.id, { name: '验收报告.pdf', content: pdf });
      atBackup = await snapshot(ledger.db);
    });
    backupFile = join(dataDir, 'backups', 'ledger.tar.gz');
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it.skipIf(skip)(
    'writes one archive: the manifest first, the dump, every stored file with its sha256, the audit head',
    async () => {
      expect(Object.keys(atBackup.files)).toHaveLength(2);
      expect(atBackup.audit.length).toBeGreaterThan(0);

      const result = await runCli(['backup', '--out', backupFile]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`备份完成 (backup written): ${backupFile}`);

      const { stdout: listing } = await promisify(execFile)('tar', ['-tzf', backupFile]);
      const entries = listing.trim().split('\n');
      expect(entries[0]).toBe('manifest.json');
      expect(entries).toContain(kind === 'postgres' ? 'database/postgres.dump' : 'database/pglite.tar');
      expect(entries.filter((entry) => entry.startsWith('files/')).sort()).toEqual(
        Object.keys(atBackup.files)
          .map((key) => `files/${key}`)
          .sort(),
      );

      const { stdout: text } = await promisify(execFile)('tar', ['-xzOf', backupFile, 'manifest.json']);
      const manifest = JSON.parse(text);
      expect(manifest.database.kind).toBe(kind);
      expect(
        Object.fromEntries(
          manifest.files.map((file: { path: string; sha256: string }) => [file.path, file.sha256]),
        ),
      ).toEqual(atBackup.files);
      expect(
        Object.fromEntries(
          manifest.tables.map((table: { schema: string; name: string; rows: number }) => [
            `${table.schema}.${table.name}`,
            table.rows,
          ]),
        ),
      ).toEqual(
        Object.fromEntries(
          Object.entries(atBackup.tables).map(([name, value]) => [name, Number.parseInt(value, 10)]),
        ),
      );
      expect(manifest.auditChain).toMatchObject({
        records: atBackup.audit.length,
        headHash: atBackup.audit.at(-1)!.split(' ')[1],
        verified: true,
      });
    },
    STEP_TIMEOUT,
  );

  it.skipIf(skip)(
    'records a day of changes after the backup: items, progress, evidence, audit, schema',
    async () => {
      changed = await withLedger(async (ledger) => {
        const { prisma } = ledger.db;
        const { cookie } = await loginAs(ledger, 'officer.hushu');
        const items = await hushuItems(prisma);
        const progress = await ledger.app.inject({
          method: 'POST',
          url: `/api/items/${items.open.id}/progress`,
          headers: { cookie },
          payload: { reportedOn: '2026-11-28', content: '备份之后的进展', percent: 80 },
        });
        expect(progress.statusCode, progress.body).toBe(201);
        await uploadEvidence(ledger, cookie, items.open.id, { name: '备份之后.jpg', content: jpeg });
        // An evidence row and its file lost after the backup (there is no delete in the API).
        const lost = await prisma.evidenceFile.findFirstOrThrow({ where: { fileName: '现场照片.png' } });
        await prisma.evidenceFile.delete({ where: { id: lost.id } });
        await rm(join(evidenceDir, lost.storageKey));
        await prisma.$transaction(async (tx) => {
          await tx.ledgerItem.update({ where: { id: items.open.id }, data: { title: '备份之后改的标题' } });
          await appendAudit(tx, {
            actor: null,
            action: 'item.update',
            entityType: 'LedgerItem',
            entityId: items.open.id,
          });
        });
        await prisma.$executeRawUnsafe('CREATE TABLE stray_after_backup (id int)');
        return snapshot(ledger.db);
      });
      expect(changed.tables).not.toEqual(atBackup.tables);
      expect(changed.files).not.toEqual(atBackup.files);
      expect(changed.audit.length).toBeGreaterThan(atBackup.audit.length);
    },
    STEP_TIMEOUT,
  );

  it.skipIf(skip || kind !== refusalKind)(
    'refuses a damaged, cut-short or foreign file, and an unconfirmed restore, before changing anything',
    async () => {
      const work = await mkdtemp(join(dataDir, 'damaged-'));
      // One stored file's bytes changed, the archive otherwise intact (gzip and tar are valid).
      await promisify(execFile)('tar', ['-xzf', backupFile, '-C', work]);
      const victim = Object.keys(atBackup.files)[0]!;
      await appendFile(join(work, 'files', victim), 'x');
      const tampered = join(dataDir, 'tampered.tar.gz');
      await promisify(execFile)('tar', ['-czf', tampered, '-C', work, 'manifest.json', 'database', 'files']);
      // The archive cut short, as by a copy that stopped half-way.
      const whole = await readFile(backupFile);
      const truncated = join(dataDir, 'truncated.tar.gz');
      await writeFile(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
      const foreign = join(dataDir, 'photo.png');
      await writeFile(foreign, png);

      const refusals = [
        [tampered, /sha256/],
        [truncated, /已损坏|damaged/],
        [foreign, /不是本系统的备份文件 \(not a ledger backup/],
      ] as const;
      for (const [file, message] of refusals) {
        const result = await runCli(['restore', file, '--yes']);
        expect(result.code, `${file}: ${result.stderr}`).toBe(3);
        expect(result.stderr).toMatch(message);
      }
      const missingConfirmation = await runCli(['restore', backupFile]);
      expect(missingConfirmation.code).toBe(2);
      expect(missingConfirmation.stderr).toContain('--yes');

      expect(await withDatabase(snapshot)).toEqual(changed);
    },
    STEP_TIMEOUT,
  );

  it.skipIf(skip || kind !== 'embedded')(
    'refuses to restore while the app has the embedded database open',
    async () => {
      await withDatabase(async () => {
        const result = await runCli(['restore', backupFile, '--yes']);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`内嵌数据库正被进程 ${process.pid} 使用`);
      });
    },
    STEP_TIMEOUT,
  );

  it.skipIf(skip)(
    'restores every table, every stored file and the audit chain to the backup point; the chain verifies and grows on',
    async () => {
      const result = await runCli(['restore', backupFile, '--yes']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('恢复完成 (restored)');
      expect(result.stdout).toContain(
        `审计链 (audit chain): ${atBackup.audit.length} 条，校验通过 (verified)`,
      );
      // The file uploaded after the backup is moved aside, not deleted.
      const aside = /备份后新增的 1 个已移至 (\S+) /.exec(result.stdout)?.[1];
      expect(aside, result.stdout).toBeDefined();
      expect(await listStorageKeys(aside!)).toHaveLength(1);

      await withDatabase(async (db) => {
        const restored = await snapshot(db);
        expect(restored.tables).toEqual(atBackup.tables);
        expect(restored.files).toEqual(atBackup.files);
        expect(restored.audit).toEqual(atBackup.audit);
        expect(await verifyAuditChain(db.prisma)).toEqual({
          ok: true,
          checked: atBackup.audit.length,
          lastHash: atBackup.audit.at(-1)!.split(' ')[1],
        });
        // The restored sequences go on from the backup point: the next record links to its head.
        await db.prisma.$transaction((tx) =>
          appendAudit(tx, { actor: null, action: 'backup.check', entityType: 'System' }),
        );
        expect(await verifyAuditChain(db.prisma)).toMatchObject({
          ok: true,
          checked: atBackup.audit.length + 1,
        });
      });
    },
    STEP_TIMEOUT,
  );
});
