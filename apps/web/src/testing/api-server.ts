import type { IncomingMessage, ServerResponse } from 'node:http';

import { sendJson, startTestServer, type TestServer } from './test-server';

/** A request the fake API received, with its body read. */
export type ReceivedRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** parsed JSON, or the raw text of any other body (a multipart upload) */
  body: unknown;
};

export type Answer = { status: number; body?: unknown };

/** An endpoint: its answer, or a function of the request that gives one. */
export type Endpoint = Answer | ((request: ReceivedRequest) => Answer | Promise<Answer>);

/** Endpoints by "METHOD /path", where a path segment `:name` matches anything (`GET /api/items/:id`). */
export type Endpoints = Record<string, Endpoint>;

export type ApiServer = TestServer & {
  received: ReceivedRequest[];
  /** Requests to "METHOD /path-pattern" so far. */
  calls: (route: string) => ReceivedRequest[];
  /** Replaces or adds endpoints for the rest of the test. */
  use: (endpoints: Endpoints) => void;
};

export const ok = (body?: unknown): Answer => ({ status: 200, body });
export const noContent: Answer = { status: 204 };
export const apiError = (status: number, message: string, extra: Record<string, unknown> = {}): Answer => ({
  status,
  body: { statusCode: status, error: 'Error', message, ...extra },
});

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return undefined;
  }
  return params;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return undefined;
  if ((request.headers['content-type'] ?? '').includes('json')) return JSON.parse(body.toString('utf8'));
  // Byte for byte (a multipart upload carries binary files), as text a test can search.
  return body.toString('latin1');
}

/**
 * A real HTTP server standing in for the API: the app's own fetch code, cookies aside, runs
 * unchanged against it. Unknown endpoints answer 404 in the API's error shape.
 */
export async function startApiServer(initial: Endpoints): Promise<ApiServer> {
  let endpoints: Endpoints = { ...initial };
  const received: ReceivedRequest[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const body = await readBody(request);
    for (const [route, endpoint] of Object.entries(endpoints)) {
      const [method, pattern] = route.split(' ') as [string, string];
      if (method !== request.method) continue;
      const params = match(pattern, url.pathname);
      if (!params) continue;
      const req: ReceivedRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        params,
        headers: request.headers,
        body,
      };
      received.push(req);
      const answer = typeof endpoint === 'function' ? await endpoint(req) : endpoint;
      if (answer.status === 204 || answer.body === undefined) {
        response.writeHead(answer.status);
        response.end();
      } else {
        sendJson(response, answer.status, answer.body);
      }
      return;
    }
    sendJson(response, 404, {
      statusCode: 404,
      error: 'Not Found',
      message: `no fake for ${request.method} ${url.pathname}`,
    });
  };

  const server = await startTestServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, { statusCode: 500, error: 'Internal Server Error', message: String(error) });
    });
  });

  return {
    ...server,
    received,
    calls: (route) => {
      const [method, pattern] = route.split(' ') as [string, string];
      return received.filter((request) => request.method === method && match(pattern, request.path));
    },
    use: (more) => {
      endpoints = { ...endpoints, ...more };
    },
  };
}
