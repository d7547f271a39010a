/**
 * 审计日志: `GET /api/audit` (filtered, newest first) and `GET /api/audit/verify` (the hash
 * chain recomputed from the first record). For auditors, the coordination group and the audit
 * admin; nobody can change the trail through the API, and the database refuses it too.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { actorOf } from '../../../plugins/app/auth';
import {
  auditPage,
  auditQuery,
  auditVerification,
  queryAudit,
  verifyAudit,
} from '../../../services/audit-query';

const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();

const audit: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit',
    {
      onRequest: app.requirePermission('read:audit:any'),
      schema: {
        summary: '查询审计日志',
        tags: ['audit'],
        querystring: auditQuery,
        response: { 200: auditPage, 400: error, 403: error },
      },
    },
    async (request) => queryAudit(app.db.prisma, request.query),
  );

  app.get(
    '/api/audit/verify',
    {
      onRequest: app.requirePermission('verify:audit:any'),
      schema: {
        summary: '校验审计日志完整性',
        tags: ['audit'],
        response: { 200: auditVerification, 403: error },
      },
    },
    async (request) => verifyAudit(app.db.prisma, actorOf(request), request.ip),
  );
};

export default audit;
