/**
 * `pnpm db:restore`: puts the database and the stored files back to a backup's point.
 *
 * Order, so that a failure at any step leaves the installation as it was:
 * 1. read the manifest and refuse what cannot be restored here (wrong kind, newer schema, tools
 *    too old); take the embedded database's lock (refused while the app runs on it);
 * 2. extract the whole archive to a staging folder and check every sha256 against the manifest;
 * 3. ask (or --yes);
 * 4. add the backup's files to the storage (adding content-addressed files changes nothing for
 *    the database as it is);
 * 5. replace the database in one step: PostgreSQL in a single transaction that drops every schema,
 *    runs pg_restore's script and checks the row counts and the audit head before it commits;
 *    PGlite by loading the dump into a new folder, checking it there, then swapping the folders;
 * 6. remove stored files the backup does not hold, verify the audit chain, compare with the manifest.
 * See docs/backup.md.
 */
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { ChainVerification } from '../audit';
import { assertReachable, maskDatabaseUrl } from '../database';
import { lockDataDir, startEmbeddedPostgres } from '../embedded';
import { listMigrations } from '../migrate';
import { extractVerified, readManifest } from './archive';
import { exists, placeFiles, setAsideFilesNotIn } from './files';
import {
  AUDIT_TABLE,
  differencesFrom,
  examineDatabase,
  qualifiedName,
  USER_TABLES,
  withClient,
  type DatabaseFigures,
} from './inspect';
import { embeddedDataDir } from './locations';
import { BackupError, type Manifest } from './manifest';
import { libpqConnection, majorVersion, pgliteVersion, programVersion, runPg } from './pg-tools';
import type { Progress } from './progress';

const CHECKING = '核对行数与审计链 (checking row counts and the audit chain)';

export interface RestoreOptions {
  file: string;
  /** PostgreSQL to restore into; unset: the embedded database under dataDir */
  databaseUrl: string | undefined;
  dataDir: string;
  evidenceDir: string;
  progress: Progress;
  /** asked once the backup has been verified, with what is about to be replaced */
  confirm(question: string): Promise<boolean>;
  /** Defaults to <repo>/prisma/migrations: the schema versions this code knows. */
  migrationsDir?: string;
}

export interface RestoreResult {
  manifest: Manifest;
  figures: DatabaseFigures;
  chain: ChainVerification | undefined;
  /** stored files added after the backup, moved aside */
  removedFiles: number;
  /** where they were moved */
  asideDir: string;
  /** migrations of this code that the backup predates: applied at the next start */
  pendingMigrations: string[];
  /** embedded: where the replaced data folder was kept */
  previousDataDir: string | undefined;
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { progress, evidenceDir } = options;
  progress.step(`读取备份清单 (reading the manifest of ${options.file})`);
  const manifest = await readManifest(options.file);
  const kind = options.databaseUrl ? 'postgres' : 'embedded';
  const pendingMigrations = await checkCompatible(manifest, kind, options.migrationsDir);

