/**
 * Encrypts the few secrets the server must read back (TOTP keys) with AES-256-GCM, so that a
 * copy of the database alone does not hand out second factors. The key comes from SECRET_KEY or
 * a key file the server creates beside its data on first start (see `loadSecretKey`).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const VERSION = 'v1';
const KEY_BYTES = 32;

export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`the secret key must be ${KEY_BYTES} bytes`);
    this.#key = key;
  }

  /** A box with a key of its own, good for this process only (tests, or a throwaway server). */
  static ephemeral(): SecretBox {
    return new SecretBox(randomBytes(KEY_BYTES));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
  }

  /** The plaintext, or null when the value was sealed with another key or altered. */
  open(sealed: string): string | null {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || !data) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      return null;
    }
  }
}

/**
 * The server's key: SECRET_KEY (64 hex digits or base64 of 32 bytes) when set, else the key file,
 * created with a fresh random key (mode 0600) when it does not exist yet.
 */
export async function loadSecretKey(fromEnv: string | undefined, keyFile: string): Promise<Buffer> {
  if (fromEnv) {
    const key = /^[0-9a-f]{64}$/i.test(fromEnv)
      ? Buffer.from(fromEnv, 'hex')
      : Buffer.from(fromEnv, 'base64');
    if (key.length !== KEY_BYTES)
      throw new Error('配置错误: SECRET_KEY 须为 32 字节 (64 位十六进制或 base64)');
    return key;
  }
  try {
    const key = Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'hex');
    if (key.length !== KEY_BYTES) throw new Error(`密钥文件 ${keyFile} 已损坏 (须为 64 位十六进制)`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const key = randomBytes(KEY_BYTES);
    await mkdir(dirname(keyFile), { recursive: true });
    // 'wx': two servers starting at once on one data folder must not each write their own key.
    await writeFile(keyFile, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' }).catch(
      async (writeError: NodeJS.ErrnoException) => {
        if (writeError.code !== 'EEXIST') throw writeError;
      },
    );
    return Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'hex');
  }
}
