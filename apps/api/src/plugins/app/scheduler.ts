/**
 * The jobs that run inside the server process: the daily deadline digest (整改预警日报) at
 * DIGEST_CRON in Asia/Shanghai, and the webhook delivery loop every few seconds.
 *
 * Every process runs the scheduler; the database decides which one does the work — the daily run
 * is claimed in ScheduledRun (services/digest.ts), deliveries with SKIP LOCKED
 * (services/webhooks.ts). A restart never skips a day: on start, and every few minutes after, the
 * day's run is caught up when its time has passed and it has not run (or its process died).
 * Closing the app stops the timers and waits for work in flight, so nothing outlives the app.
 */
import { ledgerDate, LEDGER_TIME_ZONE } from '@ledger/domain/calendar';
import { Cron } from 'croner';
import fp from 'fastify-plugin';

import { runDailyDigest, startOfLedgerDay } from '../../services/digest';
import { deliverDueWebhooks, type WebhookSettings } from '../../services/webhooks';

export interface SchedulerSettings {
  /** when the daily digest runs (cron pattern, Asia/Shanghai), e.g. '0 8 * * *' */
  digestCron: string;
  webhook: WebhookSettings;
  /** how often due webhook deliveries are looked for */
  deliveryPollMs: number;
  /** how often a missed or abandoned daily run is looked for */
  catchUpMs: number;
  /** a daily run whose heartbeat is older than this is taken over */
  staleAfterMs?: number;
}

export const DEFAULT_DELIVERY_POLL_MS = 5_000;
export const DEFAULT_CATCH_UP_MS = 5 * 60_000;

export default fp<{ settings?: SchedulerSettings; clock?: () => Date }>(
  async (app, { settings, clock = () => new Date() }) => {
    if (!settings) return;
    const prisma = app.db.prisma;
    const inFlight = new Set<Promise<void>>();
    let closing = false;

    const track = (what: string, work: () => Promise<void>) => {
      if (closing) return;
      const running: Promise<void> = work()
        .catch((error: unknown) => app.log.error({ err: error }, `${what}失败`))
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    };

    let digestBusy = false;
    /** Runs today's digest if its scheduled time has passed; the run itself skips a day already done. */
    const digestIfDue = async () => {
      if (digestBusy) return;
      digestBusy = true;
      try {
        const now = clock();
        const today = ledgerDate(now);
        const [lastScheduled] = job.previousRuns(1, now);
        if (!lastScheduled || lastScheduled < startOfLedgerDay(today)) return;
        const run = await runDailyDigest(prisma, today, {
          staleAfterMs: settings.staleAfterMs,
          logger: app.log,
        });
        if (run.outcome === 'ran')
          app.log.info({ ...run.result, takenOver: run.takenOver }, '整改预警日报已生成');
      } finally {
        digestBusy = false;
      }
    };

    const job = new Cron(settings.digestCron, { timezone: LEDGER_TIME_ZONE, paused: true }, () =>
      track('整改预警日报', digestIfDue),
    );
    let catchUp: NodeJS.Timeout | undefined;
    let deliveryTimer: NodeJS.Timeout | undefined;

    const scheduleDelivery = (delayMs: number) => {
      if (closing) return;
      deliveryTimer = setTimeout(
        () =>
          track('预警推送', async () => {
            try {
              await deliverDueWebhooks(prisma, settings.webhook, () => closing);
            } finally {
              scheduleDelivery(settings.deliveryPollMs);
            }
          }),
        delayMs,
      );
    };

    app.addHook('onReady', async () => {
      job.resume();
      catchUp = setInterval(() => track('整改预警日报', digestIfDue), settings.catchUpMs);
      // Not awaited: a start is not held up by the day's run; a restart after 8:00 catches it up.
      track('整改预警日报', digestIfDue);
      scheduleDelivery(0);
    });

    app.addHook('onClose', async () => {
      closing = true;
      job.stop();
      clearInterval(catchUp);
      clearTimeout(deliveryTimer);
      await Promise.allSettled([...inFlight]);
    });
  },
  { name: 'scheduler', dependencies: ['database'] },
);
