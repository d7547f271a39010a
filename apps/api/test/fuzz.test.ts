/**
 * Hostile and malformed input across every route of the API (issue #7): fast-check generates
 * requests — path params from the seeded ledger's real ids or hostile strings, query strings,
 * headers and bodies shaped by each route's own OpenAPI schema and then broken (wrong types,
 * huge and NUL-laden strings, deep nesting, invalid UTF-8, prototype-pollution keys, malformed
 * JSON and multipart, wrong content types) — and sends them through `inject` as an anonymous
 * visitor and as several demo accounts. Every answer must be below 500, and every refusal a JSON
 * body with a message. Afterwards Object.prototype is untouched and the audit chain verifies.
 *
 * Routes come from the app itself (`printRoutes`), so a new route is fuzzed without editing this
 * file. Replay a failure with the seed it prints: `FUZZ_SEED=<seed> npx vitest run …/fuzz.test.ts`;
 * `FUZZ_RUNS` changes the number of requests. docs/security.md says more.
 */
import { DEMO_PASSWORD } from '@ledger/db/seed/accounts';
import type { InjectOptions } from 'fastify';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { hushuItems, multipartForm, pdf, png } from './evidence-fixtures';
import { useTestApp } from './helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_707);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

/** Who sends: `anonymous` has no cookie; the others are demo accounts (password DEMO_PASSWORD). */
const ROLES = ['anonymous', 'officer.hushu', 'coordinator', 'auditor', 'admin'] as const;
type Role = (typeof ROLES)[number];

/** One route as Fastify knows it: `url` keeps its `:param` and `*` placeholders. */
interface Route {
  method: string;
  url: string;
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

interface Operation {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/**
 * Every route in `printRoutes`' tree, one per method. Each line is a path segment below its
 * parent, indented by four columns per level, with its methods in parentheses.
 */
function routesOf(tree: string): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + match[2]!;
    stack.push(url);
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, url });
  }
  return routes;
}

/** A Fastify pattern in OpenAPI's spelling (`/api/items/{id}`). */
const openApiPath = (url: string) => url.replace(/:([A-Za-z]+)/g, '{$1}');

// ---------------------------------------------------------------------------------------------
// Hostile values

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '\ud800',
  '\udfff\ud800',
  '\uFEFF',
  '\u202Egnp.exe',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '/etc/passwd',
  'C:\\Windows\\System32',
  'sha256/00/00/../../../../etc/passwd',
  "' OR 1=1 --",
  '\'; DROP TABLE "LedgerItem"; --',
  '$$',
  '\\',
  '%',
  '_',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '=HYPERLINK("http://x","y")',
  "=cmd|' /C calc'!A0",
  '+1+1',
  '-1+1',
  '@SUM(1)',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  '-9223372036854775809',
  '0x1f',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '2024-02-30',
  '0000-00-00',
  '9999-12-31',
  '1899-12-31',
  '2026-11-29T25:61:61Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '😀👨‍👩‍👧‍👦',
  '湖墅街道',
  'A'.repeat(70_000),
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 400_000 }).map((length) => 'x'.repeat(length)) },
);

const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1.5, -0, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e-320),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** `{ "__proto__": … }` as JSON.parse makes it: an own key, which JSON.stringify keeps. */
const pollutionObjects = fc.constantFrom(
  JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":true}}') as unknown,
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}') as unknown,
  JSON.parse('{"__proto__":[1,2,3]}') as unknown,
  { 'constructor.prototype.polluted': 'yes', '__proto__.polluted': 'yes' },
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], [[[]]]) },
  { weight: 1, arbitrary: pollutionObjects },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
);

/** Adds the pollution keys beside an object's own fields. */
function withPollution(value: unknown, variant: number): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const polluted: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const key = ['__proto__', 'constructor', 'prototype'][variant % 3]!;
  Object.defineProperty(polluted, key, {
    value: key === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes' },
    enumerable: true,
    configurable: true,
    writable: true,
  });
  return polluted;
}

