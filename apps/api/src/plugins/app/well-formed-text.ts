/**
 * A JSON body may spell half of a UTF-16 surrogate pair (`"\udfff"`): JavaScript keeps it, but
 * PostgreSQL refuses it in a json/jsonb value, and audit records are JSON — such a request
 * would fail at the database after it passed validation (the fuzz test found it on login).
 * Every string and key of a JSON body must therefore be well-formed; a refusal names the field.
 * Text columns are not at risk: the driver encodes a lone half as U+FFFD.
 */
import fp from 'fastify-plugin';

import { invalidFields } from '../../lib/http-errors';

/** Half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A value met on the walk, linked to its parent so that a path is only built for a finding. */
interface Visit {
  value: unknown;
  key: string | null;
  parent: Visit | null;
}

function pathOf(visit: Visit | null, key?: string): string {
  const keys = key === undefined ? [] : [key];
  for (let at = visit; at !== null && at.key !== null; at = at.parent) keys.unshift(at.key);
  return keys.join('.');
}

/**
 * The path of the first string or key in `value` that holds a lone surrogate, or null. Walked
 * without recursion and without copying paths: a body may nest ten thousand levels deep.
 */
function malformedTextPath(value: unknown): string | null {
  const pending: Visit[] = [{ value, key: null, parent: null }];
  while (pending.length > 0) {
    const visit = pending.pop()!;
    if (typeof visit.value === 'string') {
      if (LONE_SURROGATE.test(visit.value)) return pathOf(visit);
    } else if (visit.value !== null && typeof visit.value === 'object') {
      for (const [key, child] of Object.entries(visit.value)) {
        if (LONE_SURROGATE.test(key)) return pathOf(visit, key.replace(LONE_SURROGATE, '\ufffd'));
        pending.push({ value: child, key, parent: visit });
      }
    }
  }
  return null;
}

export default fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      const path = malformedTextPath(request.body);
      if (path !== null) {
        throw invalidFields([
          {
            field: ['body', path].filter(Boolean).join('.'),
            message: '含有无效的 Unicode 字符（不成对的代理项）',
          },
        ]);
      }
    });
  },
  { name: 'well-formed-text' },
);
