import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

import { HttpError } from '../../lib/http-errors';

/**
 * Request limits per client address, for the routes that ask for one with
 * `config: { rateLimit: { max, timeWindow } }` (the public objection form); nothing else is
 * limited. The refusal is a 429 in the API's error shape, in words a citizen understands, with
 * Retry-After. Counters live in this process's memory: one server, as deployed.
 */
export default fp(
  async (app) => {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, { ttl }) => {
        const minutes = Math.max(1, Math.ceil(ttl / 60_000));
        return new HttpError(429, `提交过于频繁，请 ${minutes} 分钟后再试`, {
          retryAfterSeconds: Math.ceil(ttl / 1000),
        });
      },
    });
  },
  { name: 'rate-limit' },
);
