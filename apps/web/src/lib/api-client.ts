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

  /** Field-level complaints of a 400 answer (`issues: [{ field, message }]`), when it named any. */
  get issues(): ApiIssue[] {
    const issues = bodyField(this.body, 'issues');
    if (!Array.isArray(issues)) return [];
    return issues.filter(
      (issue): issue is ApiIssue =>
        typeof issue === 'object' &&
        issue !== null &&
        typeof (issue as ApiIssue).field === 'string' &&
        typeof (issue as ApiIssue).message === 'string',
    );
  }
}

export type ApiIssue = { field: string; message: string };

/** Whether the server refused because the user must change an initial or reset password first. */
export const isPasswordChangePending = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 403 && bodyField(error.body, 'mustChangePassword') === true;

/** Whether the server refused because the login still owes its second factor (`secondFactor: 'verify' | 'enrol'`). */
export const isSecondFactorPending = (error: unknown): boolean =>
  error instanceof ApiError &&
  error.status === 403 &&
  typeof bodyField(error.body, 'secondFactor') === 'string';

/** A named field of an error answer's body (`unlocksAt` of a 423, `mustChangePassword` of a 403 …). */
export function bodyField(body: unknown, field: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type ApiRequest = {
  method?: HttpMethod;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
};

const unreachable = '无法连接服务器，请检查网络后重试';

/** Calls the API and returns its JSON answer; throws {@link ApiError} for anything but 2xx. */
export async function apiFetch<T>(
  path: string,
  { method = 'GET', body, signal }: ApiRequest = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    // A cancelled query is not a failure to report.
    if (signal?.aborted) throw error;
    throw new ApiError(0, unreachable, undefined, { cause: error });
  }

  const payload = await readBody(response);
  if (!response.ok) throw errorFor(response.status, payload);
  return payload as T;
}

export type UploadRequest = {
  /** Called as the request body goes out, with the share sent so far (0–100). */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
};

/**
 * POSTs a multipart form (files) and returns the JSON answer. XMLHttpRequest rather than fetch:
 * only it reports upload progress, which a person sending photos over a phone network needs to see.
 */
export function apiUpload<T>(path: string, form: FormData, { onProgress, signal }: UploadRequest = {}) {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', apiUrl(path));
    request.setRequestHeader('Accept', 'application/json');
    request.withCredentials = true;
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress?.(Math.round((event.loaded / event.total) * 100));
    });
    request.addEventListener('load', () => {
      const payload = parseJson(request.getResponseHeader('content-type'), request.responseText);
      if (request.status >= 200 && request.status < 300) {
        onProgress?.(100);
        resolve(payload as T);
      } else {
        reject(errorFor(request.status, payload));
      }
    });
    request.addEventListener('error', () => reject(new ApiError(0, unreachable)));
    request.addEventListener('abort', () => reject(new DOMException('上传已取消', 'AbortError')));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(form);
  });
}

// Resolved against the page: the API serves this app from its own origin (and tests point the
// page at their own server).
const apiUrl = (path: string) => new URL(path, document.baseURI);

function errorFor(status: number, payload: unknown): ApiError {
  return new ApiError(status, serverMessage(payload) ?? statusMessage(status), payload);
}

function statusMessage(status: number): string {
  if (status === 413) return '文件太大，超出服务器允许的大小';
  return `服务器返回错误（HTTP ${status}）`;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  return parseJson(response.headers.get('content-type'), await response.text().catch(() => ''));
}

function parseJson(contentType: string | null, text: string): unknown {
  if (!(contentType ?? '').includes('json') || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's or a crashed server's half answer: the status alone has to speak.
    return undefined;
  }
}

function serverMessage(payload: unknown): string | undefined {
  const message = bodyField(payload, 'message');
  return typeof message === 'string' && message.trim() !== '' ? message : undefined;
}