  const pgliteDir = embeddedDataDir(options.dataDir);
  // Held from before the first change to after the last, so the app cannot start in between.
  const release = kind === 'embedded' ? await lockDataDir(pgliteDir) : async () => {};
  let stagingDir: string | undefined;
  try {
    // Beside the storage, so that files move into place by rename (a new installation may lack it).
    await mkdir(dirname(evidenceDir), { recursive: true });
    stagingDir = await mkdtemp(join(dirname(evidenceDir), '.ledger-restore-'));
    let target: string;
    if (options.databaseUrl) {
      await assertReachable(options.databaseUrl);
      target = `PostgreSQL ${maskDatabaseUrl(options.databaseUrl)}`;
      const others = await otherConnections(options.databaseUrl);
      if (others > 0) {
        progress.step(
          `注意: 还有 ${others} 个连接在使用该数据库，请先停止应用 (warning: ${others} other connections; stop the app first)`,
        );
      }
    } else {
      target = `内嵌数据库 (embedded database) ${pgliteDir}`;
    }

    progress.step(`解压并校验备份 (extracting and checking every sha256 in ${stagingDir})`);
    await extractVerified(options.file, stagingDir, manifest, progress.count('个校验和 (checksums)'));

    const question =
      `将用 ${manifest.createdAt} 的备份替换 ${target} 的全部数据，及 ${evidenceDir} 中的存储文件` +
      ` (${manifest.files.length} 个文件)。当前数据将被覆盖。\n` +
      `This replaces all data of ${target} and the stored files with the backup of ${manifest.createdAt}.`;
    if (!(await options.confirm(question)))
      throw new BackupError('已取消，未做任何更改 (cancelled; nothing changed)', 2);

    progress.step(`放回存储文件 (placing ${manifest.files.length} stored files)`);
    await placeFiles(
      join(stagingDir, 'files'),
      evidenceDir,
      manifest.files,
      progress.count('个文件 (files)'),
    );

    let figures: DatabaseFigures;
    let chain: ChainVerification | undefined;
    let previousDataDir: string | undefined;
    if (options.databaseUrl) {
      await restorePostgres(options.databaseUrl, stagingDir, manifest, progress);
      progress.step(CHECKING);
      ({ figures, chain } = await examineDatabase(options.databaseUrl, false));
    } else {
      ({ figures, chain, previousDataDir } = await restoreEmbedded(
        pgliteDir,
        stagingDir,
        manifest,
        progress,
      ));
    }

    const asideDir = `${evidenceDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    progress.step(`移出备份之后存入的文件 (moving stored files the backup does not hold to ${asideDir})`);
    const removedFiles = await setAsideFilesNotIn(evidenceDir, manifest.files, asideDir);

    const problems = differencesFrom(manifest, figures);
    if (chain && !chain.ok) {
      const already = manifest.auditChain.verified
        ? ''
        : '，备份时即已断开 (already broken when the backup was taken)';
      problems.push(`审计链在记录 ${chain.firstBrokenId} 处断开${already} (audit chain broken)`);
    }
    if (problems.length > 0) {
      throw new BackupError(
        `已恢复，但校验未通过 (restored, but the checks failed):\n  ${problems.join('\n  ')}`,
        4,
      );
    }
    return { manifest, figures, chain, removedFiles, asideDir, pendingMigrations, previousDataDir };
  } finally {
    if (stagingDir) await rm(stagingDir, { recursive: true, force: true });
    await release();
  }
}

/** Refuses (exit code 3) a backup that this installation cannot take; answers the pending migrations. */
async function checkCompatible(
  manifest: Manifest,
  kind: 'postgres' | 'embedded',
  migrationsDir: string | undefined,
): Promise<string[]> {
  if (manifest.database.kind !== kind) {
    const names = { postgres: 'PostgreSQL (DATABASE_URL)', embedded: '内嵌数据库 (embedded PGlite)' };
    throw new BackupError(
      `备份来自 ${names[manifest.database.kind]}，当前配置的是 ${names[kind]} (the backup is of another kind of database)`,
      3,
    );
  }
  const known = (await listMigrations(migrationsDir)).map((migration) => migration.name);
  const unknown = manifest.app.migrations.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new BackupError(
      `备份来自更新的程序版本 (迁移 ${unknown.join(', ')} 本程序没有)，请先升级程序 (the backup is from a newer version)`,
      3,
    );
  }
  if (kind === 'postgres') {
    const dumpedWith = majorVersion(manifest.database.tool);
    const restoreTool = await programVersion('pg_restore');
    await programVersion('psql');
    if (majorVersion(restoreTool) < dumpedWith) {
      throw new BackupError(
        `备份由 ${manifest.database.tool} 制作，${restoreTool} 读不了: 请安装 ${dumpedWith} 或更新版本的 PostgreSQL 客户端 (pg_restore too old)`,
        3,
      );
    }
  } else {
    const installed = `@electric-sql/pglite ${await pgliteVersion()}`;
    const minor = (tool: string) => /(\d+\.\d+)\.\d+/.exec(tool)?.[1];
    if (minor(installed) !== minor(manifest.database.tool)) {
      throw new BackupError(
        `备份由 ${manifest.database.tool} 制作，与本程序的 ${installed} 数据格式不同 (PGlite version mismatch)`,
        3,
      );
    }
  }
  return known.filter((name) => !manifest.app.migrations.includes(name));
}

async function otherConnections(url: string): Promise<number> {
  const { rows } = await withClient(url, (client) =>
    client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    ),
  );
  return rows[0]!.n;
}

/**
 * One transaction: drop every schema (objects made after the backup go too), recreate `public` as
 * a new database has it, run pg_restore's script, and check the counts before COMMIT. psql rolls
 * it all back on the first error, so the database is either the backup's or untouched.
 */
async function restorePostgres(url: string, stagingDir: string, manifest: Manifest, progress: Progress) {
  progress.step('准备恢复脚本 (pg_restore → SQL)');
  const script = join(stagingDir, 'restore.sql');
  await runPg('pg_restore', [
    '--no-owner',
    '--no-privileges',
    `--file=${script}`,
    join(stagingDir, manifest.database.path),
  ]);
  const preamble = join(stagingDir, 'preamble.sql');
  await writeFile(
    preamble,
    `SET lock_timeout = '30s';
DO $drop$ DECLARE s name; BEGIN
  FOR s IN SELECT n.nspname FROM pg_namespace n
            WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
END $drop$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';
`,
  );
  const checks = join(stagingDir, 'checks.sql');
  await writeFile(checks, checksSql(manifest));

  progress.step(
    `在一个事务中替换数据库 (replacing the database in one transaction: ${manifest.tables.length} tables)`,
  );
  const connection = libpqConnection(url);
  await runPg(
    'psql',
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '--single-transaction',
      '-o',
      '/dev/null',
      '-d',
      connection.url,
    ].concat(['-f', preamble, '-f', script, '-f', checks]),
    {
      env: connection.env,
      describeFailure: (stderr) =>
        `恢复失败，数据库未改变 (restore failed and was rolled back; the database is unchanged): ${stderr.trim().split('\n').slice(0, 3).join(' | ')}`,
    },
  );
}

/** A DO block that raises (and so rolls back the restore) when a table or the audit head differs. */
function checksSql(manifest: Manifest): string {
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const lines = [
    `SELECT count(*) INTO n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_TABLES};`,
    `IF n <> ${manifest.tables.length} THEN RAISE EXCEPTION 'restored % tables, the backup has ${manifest.tables.length}', n; END IF;`,
  ];
  for (const table of manifest.tables) {
    const name = qualifiedName(table);
    lines.push(
      `SELECT count(*) INTO n FROM ${name};`,
      `IF n <> ${table.rows} THEN RAISE EXCEPTION '% has % rows, the backup has ${table.rows}', ${literal(name)}, n; END IF;`,
    );
  }
  if (manifest.tables.some((table) => table.schema === 'public' && table.name === AUDIT_TABLE)) {
    const head = manifest.auditChain.headHash === null ? 'NULL' : literal(manifest.auditChain.headHash);
    lines.push(
      `SELECT hash INTO h FROM ${qualifiedName({ schema: 'public', name: AUDIT_TABLE })} ORDER BY id DESC LIMIT 1;`,
      `IF h IS DISTINCT FROM ${head} THEN RAISE EXCEPTION 'audit chain head is %, the backup has ${manifest.auditChain.headHash ?? 'none'}', h; END IF;`,
    );
  }
  return `DO $check$ DECLARE n bigint; h text; BEGIN\n  ${lines.join('\n  ')}\nEND $check$;\n`;
}

/**
 * Loads PGlite's dump into `<dir>.restoring`, checks it there, then swaps the folders; the
 * replaced folder is kept as `<dir>.before-restore-<time>` (deleting it is the operator's call).
 */
async function restoreEmbedded(
  pgliteDir: string,
  stagingDir: string,
  manifest: Manifest,
  progress: Progress,
) {
  const restoringDir = `${pgliteDir}.restoring`;
  await rm(restoringDir, { recursive: true, force: true });
  progress.step(`载入内嵌数据库 (loading the PGlite dump into ${restoringDir})`);
  const dump = new Blob([await readFile(join(stagingDir, manifest.database.path))]);
  const server = await startEmbeddedPostgres({ dataDir: restoringDir, loadDataDir: dump });
  let result: Awaited<ReturnType<typeof examineDatabase>>;
  try {
    progress.step(CHECKING);
    result = await examineDatabase(server.url, true);
  } finally {
    await server.stop();
  }
  const problems = differencesFrom(manifest, result.figures);
  if (result.chain && !result.chain.ok && manifest.auditChain.verified) {
    problems.push(`审计链在记录 ${result.chain.firstBrokenId} 处断开 (audit chain broken)`);
  }
  if (problems.length > 0) {
    await rm(restoringDir, { recursive: true, force: true });
    throw new BackupError(
      `备份载入后与清单不符，未做替换 (the loaded dump differs from the manifest; nothing replaced):\n  ${problems.join('\n  ')}`,
      3,
    );
  }
  progress.step('替换数据目录 (swapping the data folder)');
  let previousDataDir: string | undefined;
  if (await exists(join(pgliteDir, 'PG_VERSION'))) {
    previousDataDir = `${pgliteDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(pgliteDir, previousDataDir);
  } else {
    await rm(pgliteDir, { recursive: true, force: true });
  }
  await rename(restoringDir, pgliteDir);
  return { ...result, previousDataDir };
}
