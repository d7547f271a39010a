/**
 * The backup file: one gzip-compressed tar (`tar` from npm) holding `manifest.json` first, the
 * database dump under `database/` and the stored files under `files/` at their storage keys.
 * See docs/decisions/014-backup-format.md.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, rename, rm, stat, symlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

import { create, extract, Parser, type ReadEntry } from 'tar';

import { sha256OfFile } from './files';
import { BackupError, FILES_DIR, MANIFEST_NAME, manifestSchema, type Manifest } from './manifest';

/**
 * Writes the archive from `stagingDir` (which holds manifest.json and the dump) and the evidence
 * folder. The files are named one by one, so a file stored while the backup runs, which the
 * manifest does not list, is not packed either. Written to `<out>.partial` and renamed at the end,
 * so a file at `out` is always a complete backup.
 */
export async function writeArchive(options: {
  out: string;
  stagingDir: string;
  evidenceDir: string;
  manifest: Manifest;
}): Promise<void> {
  const { out, stagingDir, manifest } = options;
  // tar packs paths relative to one folder: the evidence folder is linked into the staging one.
  await symlink(options.evidenceDir, join(stagingDir, FILES_DIR), 'dir');
  const partial = `${out}.partial`;
  try {
    await create({ file: partial, cwd: stagingDir, gzip: true, portable: true, strict: true }, [
      MANIFEST_NAME,
      manifest.database.path,
      ...manifest.files.map((file) => `${FILES_DIR}/${file.path}`),
    ]);
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

const notABackup = (file: string, why: string) =>
  new BackupError(`${file} 不是本系统的备份文件 (not a ledger backup: ${why})`, 3);

/** Reads only the first entry, which must be the manifest; checks the format before anything else. */
export async function readManifest(file: string): Promise<Manifest> {
  try {
    await stat(file);
  } catch {
    throw new BackupError(`找不到备份文件 (backup file not found): ${file}`, 3);
  }
  const text = await new Promise<string>((resolvePromise, reject) => {
    const input = createReadStream(file);
    let settled = false;
    const settle = (error: Error | undefined, value = '') => {
      if (settled) return;
      settled = true;
      input.destroy();
      if (error) reject(error);
      else resolvePromise(value);
    };
    const parser = new Parser({
      strict: true,
      onReadEntry(entry: ReadEntry) {
        if (entry.path !== MANIFEST_NAME) {
          entry.resume();
          return settle(notABackup(file, `its first entry is ${entry.path}, not ${MANIFEST_NAME}`));
        }
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => settle(undefined, Buffer.concat(chunks).toString('utf8')));
      },
    });
    parser.on('error', (error: Error) => settle(notABackup(file, error.message)));
    parser.on('end', () => settle(notABackup(file, 'no manifest.json')));
    input.on('error', (error) => settle(error));
    input.pipe(parser);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw notABackup(file, 'manifest.json is not JSON');
  }
  const format = (json as { format?: unknown; formatVersion?: unknown } | null) ?? {};
  if (format.format === 'ledger-backup' && format.formatVersion !== 1) {
    throw new BackupError(
      `备份格式版本 ${String(format.formatVersion)} 不受支持，请用制作它的程序版本恢复 (unsupported backup format version)`,
      3,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw notABackup(file, `manifest.json does not match the format at ${where}`);
  }
  return parsed.data;
}

/**
 * Extracts the whole archive into `stagingDir` and checks it against the manifest: every file
 * present with its sha256 and size, the dump likewise, nothing else. Throws (exit code 3) on the
 * first problem; nothing outside `stagingDir` has been touched by then.
 */
export async function extractVerified(
  file: string,
  stagingDir: string,
  manifest: Manifest,
  onProgress: (done: number, total: number) => void,
): Promise<void> {
  const expected = new Map<string, { sha256: string; sizeBytes: number }>([
    [MANIFEST_NAME, { sha256: '', sizeBytes: -1 }],
    [manifest.database.path, manifest.database],
    ...manifest.files.map((stored) => [`${FILES_DIR}/${stored.path}`, stored] as const),
  ]);
  const refused: string[] = [];
  try {
    await extract({
      file,
      cwd: stagingDir,
      strict: true,
      // Only plain files at the names the manifest lists: no links, nothing outside the folders.
      filter: (path, entry) => {
        const ok = 'type' in entry && entry.type === 'File' && expected.has(path);
        if (!ok) refused.push(path);
        return ok;
      },
    });
  } catch (error) {
    throw new BackupError(`备份文件已损坏 (the backup file is damaged): ${(error as Error).message}`, 3);
  }
  if (refused.length > 0) {
    throw new BackupError(
      `备份文件含有清单之外的内容 (entries not in the manifest): ${refused.slice(0, 5).join(', ')}`,
      3,
    );
  }
  const present = new Set(await listFiles(stagingDir));
  let done = 0;
  for (const [path, want] of expected) {
    if (!present.has(path)) throw new BackupError(`备份文件缺少 ${path} (missing from the backup)`, 3);
    if (path === MANIFEST_NAME) continue;
    const full = join(stagingDir, path);
    const [sha256, info] = await Promise.all([sha256OfFile(full), stat(full)]);
    if (sha256 !== want.sha256 || info.size !== want.sizeBytes) {
      throw new BackupError(
        `备份文件已损坏: ${path} 的 sha256 为 ${sha256}，清单记录为 ${want.sha256} (checksum mismatch)`,
        3,
      );
    }
    onProgress((done += 1), expected.size - 1);
  }
  // A second manifest.json later in the archive would have replaced the first one on extraction.
  const extracted = manifestSchema.safeParse(
    JSON.parse(await readFile(join(stagingDir, MANIFEST_NAME), 'utf8')),
  );
  if (!extracted.success || JSON.stringify(extracted.data) !== JSON.stringify(manifest)) {
    throw new BackupError('备份文件的清单前后不一致 (the manifest changed between reads)', 3);
  }
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
}
