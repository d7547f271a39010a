/**
 * `pnpm db:backup [--out FILE]` and `pnpm db:restore FILE [--yes]`, on the database and storage
 * the server uses: DATABASE_URL (else the embedded database under DATA_DIR) and EVIDENCE_DIR.
 * Exit codes: 0 done; 1 failed, nothing restored; 2 wrong usage or not confirmed; 3 the backup
 * file was refused, nothing changed; 4 restored, but a check afterwards failed. See docs/backup.md.
 */
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

import { createBackup } from './create';
import { embeddedDataDir, repoRoot, resolveDataLocations } from './locations';
import { BackupError } from './manifest';
import { lineProgress } from './progress';
import { restoreBackup } from './restore';

const USAGE = `用法 (usage):
  pnpm db:backup [--out FILE]     备份数据库与存储文件 (default: <DATA_DIR>/backups/ledger-<kind>-<time>.tar.gz)
  pnpm db:restore FILE [--yes]    从备份恢复 (--yes: do not ask)`;

const print = (line: string) => process.stdout.write(`${line}\n`);
const progress = lineProgress(print);
/** pnpm runs scripts in the package folder; a path the user typed is relative to where they typed it. */
const userDir = process.env.INIT_CWD || process.cwd();

function settings() {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  return { databaseUrl, ...resolveDataLocations(process.env, repoRoot) };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function backup(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const config = settings();
  const kind = config.databaseUrl ? 'postgres' : 'embedded';
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
  const out = values.out
    ? resolve(userDir, values.out)
    : join(config.dataDir, 'backups', `ledger-${kind}-${stamp}.tar.gz`);
  const { manifest, sizeBytes, file } = await createBackup({ ...config, out, progress });
  const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
  const fileBytes = manifest.files.reduce((sum, stored) => sum + stored.sizeBytes, 0);
  print('');
  print(`备份完成 (backup written): ${file} (${mib(sizeBytes)})`);
  print(`  数据库 (database): ${kind}, ${manifest.tables.length} 张表 ${rows} 行 (tables, rows)`);
  print(`  存储文件 (stored files): ${manifest.files.length} 个, ${mib(fileBytes)}`);
  print(
    `  审计链 (audit chain): ${manifest.auditChain.records} 条, 末条 ${manifest.auditChain.headHash ?? '—'}` +
      (manifest.auditChain.verified ? ', 校验通过 (verified)' : ', 校验未通过! (does NOT verify)'),
  );
  print(`  结构版本 (schema): ${manifest.app.migrations.at(-1) ?? '—'}`);
  print('请把备份文件复制到另一台机器或介质保存 (copy the file off this machine).');
}

async function restore(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { yes: { type: 'boolean', short: 'y' } },
  });
  if (positionals.length !== 1) throw new BackupError(USAGE, 2);
  const config = settings();
  const result = await restoreBackup({
    ...config,
    file: resolve(userDir, positionals[0]!),
    progress,
    confirm: (question) => confirm(question, values.yes === true),
  });
  const { manifest, figures, chain } = result;
  const rows = figures.tables.reduce((sum, table) => sum + table.rows, 0);
  print('');
  print(`恢复完成 (restored) to the backup of ${manifest.createdAt}`);
  print(`  数据库 (database): ${figures.tables.length} 张表 ${rows} 行，与备份清单一致 (match the manifest)`);
  print(
    `  存储文件 (stored files): ${manifest.files.length} 个，sha256 已核对 (checked)` +
      (result.removedFiles > 0
        ? `；备份后新增的 ${result.removedFiles} 个已移至 ${result.asideDir} (files added later moved aside)`
        : ''),
  );
  print(
    `  审计链 (audit chain): ${chain ? `${chain.checked} 条，校验通过 (verified)` : '无记录 (empty)'}` +
      `，末条 ${figures.auditChain.headHash ?? '—'}`,
  );
  if (result.previousDataDir) {
    print(
      `  原数据目录保留在 (the replaced data folder is kept at) ${result.previousDataDir}; 确认无误后可删除`,
    );
  } else if (!config.databaseUrl) {
    print(`  数据目录 (data folder): ${embeddedDataDir(config.dataDir)}`);
  }
  if (result.pendingMigrations.length > 0) {
    print(
      `  下次启动将应用 ${result.pendingMigrations.length} 个新迁移 (the next start applies newer migrations)`,
    );
  }
}

async function confirm(question: string, yes: boolean): Promise<boolean> {
  print(question);
  if (yes) return true;
  if (!process.stdin.isTTY) {
    throw new BackupError(
      '需要确认: 交互式终端输入 yes，或加 --yes (confirmation needed: run in a terminal or pass --yes)',
      2,
    );
  }
  const readline = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await readline.question('输入 yes 继续 (type yes to continue): ')).trim().toLowerCase() === 'yes';
  } finally {
    readline.close();
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'backup') return backup(args);
  if (command === 'restore') return restore(args);
  throw new BackupError(USAGE, 2);
}

main().catch((error: unknown) => {
  // Expected failures carry a one-line message that says what to do; a stack adds nothing to it.
  const usage = String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
  console.error(error instanceof Error ? error.message : String(error));
  if (usage) console.error(USAGE);
  process.exitCode = error instanceof BackupError ? error.exitCode : usage ? 2 : 1;
});
