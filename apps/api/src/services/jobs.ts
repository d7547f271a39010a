/**
 * Background jobs (后台作业) in the `Job` table: queued by a request, run by the job worker of
 * whichever API process claims them first (plugins/app/job-worker.ts). Written for any kind of
 * job; each kind brings a handler that does the work and reports progress.
 *
 * - Claiming takes the oldest QUEUED job of a known kind with `FOR UPDATE SKIP LOCKED`, so
 *   several processes never take the same job and never wait on each other.
 * - A running job beats its heart (`heartbeatAt`) every few seconds and with every step of
 *   progress. Every write after the claim is conditional on the job still being RUNNING: a
 *   worker whose job was declared dead stops at its next step instead of overwriting the verdict.
 * - A job whose heartbeat is older than `staleAfterMs` (by the database's clock, so processes on
 *   hosts with skewed clocks agree) belonged to a process that died: the next poll of any worker
 *   marks it FAILED with a message saying so. It is not resumed — half a ZIP is no use, and the
 *   person who asked can start it again with one click (docs/exports.md).
 * - Finishing and failing go on the audit trail (by the system, no actor) with the job's row.
 */
import { appendAudit } from '@ledger/db/audit';
import type { Prisma, PrismaClient } from '@ledger/db/client';

import { HttpError } from '../lib/http-errors';

export interface ClaimedJob {
  id: string;
  kind: string;
  total: number | null;
  input: Prisma.JsonValue;
  createdById: string;
  createdAt: Date;
}

/** What a job's handler is given besides the job itself. */
export interface JobRun {
  /** records that `done` units of the job's `total` are finished (and beats the heart) */
  progress(done: number): Promise<void>;
  /** aborted when the process shuts down or the job was declared dead: stop at the next step */
  signal: AbortSignal;
}

export interface JobOutput {
  /** stored as Job.result */
  result: Prisma.InputJsonValue;
  /** what the audit record of the finish says (the result may be long) */
  summary?: Record<string, unknown>;
}

export interface JobHandler {
  run(job: ClaimedJob, run: JobRun): Promise<JobOutput>;
}

/** A failure whose message is meant for the person who asked (中文, says what to do). */
export class JobFailure extends Error {}

/** The job is no longer this worker's: another process declared it dead, or the app is closing. */
export class JobLostError extends Error {}

export const JOB_INTERRUPTED_MESSAGE = '作业执行中断（服务重启或进程异常退出），未生成结果，请重新发起';
export const JOB_ABORTED_MESSAGE = '服务关闭，作业已中止，未生成结果，请重新发起';
const JOB_INTERNAL_ERROR_MESSAGE = '生成失败：服务器内部错误，请稍后重新发起；如仍失败请联系系统管理员';

/** What a failure tells the person who asked: our own messages as they are, nothing internal. */
export function failureMessage(error: unknown): string {
  if (error instanceof JobFailure || error instanceof HttpError) return error.message;
  return JOB_INTERNAL_ERROR_MESSAGE;
}

const claimedSelect = {
  id: true,
  kind: true,
  total: true,
  input: true,
  createdById: true,
  createdAt: true,
} as const;

