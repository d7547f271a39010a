import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The JSDOM instance behind the test's window; Vitest's jsdom environment puts it on the global. */
declare global {
  var jsdom: { reconfigure(settings: { url?: string }): void; window: object };
}

export type TestServer = {
  url: string;
  /** Requests received so far, as "METHOD /path". */
  requests: string[];
  close: () => Promise<void>;
};

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/**
 * A real HTTP server on a free port, and the test's page moved onto its origin so that the app's
 * same-origin `/api/...` requests reach it, the way they reach the real API in production.
 */
export async function startTestServer(handler: Handler): Promise<TestServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  globalThis.jsdom.reconfigure({ url });
  // jsdom's reconfigure moves the document to the new origin but leaves the window's own record
  // of it, which XMLHttpRequest (the upload path) checks: without this, an upload to the page's
  // own server is taken for a cross-origin request and fails as CORS would.
  (globalThis.jsdom.window as { _origin?: string })._origin = new URL(url).origin;

  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