// ---------------------------------------------------------------------------------------------
// Values shaped by a route's schema (then broken)

/** Real ids of the seeded ledger, and whatever the setup created, by kind. */
interface IdPool {
  all: string[];
  items: string[];
  evidence: string[];
  notices: string[];
}

function schemaValue(schema: JsonSchema | undefined, ids: IdPool, depth = 0): fc.Arbitrary<unknown> {
  const exact = exactValue(schema ?? {}, ids, depth);
  // Each node is sometimes replaced, so that one bad field hides among good ones.
  return fc.oneof({ weight: 6, arbitrary: exact }, { weight: 1, arbitrary: hostileValue });
}

function exactValue(schema: JsonSchema, ids: IdPool, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((variant) => exactValue(variant, ids, depth + 1)));
  if (schema.allOf?.length) return exactValue(Object.assign({}, ...schema.allOf) as JsonSchema, ids, depth);
  const type = Array.isArray(schema.type) ? schema.type.find((name) => name !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return stringValue(schema, ids);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1_000) + 1;
      const max = schema.maximum ?? Math.min((schema.exclusiveMaximum ?? 1_000) - 1, min + 10_000);
      return type === 'integer'
        ? fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) })
        : fc.double({ min, max, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schemaValue(schema.items, ids, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, 3),
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object':
    default: {
      const properties = schema.properties ?? {};
      const record = fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([name, property]) => [name, schemaValue(property, ids, depth + 1)]),
        ),
        { requiredKeys: (schema.required ?? []).filter((name) => name in properties) },
      );
      return fc
        .tuple(record, fc.nat({ max: 11 }))
        .map(([value, variant]) => (variant < 3 ? withPollution(value, variant) : value));
    }
  }
}

function stringValue(schema: JsonSchema, ids: IdPool): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.oneof(fc.constantFrom(...ids.all), fc.uuid());
    case 'date':
      return fc
        .date({ min: new Date('2015-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('2015-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString());
    case 'email':
      return fc.emailAddress();
    default:
      break;
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern));
    } catch {
      // A pattern JavaScript cannot compile still gets plain strings below.
    }
  }
  const minLength = Math.min(schema.minLength ?? 0, 50);
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 30, 30)) });
}

// ---------------------------------------------------------------------------------------------
// Requests

/** A request ready for `inject`, with the role whose session it carries. */
interface FuzzRequest {
  /** the route it was made for, as `METHOD /pattern` */
  route: string;
  role: Role;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** how the body was made, for the report */
  bodyKind: string;
}

const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Percent-encodes all but the unreserved characters (lone surrogates become U+FFFD, as in UTF-8). */
function encode(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATES, '\ufffd')).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Path segments sent as they are, not encoded: traversal, broken escapes, encoded slashes. */
const RAW_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '..%5c..%5cwindows',
  '%00',
  '%ff%fe',
  '%c0%ae%c0%ae',
  '%',
  '%zz',
  '%E4%B8',
  'a%2Fb',
];

function pathValue(name: string, ids: IdPool): fc.Arbitrary<string> {
  const real =
    name === 'evidenceId'
      ? ids.evidence
      : name === 'noticeId'
        ? ids.notices
        : name === 'action'
          ? ['start', 'verify', 'close', 'constructor', '__proto__']
          : ids.all;
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...real) },
    { weight: 1, arbitrary: fc.uuid().map(encode) },
    { weight: 2, arbitrary: hostileString.map((value) => encode(value.slice(0, 2_000))) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
  );
}

/**
 * A query value's length at most: a proxy or Node's own parser refuses a longer request line
 * (16 KiB of headers), so longer ones test nothing real and only slow the run down.
 */
const QUERY_VALUE_MAX = 4_000;

