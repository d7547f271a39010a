/**
 * The only place that reads process.env: configuration is parsed once, with messages that say
 * which variable is wrong.
 */
import { resolve } from 'node:path';

import { DEFAULT_NOTICE_WORKING_DAYS } from '@ledger/domain/workflow-inputs';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** PostgreSQL to use; without it the embedded PGlite database under DATA_DIR is used. */
  DATABASE_URL: z.string().url().optional(),
  /** where the embedded database and stored files live (relative: to the repository root) */
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** load the demo ledger into an empty database at start (never in production unless set) */
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  /** where evidence files are stored (relative: to the repository root); default <DATA_DIR>/evidence */
  EVIDENCE_DIR: z.string().min(1).optional(),
  /** the largest evidence file accepted, in bytes (20 MiB: a phone photo or a scanned report) */
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 ** 3)
    .default(20 * 1024 * 1024),
  /** 公示 length in working days when the coordinator names none (the district's rule: 5–7) */
  NOTICE_WORKING_DAYS: z.coerce.number().int().min(0).max(30).default(DEFAULT_NOTICE_WORKING_DAYS),
});

export type Env = z.infer<typeof schema> & { dataDir: string; evidenceDir: string };

/**
 * @param baseDir what a relative DATA_DIR is relative to: the repository root, whichever folder
 *   pnpm runs the server from
 */
export function loadEnv(source: NodeJS.ProcessEnv, baseDir: string): Env {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`配置错误 (invalid configuration): ${problems}`);
  }
  const dataDir = resolve(baseDir, parsed.data.DATA_DIR);
  const evidenceDir = parsed.data.EVIDENCE_DIR
    ? resolve(baseDir, parsed.data.EVIDENCE_DIR)
    : resolve(dataDir, 'evidence');
  return { ...parsed.data, dataDir, evidenceDir };
}
