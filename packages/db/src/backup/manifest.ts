/**
 * The manifest inside every backup archive (`manifest.json`, its first entry): what the backup
 * holds and the figures a restore is checked against. See docs/backup.md.
 */
import { z } from 'zod';

export const MANIFEST_NAME = 'manifest.json';
export const FORMAT = 'ledger-backup';
export const FORMAT_VERSION = 1;
/** Stored files sit under this folder of the archive, at their storage key. */
export const FILES_DIR = 'files';
export const DATABASE_DIR = 'database';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** The evidence storage's key layout (apps/api/src/services/storage.ts). */
export const STORAGE_KEY = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

const tableCount = z.object({ schema: z.string(), name: z.string(), rows: z.number().int().min(0) });

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int(),
  createdAt: z.iso.datetime(),
  app: z.object({
    /** applied migrations, in order: the schema version of the data */
    migrations: z.array(z.string()),
  }),
  database: z.object({
    kind: z.enum(['postgres', 'embedded']),
    /** `SHOW server_version` */
    serverVersion: z.string(),
    /** `pg_dump (PostgreSQL) 15.20` or `@electric-sql/pglite 0.5.14` */
    tool: z.string(),
    /** the dump's path inside the archive */
    path: z.string().regex(/^database\/[a-z.]+$/),
    sha256,
    sizeBytes: z.number().int().min(0),
  }),
  /** every table of every schema, with its row count at the backup point */
  tables: z.array(tableCount),
  auditChain: z.object({
    records: z.number().int().min(0),
    headId: z.string().nullable(),
    headHash: sha256.nullable(),
    /** whether the whole chain verified when the backup was taken */
    verified: z.boolean(),
  }),
  /** every stored file (evidence, bulletins, exports, imports), by storage key */
  files: z.array(
    z.object({ path: z.string().regex(STORAGE_KEY), sha256, sizeBytes: z.number().int().min(0) }),
  ),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type TableCount = z.infer<typeof tableCount>;

/**
 * A failure with the exit code the CLI ends with: 1 something failed (nothing restored), 2 wrong
 * usage or not confirmed, 3 the backup file was refused before anything was changed, 4 restored
 * but a check afterwards did not pass.
 */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 | 3 | 4 = 1,
  ) {
    super(message);
  }
}