function queryOf(operation: Operation | undefined, ids: IdPool): fc.Arbitrary<string> {
  const declared = (operation?.parameters ?? []).filter((parameter) => parameter.in === 'query');
  const pair = (name: string, schema: JsonSchema | undefined) =>
    fc
      .oneof(
        {
          weight: 4,
          arbitrary: exactValue(schema?.type === 'array' ? (schema.items ?? {}) : (schema ?? {}), ids, 0),
        },
        { weight: 2, arbitrary: hostileValue },
      )
      .map(
        (value) =>
          `${encode(name)}=${encode((typeof value === 'string' ? value : (JSON.stringify(value) ?? '')).slice(0, QUERY_VALUE_MAX))}`,
      );
  const pairs = declared.map((parameter) =>
    fc.array(pair(parameter.name, parameter.schema), { maxLength: 2 }),
  );
  const extra = fc.array(
    fc.oneof(
      fc.constantFrom(
        '__proto__[polluted]=yes',
        '__proto__=x',
        'constructor[prototype][polluted]=yes',
        'constructor.prototype.polluted=yes',
        'a[b][c][d][e]=1',
        '%ff=%fe',
        '%=%',
        '&&&',
        '=',
        'page=1&page=2&page=x',
        `q=${'%00'.repeat(50)}`,
        `${'a'.repeat(5_000)}=1`,
      ),
      fc
        .tuple(hostileString, hostileString)
        .map(([key, value]) => `${encode(key.slice(0, 200))}=${encode(value.slice(0, QUERY_VALUE_MAX))}`),
    ),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...pairs), extra).map(([declaredPairs, extraPairs]) => {
    const parts = [...declaredPairs.flat(), ...extraPairs];
    return parts.length > 0 ? `?${parts.join('&')}` : '';
  });
}

/** A multipart form: variants 0–1 as a browser sends one file with fields, the rest the parser's hard cases. */
function multipartBody(fields: Record<string, unknown>, variant: number, fileName: string) {
  const textFields = Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : (JSON.stringify(value) ?? ''),
    ]),
  );
  const content = variant % 2 === 0 ? png : pdf;
  switch (variant) {
    case 0:
    case 1:
      return multipartForm(textFields, [{ name: fileName, content }]);
    case 2: // two files where one is allowed
      return multipartForm(textFields, [
        { name: 'a.png', content: png },
        { name: 'b.png', content: png },
      ]);
    case 3: {
      // more fields than the parser accepts
      const many = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`f${index}`, 'x']));
      return multipartForm({ ...textFields, ...many }, [{ name: fileName, content }]);
    }
    case 4: {
      const form = multipartForm(textFields, [{ name: fileName, content }]);
      return { ...form, payload: form.payload.subarray(0, Math.floor(form.payload.length / 2)) };
    }
    case 5:
      return {
        payload: Buffer.from('--x\r\nnot a part\r\n--x--'),
        headers: { 'content-type': 'multipart/form-data' },
      };
    case 6:
      return {
        payload: Buffer.from('hello'),
        headers: { 'content-type': 'multipart/form-data; boundary=----nothere' },
      };
    case 7:
      return multipartForm({ __proto__field: 'x', 'constructor[prototype]': 'y' }, [
        { name: fileName, content, field: '__proto__' },
      ]);
    case 8: {
      // a field larger than the parser's field size limit
      return multipartForm({ ...textFields, description: 'x'.repeat(70 * 1024) }, [
        { name: fileName, content },
      ]);
    }
    default: {
      const boundary = 'fuzzboundary';
      const header = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
          `Content-Type: ${'x'.repeat(20_000)}\r\n\r\n`,
      );
      return {
        payload: Buffer.concat([header, png, Buffer.from(`\r\n--${boundary}--\r\n`)]),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      };
    }
  }
}

const DEEP = 10_000;
const MALFORMED_JSON = [
  '{',
  '}',
  '{"a":}',
  "{'a':1}",
  '{"a":1}garbage',
  '{"a":1,}',
  '[1,2',
  '"just a string"',
  'null',
  '123',
  'NaN',
  '\uFEFF{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"a":1e999}',
  `{"a":${'9'.repeat(400)}}`,
  '',
];

