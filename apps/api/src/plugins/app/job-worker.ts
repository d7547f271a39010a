/**
 * The job worker: runs the background jobs (services/jobs.ts) queued in the database, one at a
 * time, in this process. Route plugins register a handler per job kind (`app.jobs.handle`) and
 * wake the worker after queuing one (`app.jobs.wake`), so a job starts at once rather than at the
 * next poll; the poll finds jobs another process queued, and jobs whose process died.
 *
 * Without settings (tests, unless a test asks for it; JOB_WORKER_ENABLED=false) nothing runs:
 * handlers are still registered and jobs stay queued for a process that runs a worker. Closing
 * the app aborts the job in hand (it is marked FAILED, to be started again) and waits for it.
 */
import fp from 'fastify-plugin';

import { claimJob, failStaleJobs, runJob, type JobHandler } from '../../services/jobs';

export interface JobWorkerSettings {
  /** how often queued jobs (and dead ones) are looked for */
  pollMs: number;
  /** a RUNNING job whose heartbeat is older than this is taken for dead */
  staleAfterMs: number;
  /** how often a running job beats its heart */
  heartbeatMs: number;
}

export const DEFAULT_JOB_WORKER_SETTINGS: JobWorkerSettings = {
  pollMs: 5_000,
  staleAfterMs: 2 * 60_000,
  heartbeatMs: 10_000,
};

declare module 'fastify' {
  interface FastifyInstance {
    jobs: {
      /** the handler of one kind of job */
      handle(kind: string, handler: JobHandler): void;
      /** look for queued jobs now (after queuing one) */
      wake(): void;
    };
  }
}

export default fp<{ settings?: JobWorkerSettings }>(
  async (app, { settings }) => {
    const prisma = app.db.prisma;
    const handlers = new Map<string, JobHandler>();
    const closing = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | null = null;
    let wokenWhileRunning = false;

    /** Fails the dead, then runs queued jobs until none is left. */
    const drain = async () => {
      await failStaleJobs(prisma, settings!.staleAfterMs);
      while (!closing.signal.aborted) {
        const job = await claimJob(prisma, [...handlers.keys()]);
        if (!job) return;
        await runJob(prisma, job, handlers.get(job.kind)!, {
          heartbeatMs: settings!.heartbeatMs,
          signal: closing.signal,
          logger: app.log,
        });
      }
    };

    const schedule = (delayMs: number) => {
      if (closing.signal.aborted) return;
      clearTimeout(timer);
      timer = setTimeout(tick, delayMs);
    };

    function tick() {
      if (running) {
        wokenWhileRunning = true;
        return;
      }
      wokenWhileRunning = false;
      running = drain()
        .catch((error: unknown) => app.log.error({ err: error }, '后台作业轮询失败'))
        .finally(() => {
          running = null;
          schedule(wokenWhileRunning ? 0 : settings!.pollMs);
        });
    }

    app.decorate('jobs', {
      handle(kind: string, handler: JobHandler) {
        handlers.set(kind, handler);
      },
      wake() {
        if (settings) schedule(0);
      },
    });

    if (!settings) return;

    app.addHook('onReady', async () => {
      // Not awaited: a start is not held up by the queue; dead jobs are failed on this first poll.
      schedule(0);
    });

    app.addHook('onClose', async () => {
      closing.abort();
      clearTimeout(timer);
      await running;
    });
  },
  { name: 'job-worker', dependencies: ['database'] },
);
