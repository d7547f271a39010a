/**
 * The stored files (evidence, bulletins, export and import files: everything under the evidence
 * folder's `sha256/`, see apps/api/src/services/storage.ts). They are content-addressed and never
 * rewritten, so a file's name is its hash and a file present once stays what it was.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

import { STORAGE_KEY, type Manifest } from './manifest';

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

export type StoredFile = Manifest['files'][number];

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Storage keys of the files under `<evidenceDir>/sha256`, sorted; none when the folder is missing. */
export async function listStorageKeys(evidenceDir: string): Promise<string[]> {
  const root = join(evidenceDir, 'sha256');
  const keys: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) keys.push(relative(evidenceDir, path).split(sep).join('/'));
    }
  };
  await walk(root);
  return keys.filter((key) => STORAGE_KEY.test(key)).sort();
}

/** Hashes every stored file, reporting progress after each. */
export async function describeStoredFiles(
  evidenceDir: string,
  onProgress: (done: number, total: number) => void,
): Promise<StoredFile[]> {
  const keys = await listStorageKeys(evidenceDir);
  const files: StoredFile[] = [];
  for (const key of keys) {
    const path = join(evidenceDir, key);
    const [sha256, info] = await Promise.all([sha256OfFile(path), stat(path)]);
    files.push({ path: key, sha256, sizeBytes: info.size });
    onProgress(files.length, keys.length);
  }
  return files;
}

/**
 * Puts every file of the backup in its place (from the verified staging folder), each through a
 * temp name and a rename so that the server never sees half a file. Adding files is harmless to
 * the database as it is; removing the others waits until the database has been restored.
 */
export async function placeFiles(
  stagingDir: string,
  evidenceDir: string,
  files: StoredFile[],
  onProgress: (done: number, total: number) => void,
): Promise<void> {
  let done = 0;
  for (const file of files) {
    const target = join(evidenceDir, file.path);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.restoring`;
    await moveOrCopy(join(stagingDir, file.path), temp);
    await rename(temp, target);
    onProgress((done += 1), files.length);
  }
}

/**
 * Moves the stored files that the backup does not hold (uploaded after it) out of the storage
 * into `aside` — kept, not deleted: a restore onto the wrong backup must not destroy evidence.
 * Answers how many.
 */
export async function setAsideFilesNotIn(
  evidenceDir: string,
  files: StoredFile[],
  aside: string,
): Promise<number> {
  const keep = new Set(files.map((file) => file.path));
  let moved = 0;
  for (const key of await listStorageKeys(evidenceDir)) {
    if (keep.has(key)) continue;
    const target = join(aside, key);
    await mkdir(dirname(target), { recursive: true });
    await moveOrCopy(join(evidenceDir, key), target);
    await rm(join(evidenceDir, key), { force: true });
    moved += 1;
  }
  return moved;
}

async function moveOrCopy(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    // The staging folder is beside the evidence folder, but that may be a mount of its own.
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
  }
}