function bodyOf(operation: Operation | undefined, ids: IdPool) {
  const jsonSchema = operation?.requestBody?.content?.['application/json']?.schema;
  const fields = schemaValue(jsonSchema, ids);
  const fileName = fc.oneof(
    fc.constantFrom(
      '照片.png',
      '../../../../tmp/fuzz-escape.png',
      '..\\..\\evil.pdf',
      '/etc/passwd',
      'a\u0000b.png',
      '%2e%2e%2fx.png',
      '<img src=x onerror=alert(1)>.png',
      '=cmd|x.pdf',
    ),
    hostileString.map((value) =>
      value
        .slice(0, 300)
        .replaceAll('"', '')
        .replace(/[\r\n]/g, ''),
    ),
  );
  return fc.oneof(
    {
      weight: 10,
      arbitrary: fields.map((value) => ({
        kind: 'json',
        payload: JSON.stringify(value) ?? 'null',
        type: 'application/json',
      })),
    },
    { weight: 2, arbitrary: fc.constant({ kind: 'none', payload: undefined, type: undefined }) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...MALFORMED_JSON)
        .map((payload) => ({ kind: 'malformed-json', payload, type: 'application/json' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.uint8Array({ minLength: 1, maxLength: 16 }),
          fc.constantFrom(...['\xff\xfe', '\xc3\x28', '\xed\xa0\x80', '\xf8\x88\x80\x80\x80']),
        )
        .map(([random, invalid]) => ({
          kind: 'invalid-utf8',
          payload: Buffer.concat([
            Buffer.from('{"title":"'),
            Buffer.from(invalid, 'latin1'),
            Buffer.from(random),
            Buffer.from('","version":1}'),
          ]),
          type: 'application/json',
        })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { kind: 'deep-array', payload: `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`, type: 'application/json' },
        {
          kind: 'deep-object',
          payload: `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`,
          type: 'application/json',
        },
        {
          kind: 'deep-field',
          payload: `{"title":${'['.repeat(DEEP)}${']'.repeat(DEEP)},"version":1}`,
          type: 'application/json',
        },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { kind: 'over-limit', payload: `{"title":"${'x'.repeat(1_100_000)}"}`, type: 'application/json' },
        {
          kind: 'array-body',
          payload: JSON.stringify([{ title: 'x' }, { title: 'y' }]),
          type: 'application/json',
        },
      ),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(fields, fc.nat({ max: 9 }), fileName).map(([value, variant, name]) => {
        const form = multipartBody(
          value !== null && typeof value === 'object' && !Array.isArray(value)
            ? (value as Record<string, unknown>)
            : {},
          variant,
          name,
        );
        return { kind: `multipart-${variant}`, payload: form.payload, type: form.headers['content-type'] };
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/xml',
            'application/octet-stream',
            'application/json; charset=utf-16',
            'application/json; charset=latin1',
            'application/json;;;',
            'application/jsonx',
            'APPLICATION/JSON',
            ' application/json',
            '*/*',
            'multipart/mixed; boundary=x',
            'x'.repeat(2_000),
          ),
          fields,
        )
        .map(([type, value]) => ({
          kind: `type:${type.slice(0, 40)}`,
          payload: JSON.stringify(value) ?? 'a=1',
          type,
        })),
    },
  );
}

/** Header values `inject` accepts (visible ASCII), from the hostile strings and some of its own. */
const headerValue = fc.oneof(
  fc.constantFrom(
    '../../etc/passwd',
    "' OR 1=1 --",
    '<script>',
    'a'.repeat(8_000),
    '',
    ' ',
    '999.999.999.999',
    '::ffff:1.2.3.4',
    'unknown, 1.2.3.4, , ,',
  ),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((value) => value.replace(/[^\x20-\x7e]/g, '')),
);

const extraHeaders = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'x-forwarded-for',
        'x-forwarded-proto',
        'x-forwarded-host',
        'accept',
        'accept-language',
        'accept-encoding',
        'if-none-match',
        'if-modified-since',
        'range',
        'origin',
        'referer',
        'user-agent',
        'content-encoding',
        'x-http-method-override',
        'cookie',
      ),
      headerValue,
    ),
    { maxLength: 3 },
  )
  .map((pairs) => Object.fromEntries(pairs));

