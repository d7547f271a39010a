/**
 * Cross-site request forgery: the session cookie is SameSite=Strict, and on top of it a request
 * that changes something (any method but GET/HEAD/OPTIONS) is refused when the browser says it
 * comes from another site — by Sec-Fetch-Site, or (from browsers that do not send it) by an
 * Origin (or, without one, a Referer) that is not this server's. Requests without those headers are not from a browser page (curl,
 * scripts, tests) and carry no ambient credentials an attacker could borrow, so they pass.
 * ADR 015 says why this and not a token.
 */
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

import { forbidden } from '../../lib/http-errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** scheme://host[:port] as browsers send it in Origin (default ports left out). */
function originOf(url: string): string | null {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return null;
  }
}

/** Why the request looks cross-site, or null when it does not. */
export function crossSiteReason(request: FastifyRequest): string | null {
  // Fetch metadata first: browsers set it and pages cannot forge it. It also decides when Origin
  // is "null", which a same-origin POST sends under this app's Referrer-Policy: no-referrer.
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite !== undefined) {
    return fetchSite === 'same-origin' || fetchSite === 'none'
      ? null
      : `Sec-Fetch-Site: ${String(fetchSite)}`;
  }
  const source = request.headers.origin ?? request.headers.referer;
  if (source === undefined) return null;
  // `request.host` and `request.protocol` honour X-Forwarded-Host/-Proto behind the reverse
  // proxy (trustProxy): the origin the browser shows, not the one the server listens on.
  const expected = originOf(`${request.protocol}://${request.host}`);
  const actual = source === 'null' ? null : originOf(source);
  return actual !== null && actual === expected ? null : `Origin ${source}`;
}

export default fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return;
      const reason = crossSiteReason(request);
      if (reason) {
        request.log.warn({ reason, url: request.url }, 'cross-site request refused');
        throw forbidden('跨站请求已拒绝：请从本系统页面操作', { crossSite: true });
      }
    });
  },
  { name: 'csrf' },
);