/** Takes the oldest queued job of one of `kinds`, or null when none waits. */
export async function claimJob(prisma: PrismaClient, kinds: readonly string[]): Promise<ClaimedJob | null> {
  if (kinds.length === 0) return null;
  const [claimed] = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE "Job" SET "status" = 'RUNNING', "startedAt" = now(), "heartbeatAt" = now(), "updatedAt" = now()
    WHERE "id" = (
      SELECT "id" FROM "Job"
      WHERE "status" = 'QUEUED' AND "kind" = ANY(${kinds}::text[])
      ORDER BY "createdAt", "id"
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING "id"`;
  if (!claimed) return null;
  return prisma.job.findUniqueOrThrow({ where: { id: claimed.id }, select: claimedSelect });
}

/** Beats the job's heart, with its progress when given; JobLostError when it is no longer running. */
export async function touchJob(prisma: PrismaClient, jobId: string, progress?: number): Promise<void> {
  const updated = await prisma.$executeRaw`
    UPDATE "Job" SET "heartbeatAt" = now(), "updatedAt" = now(),
      "progress" = coalesce(${progress ?? null}::int, "progress")
    WHERE "id" = ${jobId}::uuid AND "status" = 'RUNNING'`;
  if (updated === 0) throw new JobLostError(`job ${jobId} is no longer running`);
}

async function settle(
  prisma: PrismaClient,
  job: ClaimedJob,
  outcome: { status: 'SUCCEEDED'; output: JobOutput } | { status: 'FAILED'; error: string },
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const finished = await tx.job.updateMany({
      where: { id: job.id, status: 'RUNNING' },
      data:
        outcome.status === 'SUCCEEDED'
          ? {
              status: 'SUCCEEDED',
              result: outcome.output.result,
              finishedAt: new Date(),
              heartbeatAt: new Date(),
            }
          : { status: 'FAILED', error: outcome.error, finishedAt: new Date() },
    });
    if (finished.count === 0) return false;
    const row = await tx.job.findUniqueOrThrow({
      where: { id: job.id },
      select: { progress: true, total: true },
    });
    await appendAudit(tx, {
      actor: null,
      action: outcome.status === 'SUCCEEDED' ? 'job.succeed' : 'job.fail',
      entityType: 'Job',
      entityId: job.id,
      after: {
        kind: job.kind,
        progress: row.progress,
        total: row.total,
        ...(outcome.status === 'SUCCEEDED' ? outcome.output.summary : { error: outcome.error }),
      },
      outcome: outcome.status === 'SUCCEEDED' ? 'SUCCESS' : 'FAILURE',
    });
    return true;
  });
}

/**
 * Marks RUNNING jobs whose heartbeat is older than `staleAfterMs` as FAILED (their process
 * died), each with its audit record. Answers how many.
 */
export async function failStaleJobs(prisma: PrismaClient, staleAfterMs: number): Promise<number> {
  const stale = await prisma.$queryRaw<ClaimedJob[]>`
    SELECT "id", "kind", "total", "input", "createdById", "createdAt" FROM "Job"
    WHERE "status" = 'RUNNING'
      AND coalesce("heartbeatAt", "startedAt", "createdAt") < now() - make_interval(secs => ${staleAfterMs / 1000}::float8)`;
  let failed = 0;
  for (const job of stale) {
    if (await settle(prisma, job, { status: 'FAILED', error: JOB_INTERRUPTED_MESSAGE })) failed += 1;
  }
  return failed;
}

export interface RunOptions {
  /** how often a running job's heart beats while a step takes long */
  heartbeatMs: number;
  /** aborted when the app closes */
  signal: AbortSignal;
  logger?: { error(object: object, message: string): void };
}

/** Runs one claimed job to its end: SUCCEEDED with the handler's result, or FAILED with why. */
export async function runJob(
  prisma: PrismaClient,
  job: ClaimedJob,
  handler: JobHandler,
  options: RunOptions,
): Promise<void> {
  const lost = new AbortController();
  const signal = AbortSignal.any([options.signal, lost.signal]);
  const beat = () =>
    touchJob(prisma, job.id).catch((error: unknown) => {
      if (error instanceof JobLostError) lost.abort(error);
    });
  const heartbeat = setInterval(() => void beat(), options.heartbeatMs);
  heartbeat.unref();
  try {
    const output = await handler.run(job, {
      signal,
      progress: async (done) => {
        try {
          await touchJob(prisma, job.id, done);
        } catch (error) {
          if (error instanceof JobLostError) lost.abort(error);
          throw error;
        }
      },
    });
    signal.throwIfAborted();
    await settle(prisma, job, { status: 'SUCCEEDED', output });
  } catch (error) {
    if (lost.signal.aborted) return; // another process has declared it dead and said so
    if (!options.signal.aborted)
      options.logger?.error({ err: error, jobId: job.id, kind: job.kind }, '后台作业失败');
    const message = options.signal.aborted ? JOB_ABORTED_MESSAGE : failureMessage(error);
    await settle(prisma, job, { status: 'FAILED', error: message });
  } finally {
    clearInterval(heartbeat);
  }
}