function requestFor(route: Route, operation: Operation | undefined, ids: IdPool): fc.Arbitrary<FuzzRequest> {
  const names = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]!);
  const path = fc
    .tuple(
      fc.tuple(...names.map((name) => pathValue(name, ids))),
      hostileString.map((value) => encode(value.slice(0, 500))),
    )
    .map(([values, wildcard]) => {
      let url = route.url.replace('*', wildcard);
      names.forEach((name, index) => {
        url = url.replace(`:${name}`, values[index]!);
      });
      return url;
    });
  const withBody = !['GET', 'HEAD'].includes(route.method);
  return fc
    .record({
      role: fc.constantFrom(...ROLES),
      path,
      query: queryOf(operation, ids),
      body: withBody
        ? bodyOf(operation, ids)
        : fc.constant({ kind: 'none', payload: undefined, type: undefined }),
      headers: extraHeaders,
    })
    .map(({ role, path: url, query, body, headers }) => ({
      route: `${route.method} ${route.url}`,
      role,
      method: route.method,
      url: url + query,
      headers: body.type === undefined ? headers : { ...headers, 'content-type': body.type },
      payload: body.payload,
      bodyKind: body.kind,
    }));
}

/**
 * Routes that build a whole document for each request that passes (a workbook in a child
 * process, a PDF, the OpenAPI YAML): a few requests each, so that 10,000 fit in CI's minute.
 * Their validation is the same code as the list's and is fuzzed through the list routes.
 */
const HEAVY_ROUTES: Record<string, number> = {
  'GET /api/exports/ledger.xlsx': 6,
  'HEAD /api/exports/ledger.xlsx': 2,
  'GET /api/docs/yaml': 2,
  'HEAD /api/docs/yaml': 1,
  'GET /api/docs/json': 2,
  'HEAD /api/docs/json': 1,
  'GET /api/items/:id/closure-report.pdf': 20,
  'HEAD /api/items/:id/closure-report.pdf': 5,
  'GET /api/items/:id/case-file.zip': 20,
  'HEAD /api/items/:id/case-file.zip': 5,
  'POST /api/bulletins': 30,
};

/** RUNS requests from the seed, heavy routes capped; the same seed gives the same requests. */
function sampleRequests(arbitrary: fc.Arbitrary<FuzzRequest>): FuzzRequest[] {
  const requests: FuzzRequest[] = [];
  const counts = new Map<string, number>();
  for (let round = 0; requests.length < RUNS; round += 1) {
    for (const request of fc.sample(arbitrary, { seed: SEED + round, numRuns: RUNS })) {
      const count = (counts.get(request.route) ?? 0) + 1;
      counts.set(request.route, count);
      if (count > (HEAVY_ROUTES[request.route] ?? Infinity)) continue;
      requests.push(request);
      if (requests.length === RUNS) break;
    }
  }
  return requests;
}

// ---------------------------------------------------------------------------------------------

/** A request and what was wrong with its answer, short enough to print. */
interface Finding {
  route: string;
  status: number;
  problem: string;
  request: Omit<FuzzRequest, 'payload'> & { payload?: string };
}

