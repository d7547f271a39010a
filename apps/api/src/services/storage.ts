/**
 * Evidence files on disk (佐证材料), content-addressed: a file lives at
 * `sha256/<first 2 hex>/<next 2 hex>/<sha256>` under the evidence folder, whatever its uploader
 * called it, so no name a user sends ever becomes part of a path, and the same bytes uploaded
 * twice are stored once. The database row keeps the original name, type and the date it proves.
 *
 * An upload is written to `tmp/` (same file system, so the final rename is atomic) and hashed
 * while it streams; only a file that passed every check is renamed into place. A stored file
 * without a row (a transaction that failed after the rename) is harmless: it is addressed by its
 * content, and the next upload of the same bytes simply takes it over.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file received into `tmp/`, not yet in its place. */
export interface ReceivedFile {
  tempPath: string;
  sha256: string;
  sizeBytes: number;
}

const STORAGE_KEY = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/** A temp file older than this belongs to an upload that died with its process. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export function storageKeyOf(sha256: string): string {
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export class EvidenceStorage {
  private constructor(readonly dir: string) {}

  /** Creates the folders if needed and clears temp files that crashed uploads left behind. */
  static async open(dir: string): Promise<EvidenceStorage> {
    const storage = new EvidenceStorage(dir);
    await mkdir(storage.tempDir, { recursive: true });
    await mkdir(join(dir, 'sha256'), { recursive: true });
    await storage.removeStaleTemps();
    return storage;
  }

  private get tempDir() {
    return join(this.dir, 'tmp');
  }

  /** Streams `source` into a temp file, hashing and counting as it goes. */
  async receive(source: Readable): Promise<ReceivedFile> {
    const tempPath = join(this.tempDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, measure, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    return { tempPath, sha256: hash.digest('hex'), sizeBytes };
  }

  /** Moves a received file into its place and answers its storage key. */
  async keep(file: ReceivedFile): Promise<string> {
    const key = storageKeyOf(file.sha256);
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    // An existing file at the target holds the same bytes (or is damaged): replacing it is safe.
    await rename(file.tempPath, target);
    return key;
  }

  /** Removes a received file that was not kept; a no-op once it has been kept. */
  async discard(file: ReceivedFile): Promise<void> {
    await rm(file.tempPath, { force: true });
  }

  pathOf(storageKey: string): string {
    // Keys come from our own rows, but a key that is not ours must never reach the file system.
    if (!STORAGE_KEY.test(storageKey)) throw new Error(`not an evidence storage key: ${storageKey}`);
    return join(this.dir, storageKey);
  }

  async open(storageKey: string): Promise<{ stream: ReadStream; sizeBytes: number }> {
    const path = this.pathOf(storageKey);
    const { size } = await stat(path);
    return { stream: createReadStream(path), sizeBytes: size };
  }

  private async removeStaleTemps() {
    const now = Date.now();
    for (const name of await readdir(this.tempDir)) {
      const path = join(this.tempDir, name);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
    }
  }
}
