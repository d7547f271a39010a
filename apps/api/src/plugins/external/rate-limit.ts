import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

import { HttpError } from '../../lib/http-errors';

/**
 * Request limits for the routes that ask for one with `config: { rateLimit: { max, timeWindow } }`
 * (login, second factor, the public objection form, imports); nothing else is limited. The plugin
 * runs one such limit per request; a route that needs a second one (login: per address and per
 * account name) checks it with `app.createRateLimit` and `tooManyRequests`. The refusal is a 429 in the API's error shape, in words a citizen understands, with
 * Retry-After. Counters live in this process's memory: one server, as deployed.
 */
/** The refusal of a limited request: in words a citizen understands, with the wait. */
export function tooManyRequests(ttlMs: number): HttpError {
  const minutes = Math.max(1, Math.ceil(ttlMs / 60_000));
  return new HttpError(429, `提交过于频繁，请 ${minutes} 分钟后再试`, {
    retryAfterSeconds: Math.ceil(ttlMs / 1000),
  });
}

export default fp(
  async (app) => {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, { ttl }) => tooManyRequests(ttl),
    });
  },
  { name: 'rate-limit' },
);
