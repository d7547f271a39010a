/**
 * Password hashing: argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes, 1 lane).
 * @node-rs/argon2 ships a prebuilt binary; the `argon2` package segfaults on these machines.
 */
import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2;
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, options);
}

export function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  return verify(passwordHash, plain);
}
