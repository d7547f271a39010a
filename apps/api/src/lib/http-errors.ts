/**
 * Errors that services throw and the error handler turns into answers. Services speak in these
 * terms (not in HTTP replies) so that the rules stay testable and routes stay thin.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** extra fields sent with the answer (e.g. `current` with a 409, `unlocksAt` with a 423) */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new HttpError(400, message, details);
export const unauthorized = (message = '请先登录') => new HttpError(401, message);
export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new HttpError(403, message, details);
export const notFound = (message = '记录不存在或无权查看') => new HttpError(404, message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new HttpError(409, message, details);

/** 400 naming each offending field, in the shape the error handler gives validation failures. */
export const invalidFields = (issues: { field: string; message: string }[]) =>
  badRequest(`请求参数有误: ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`, {
    issues,
  });
