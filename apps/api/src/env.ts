/**
 * The only place that reads process.env: configuration is parsed once, with messages that say
 * which variable is wrong.
 */
import { resolveDataLocations } from '@ledger/db/backup/locations';
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
  /** demo mode: demo accounts may skip the second factor (auto: on unless NODE_ENV=production) */
  DEMO_MODE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** the key that seals TOTP secrets: 64 hex digits or base64 of 32 bytes; default: <DATA_DIR>/secret.key, created at first start */
  SECRET_KEY: z.string().optional(),
  /**
   * whose X-Forwarded-For / -Proto / -Host to believe: `loopback` (a reverse proxy on this machine),
   * addresses or CIDRs separated by commas, `true` (any: only behind a proxy that overwrites the
   * headers) or `false`
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('loopback')
    .transform((value): boolean | string => (value === 'true' ? true : value === 'false' ? false : value)),
  /** logins per client address and minute over all account names (per account name: 10) */
  LOGIN_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(300),
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
  DASHBOARD_CACHE_SECONDS: z.coerce.number().min(0).max(600).default(60),
  API_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
  API_QUEUE_WAIT_SECONDS: z.coerce.number().min(0.1).max(600).default(20),
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
  /** how often a background job or an import commit under way records that it is alive */
  JOB_HEARTBEAT_SECONDS: z.coerce.number().min(0.1).max(600).default(10),
  /** a job or import commit silent this long belonged to a process that died: it is marked failed */
  JOB_STALE_AFTER_SECONDS: z.coerce.number().min(1).max(86_400).default(120),
  /** how often the job worker looks for queued jobs and dead ones */
  JOB_POLL_SECONDS: z.coerce.number().min(0.1).max(600).default(5),
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

/** A live job beats several times within the stale limit, or a slow beat would make it look dead. */
const heartbeatWithinStaleLimit = (env: z.infer<typeof schema>) =>
  env.JOB_STALE_AFTER_SECONDS >= 3 * env.JOB_HEARTBEAT_SECONDS;

/**
 * @param baseDir what a relative DATA_DIR is relative to: the repository root, whichever folder
 *   pnpm runs the server from
 */
export function loadEnv(source: NodeJS.ProcessEnv, baseDir: string): Env {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (parsed.success && !heartbeatWithinStaleLimit(parsed.data)) {
    throw new Error(
      '配置错误 (invalid configuration): JOB_STALE_AFTER_SECONDS: 至少应为 JOB_HEARTBEAT_SECONDS 的 3 倍',
    );
  }
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`配置错误 (invalid configuration): ${problems}`);
  }
  // The same rule as `pnpm db:backup` / `db:restore`, so a backup covers what the server writes.
  return { ...parsed.data, ...resolveDataLocations(parsed.data, baseDir) };
}