describe('fuzzing every route with hostile and malformed input', () => {
  const context = useTestApp({ seed: true });
  const sessions: Partial<Record<Role, string>> = {};
  const ids: IdPool = { all: [], items: [], evidence: [], notices: [] };

  /**
   * Logs `role` in from an address of its own: the fuzzed login attempts from 127.0.0.1 run into
   * the login rate limit, which must not lock the fuzzer out of its sessions.
   */
  async function login(role: Exclude<Role, 'anonymous'>) {
    const response = await context.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: `127.0.1.${ROLES.indexOf(role)}`,
      payload: { username: role, password: DEMO_PASSWORD },
    });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((candidate) => candidate.name === 'ledger_session');
    sessions[role] = `ledger_session=${cookie!.value}`;
  }

  beforeAll(async () => {
    for (const role of ROLES) if (role !== 'anonymous') await login(role);

    // Files and jobs the seed lacks, so that their routes are reached with real ids.
    const { open } = await hushuItems(context.db.prisma);
    const form = multipartForm({ provesDate: '2026-11-01', description: '现场照片' }, [
      { name: '现场.png', content: png },
    ]);
    const uploaded = await context.app.inject({
      method: 'POST',
      url: `/api/items/${open.id}/evidence`,
      headers: { ...form.headers, cookie: sessions['officer.hushu']! },
      payload: form.payload,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const bulletin = await context.app.inject({
      method: 'POST',
      url: '/api/bulletins',
      headers: { cookie: sessions.coordinator! },
      payload: { periodKind: 'WEEK', periodStart: '2026-11-23' },
    });
    expect(bulletin.statusCode, bulletin.body).toBe(201);
    const job = await context.app.inject({
      method: 'POST',
      url: '/api/exports/case-files',
      headers: { cookie: sessions.coordinator! },
      payload: { itemIds: [open.id] },
    });
    expect(job.statusCode, job.body).toBeLessThan(300);

    const prisma = context.db.prisma;
    const sessionUsers = ROLES.filter((role) => role !== 'anonymous');
    const idsOf = (rows: { id: string | bigint }[]) => rows.map((row) => String(row.id));
    ids.items = idsOf(await prisma.ledgerItem.findMany({ select: { id: true } }));
    ids.evidence = idsOf(await prisma.evidenceFile.findMany({ select: { id: true } }));
    ids.notices = idsOf(await prisma.publicNoticePeriod.findMany({ select: { id: true } }));
    if (ids.notices.length === 0) ids.notices = ids.items.slice(0, 1);
    ids.all = [
      ...ids.items,
      ...ids.evidence,
      ...ids.notices,
      ...idsOf(await prisma.unit.findMany({ select: { id: true } })),
      // The fuzzing accounts' own ids are left out: a valid reset or deactivation would end the sessions.
      ...idsOf(
        await prisma.user.findMany({ where: { username: { notIn: sessionUsers } }, select: { id: true } }),
      ),
      ...idsOf(await prisma.supervisionNotice.findMany({ select: { id: true } })),
      ...idsOf(await prisma.bulletin.findMany({ select: { id: true } })),
      ...idsOf(await prisma.job.findMany({ select: { id: true } })),
      ...idsOf(await prisma.ledgerImport.findMany({ select: { id: true } })),
      ...idsOf(await prisma.notification.findMany({ select: { id: true }, take: 50 })),
      ...idsOf(await prisma.webhookDelivery.findMany({ select: { id: true }, take: 50 })),
    ];
  });

  it(`answers ${RUNS} generated requests without a 5xx, each refusal with a message`, async () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const document = (
      context.app as unknown as { swagger(): { paths: Record<string, Record<string, Operation>> } }
    ).swagger();
    const routes = routesOf(context.app.printRoutes({ commonPrefix: false })).filter((route) =>
      route.url.startsWith('/api/'),
    );
    expect(routes.length).toBeGreaterThan(70);
    const arbitraries = routes.map((route) => ({
      // HEAD runs the GET handler: it needs fewer turns of its own.
      weight: route.method === 'HEAD' ? 1 : 4,
      arbitrary: requestFor(route, document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()], ids),
    }));
    const generationStarted = Date.now();
    const requests = sampleRequests(fc.oneof(...arbitraries));
    const generationSeconds = (Date.now() - generationStarted) / 1000;

    const findings: Finding[] = [];
    const sent = new Map<string, number>();
    const statuses = new Map<number, number>();
    /** milliseconds spent per route, to keep the slow ones in view */
    const time = new Map<string, number>();
    let relogins = 0;
    const started = Date.now();
    const cpuBefore = process.cpuUsage();
    async function send(request: FuzzRequest, index: number) {
      const { route } = request;
      sent.set(route, (sent.get(route) ?? 0) + 1);
      const cookie = request.role === 'anonymous' ? undefined : sessions[request.role];
      // Logging out would end the session every later request of this role relies on; logout
      // is fuzzed with the other headers but without the session cookie.
      const isLogout = request.url.startsWith('/api/auth/logout');
      const headers = { ...request.headers, ...(cookie && !isLogout ? { cookie } : {}) };
      let status: number;
      let problem: string | undefined;
      const requestStarted = performance.now();
      try {
        const response = await context.app.inject({
          method: request.method as InjectOptions['method'],
          url: request.url,
          headers,
          payload: request.payload,
        });
        status = response.statusCode;
        if (status >= 500) problem = response.body.slice(0, 300);
        else if (status >= 400 && request.method !== 'HEAD') {
          let message: unknown;
          try {
            message = response.json<{ message?: unknown }>().message;
          } catch {
            message = undefined;
          }
          if (typeof message !== 'string' || message.trim() === '') {
            problem = `refusal without a message: ${response.headers['content-type']} ${response.body.slice(0, 200)}`;
          } else if (!/\p{Script=Han}/u.test(message)) {
            problem = `refusal not in Chinese: ${message.slice(0, 200)}`;
          }
        }
        if (status === 401 && request.role !== 'anonymous' && !isLogout && !request.headers.cookie) {
          relogins += 1;
          await login(request.role);
        }
      } catch (error) {
        status = -1;
        problem = `inject threw: ${String(error).slice(0, 300)}`;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      time.set(route, (time.get(route) ?? 0) + performance.now() - requestStarted);
      if (problem) {
        const payload = request.payload === undefined ? undefined : String(request.payload).slice(0, 500);
        findings.push({
          route,
          status,
          problem,
          request: { ...request, url: request.url.slice(0, 500), payload, index } as Finding['request'],
        });
      }
    }
    // One at a time, so that a replay meets the very same database states (more in flight
    // gained nothing: the app's own work is what takes the time).
    for (const [index, request] of requests.entries()) await send(request, index);
    const seconds = (Date.now() - started) / 1000;

    const summary = {
      seed: SEED,
      requests: requests.length,
      generationSeconds,
      seconds,
      cpuSeconds:
        Math.round(Object.values(process.cpuUsage(cpuBefore)).reduce((a, b) => a + b, 0) / 1e4) / 100,
      relogins,
      statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      slowest: [...time]
        .sort(([, a], [, b]) => b - a)
        .slice(0, 12)
        .map(([route, ms]) => `${route} ${sent.get(route)}× ${Math.round(ms)} ms`),
    };
    process.stdout.write(`[fuzz] ${JSON.stringify(summary)}\n`);
    const distinct = new Map<string, Finding>();
    for (const finding of findings)
      distinct.set(`${finding.route} ${finding.status} ${finding.problem.slice(0, 80)}`, finding);
    expect(
      [...distinct.values()],
      `replay with FUZZ_SEED=${SEED}; ${findings.length} bad answers: ${JSON.stringify([...distinct.values()], null, 1).slice(0, 20_000)}`,
    ).toEqual([]);

    // Every route was reached.
    for (const route of routes)
      expect(sent.get(`${route.method} ${route.url}`) ?? 0, `${route.method} ${route.url}`).toBeGreaterThan(
        0,
      );

    // Nothing crept onto Object.prototype.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();

    // The process still answers, and the audit chain the fuzzing wrote to still holds.
    expect((await context.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    const verify = await context.app.inject({
      method: 'GET',
      url: '/api/audit/verify',
      headers: { cookie: sessions.auditor! },
    });
    expect(verify.statusCode, verify.body).toBe(200);
    expect(verify.json()).toMatchObject({ ok: true });
  }, 600_000);
});
