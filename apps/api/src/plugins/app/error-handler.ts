import type { FastifyError } from 'fastify';
import { isDatabaseUnavailable } from '@ledger/db/database';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

import { frameworkErrorMessage } from '../../lib/framework-errors';
import { HttpError } from '../../lib/http-errors';

/** What a request answers while the database is down or restarting (docs/faults.md). */
export const DATABASE_UNAVAILABLE_MESSAGE = '数据库暂时不可用（正在重启或繁忙），请稍后重试';
const DATABASE_RETRY_AFTER_SECONDS = 5;

const httpErrorNames: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  429: 'Too Many Requests',
};

/**
 * One error shape for the whole API: `{ statusCode, error, message, issues? }`. Validation
 * failures name each field; 5xx details are logged, never sent.
 */
export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(error)) {
        const issues = error.validation.map((issue) => ({
          field: [error.validationContext, issue.instancePath.replace(/^\//, '').replaceAll('/', '.')]
            .filter(Boolean)
            .join('.'),
          message: issue.message,
        }));
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `请求参数有误: ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`,
          issues,
        });
      }
      if (error instanceof HttpError) {
        return reply.code(error.statusCode).send({
          statusCode: error.statusCode,
          error: httpErrorNames[error.statusCode] ?? 'Error',
          message: error.message,
          ...error.details,
        });
      }
      if (isDatabaseUnavailable(error)) {
        // An outage passes by itself (the pool reconnects on the next query): say so, not 500.
        request.log.warn({ err: error }, 'database unavailable');
        return reply
          .code(503)
          .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
          .send({ statusCode: 503, error: 'Service Unavailable', message: DATABASE_UNAVAILABLE_MESSAGE });
      }
      const statusCode = isResponseSerializationError(error) ? 500 : (error.statusCode ?? 500);
      if (statusCode >= 500) {
        request.log.error({ err: error }, 'request failed');
        return reply
          .code(statusCode)
          .send({ statusCode, error: 'Internal Server Error', message: '服务器内部错误，请稍后重试' });
      }
      return reply
        .code(statusCode)
        .send({ statusCode, error: error.name, message: frameworkErrorMessage(error, request) });
    });
  },
  { name: 'error-handler' },
);
