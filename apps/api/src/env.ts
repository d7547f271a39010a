/**
 * The only place that reads process.env: configuration is parsed once, with messages that say
 * which variable is wrong.
 */
import { resolve } from 'node:path';

import { DEFAULT_NOTICE_WORKING_DAYS } from '@ledger/domain/workflow-inputs';
import { Cron } from 'croner';
import { z } from 'zod';

/** A cron pattern croner accepts (5 or 6 fields), checked at start rather than at 8 o'clock. */
const cronPattern = z
  .string()
  .trim()
  .refine((pattern) => {
    try {
      new Cron(pattern, { paused: true }).stop();
      return true;
    } catch {
      return false;
    }
  }, '不是有效的 cron 表达式，例如 0 8 * * *');

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
  /** run the daily digest and the webhook delivery loop in this process (every process may: they share the work) */
  SCHEDULER_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** run the background job worker (batch case-file exports) in this process (every process may: jobs are claimed once) */
  JOB_WORKER_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** when the daily deadline digest (整改预警日报) is computed, Asia/Shanghai time */
  DIGEST_CRON: cronPattern.default('0 8 * * *'),
  /** attempts to deliver a webhook push before it is given up as failed */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** wait after a failed push, doubled after each further failure (capped at an hour) */
  WEBHOOK_BACKOFF_SECONDS: z.coerce.number().min(1).max(3_600).default(30),
  /** how long one push may take before it counts as failed */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(1).max(120).default(10),
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
