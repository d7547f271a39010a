/**
 * `pnpm db:backup`: one archive holding the database dump, every stored file and a manifest.
 * PostgreSQL is dumped with pg_dump from a snapshot whose row counts and audit head are read in
 * the same snapshot; the embedded database is copied as PGlite's own data-folder dump, which
 * needs the server stopped (PGlite takes one process).
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { assertReachable } from '../database';
import { startEmbeddedPostgres } from '../embedded';
import { writeArchive } from './archive';
import { describeStoredFiles, exists, sha256OfFile } from './files';
import {
  examineDatabase,
  inspectDatabase,
  verifyAuditTrail,
  withClient,
  type DatabaseFigures,
} from './inspect';
import { embeddedDataDir } from './locations';
import { BackupError, DATABASE_DIR, FORMAT, FORMAT_VERSION, MANIFEST_NAME, type Manifest } from './manifest';
import { libpqConnection, majorVersion, pgliteVersion, programVersion, runPg } from './pg-tools';
import type { Progress } from './progress';

export interface BackupOptions {
  /** PostgreSQL to back up; unset: the embedded database under dataDir */
  databaseUrl: string | undefined;
  dataDir: string;
  evidenceDir: string;
  /** the archive to write (must not exist) */
  out: string;
  progress: Progress;
}

export interface BackupResult {
  file: string;
  sizeBytes: number;
  manifest: Manifest;
}

interface DumpedDatabase {
  figures: DatabaseFigures;
  verified: boolean;
  tool: string;
  path: string;
}

export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const { out, progress } = options;
  if (await exists(out))
    throw new BackupError(`${out} 已存在，不覆盖 (the file exists; choose another --out)`, 2);
  await mkdir(dirname(out), { recursive: true });
  const stagingDir = await mkdtemp(join(dirname(out), '.ledger-backup-'));
  try {
    await mkdir(join(stagingDir, DATABASE_DIR));
    const database = options.databaseUrl
      ? await dumpPostgres(options.databaseUrl, stagingDir, progress)
      : await dumpEmbedded(embeddedDataDir(options.dataDir), stagingDir, progress);
    const dumpPath = join(stagingDir, database.path);

    progress.step(`计算存储文件的 sha256 (hashing stored files in ${options.evidenceDir})`);
    const files = await describeStoredFiles(options.evidenceDir, progress.count('个文件 (files)'));

    const manifest: Manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      app: { migrations: database.figures.migrations },
      database: {
        kind: options.databaseUrl ? 'postgres' : 'embedded',
        serverVersion: database.figures.serverVersion,
        tool: database.tool,
        path: database.path,
        sha256: await sha256OfFile(dumpPath),
        sizeBytes: (await stat(dumpPath)).size,
      },
      tables: database.figures.tables,
      auditChain: { ...database.figures.auditChain, verified: database.verified },
      files,
    };
    await writeFile(join(stagingDir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);

    progress.step(`写入备份文件 (writing ${out})`);
    await writeArchive({ out, stagingDir, evidenceDir: options.evidenceDir, manifest });
    return { file: out, sizeBytes: (await stat(out)).size, manifest };
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
}

async function dumpPostgres(url: string, stagingDir: string, progress: Progress): Promise<DumpedDatabase> {
  await assertReachable(url);
  const tool = await programVersion('pg_dump');
  const path = `${DATABASE_DIR}/postgres.dump`;
  const figures = await withClient(url, async (client) => {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    const server = rows[0]!.server_version;
    if (majorVersion(tool) < majorVersion(server)) {
      throw new BackupError(
        `${tool} 比数据库服务器 (PostgreSQL ${server}) 旧，无法导出: 请安装 pg_dump ${majorVersion(server)} 或更新版本，` +
          `或用 PG_BIN_DIR 指定其目录 (pg_dump is older than the server)`,
      );
    }
    // One snapshot for the figures and the dump: the row counts describe exactly what is dumped.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
    progress.step('读取各表行数 (counting rows)');
    const counted = await inspectDatabase(client);
    progress.step(`导出数据库 (pg_dump, ${counted.tables.length} tables)`);
    const connection = libpqConnection(url);
    await runPg(
      'pg_dump',
      [
        '--format=custom',
        `--snapshot=${snapshot}`,
        `--file=${join(stagingDir, path)}`,
        `--dbname=${connection.url}`,
      ],
      { env: connection.env },
    );
    await client.query('COMMIT');
    return counted;
  });
  // The trail is append-only, so a chain that verifies now verified at the snapshot too.
  progress.step('校验审计链 (verifying the audit chain)');
  const verified = figures.auditChain.records === 0 || (await verifyAuditTrail(url, false)).ok;
  return { figures, verified, tool, path };
}

async function dumpEmbedded(
  dataDir: string,
  stagingDir: string,
  progress: Progress,
): Promise<DumpedDatabase> {
  if (!(await exists(join(dataDir, 'PG_VERSION')))) {
    throw new BackupError(
      `没有内嵌数据库 (no embedded database in ${dataDir}); set DATABASE_URL or DATA_DIR`,
    );
  }
  progress.step(`打开内嵌数据库 (opening ${dataDir}; the app must be stopped)`);
  const server = await startEmbeddedPostgres({ dataDir });
  const path = `${DATABASE_DIR}/pglite.tar`;
  try {
    progress.step('读取各表行数并校验审计链 (counting rows, verifying the audit chain)');
    const { figures, chain } = await examineDatabase(server.url, true);
    progress.step('导出内嵌数据库 (dumping the PGlite data folder)');
    const dump = await server.dumpDataDir();
    await writeFile(join(stagingDir, path), Buffer.from(await dump.arrayBuffer()));
    return {
      figures,
      verified: chain?.ok ?? true,
      tool: `@electric-sql/pglite ${await pgliteVersion()}`,
      path,
    };
  } finally {
    await server.stop();
  }
}
