/**
 * A request to our API that did not succeed. `message` is what the server said (Fastify's
 * `{ statusCode, error, message }` body), fit to show to the user as it is; `status` is 0 when
 * the server could not be reached at all.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  /** The parsed response body, when there was one. */
  readonly body: unknown;

  constructor(status: number, message: string, body?: unknown, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.body = body;
  }
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type ApiRequest = {
  method?: HttpMethod;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
};

/** Calls the API and returns its JSON answer; throws {@link ApiError} for anything but 2xx. */
export async function apiFetch<T>(
  path: string,
  { method = 'GET', body, signal }: ApiRequest = {},
): Promise<T> {
  // Resolved against the page: the API serves this app from its own origin (and tests point the
  // page at their own server).
  const url = new URL(path, document.baseURI);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    // A cancelled query is not a failure to report.
    if (signal?.aborted) throw error;
    throw new ApiError(0, '无法连接服务器，请检查网络后重试', undefined, { cause: error });
  }

  const payload = await readBody(response);
  if (!response.ok) {
    throw new ApiError(
      response.status,
      serverMessage(payload) ?? `服务器返回错误（HTTP ${response.status}）`,
      payload,
    );
  }
  return payload as T;
}

async function readBody(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 204 || !type.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    // A proxy's or a crashed server's half answer: the status alone has to speak.
    return undefined;
  }
}

function serverMessage(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || !('message' in payload)) return undefined;
  const { message } = payload;
  return typeof message === 'string' && message.trim() !== '' ? message : undefined;
}
