/**
 * Admission control: at most `concurrency` API requests are worked on at once; the others wait
 * their turn in arrival order. Without it every request starts at once and each of its
 * statements queues behind all the others' at the connection pool, so under a crowd (month's
 * end; `pnpm bench`'s 200 clients) a request waits for the whole queue once per statement, and the
 * server goes on working for clients that gave up long ago. With it, an admitted request runs
 * its statements one after another without queueing behind strangers; a waiting request whose
 * client has gone is dropped before any work is done for it; one that has waited `maxWaitMs` is
 * answered 503 at once. docs/faults.md § Overload.
 *
 * Not admitted (never queued): requests outside /api, the health check (a load balancer must
 * see a busy server as alive) and uploads (multipart: they stream from the client for as long as
 * the client's network takes, which would hold a place without using the database). A place is
 * given back when the answer is sent, not when its last byte has left (downloads).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import PQueue from 'p-queue';

export interface AdmissionOptions {
  /** requests worked on at once (API_CONCURRENCY) */
  concurrency: number;
  /** longest wait for a turn before 503 (API_QUEUE_WAIT_SECONDS) */
  maxWaitMs: number;
}

export const BUSY_MESSAGE = '服务器繁忙，请稍后重试';
const BUSY_RETRY_AFTER_SECONDS = 5;

function admitted(request: FastifyRequest): boolean {
  if (!request.url.startsWith('/api/') || request.url.startsWith('/api/health')) return false;
  return !String(request.headers['content-type'] ?? '').startsWith('multipart/');
}

export default fp<AdmissionOptions>(
  async (app, { concurrency, maxWaitMs }) => {
    const queue = new PQueue({ concurrency });
    /** how each admitted request gives its place back (idempotent) */
    const leaving = new WeakMap<FastifyRequest, () => void>();

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!admitted(request)) return;
      let release = () => {};
      let stopWaiting = () => {};
      let done = false;
      const leave = () => {
        done = true;
        stopWaiting();
        release();
      };
      leaving.set(request, leave);
      // The response's 'close': sent, or the connection ended first (the client gave up).
      reply.raw.once('close', leave);
      // Aborted only while waiting: p-queue would count a running task as ended on its signal's
      // abort and start another beside it.
      const unqueue = new AbortController();
      const started = await new Promise<boolean>((resolve) => {
        let waiting = true;
        const timer = setTimeout(() => stopWaiting(), maxWaitMs);
        stopWaiting = () => {
          if (!waiting) return;
          waiting = false;
          clearTimeout(timer);
          unqueue.abort();
          resolve(false);
        };
        queue
          .add(
            () =>
              new Promise<void>((free) => {
                release = free;
                // Refused, or its client left just as its turn came: nothing to do for it.
                if (!waiting || done) return free();
                waiting = false;
                clearTimeout(timer);
                resolve(true);
              }),
            { signal: unqueue.signal },
          )
          // Taken out of the queue; stopWaiting has answered already.
          .catch(() => {});
      });
      if (started) return;
      if (done) {
        request.log.info('client left while its request waited for its turn: dropped');
        return reply.hijack();
      }
      request.log.warn({ waitedMs: maxWaitMs, waiting: queue.size }, 'request refused: server busy');
      return reply
        .code(503)
        .header('retry-after', String(BUSY_RETRY_AFTER_SECONDS))
        .send({ statusCode: 503, error: 'Service Unavailable', message: BUSY_MESSAGE });
    });

    // The answer is on its way: the place is free as soon as it is sent — a download streaming
    // to a phone for minutes holds no place while its bytes trickle out. (onResponse too, for
    // answers that skip onSend.)
    app.addHook('onSend', async (request) => {
      leaving.get(request)?.();
    });
    app.addHook('onResponse', async (request) => {
      leaving.get(request)?.();
    });
  },
  { name: 'admission' },
);
