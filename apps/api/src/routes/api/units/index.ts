import { hasPermission } from '@ledger/domain/permissions';
import { unitType } from '@ledger/domain/vocabulary';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { actorOf, sessionOf } from '../../../plugins/app/auth';
import { createUnit, createUnitInput, listUnits, updateUnit, updateUnitInput } from '../../../services/units';

const unit = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  type: unitType.schema,
  sortOrder: z.number(),
  disabled: z.boolean(),
  /** admins only */
  webhookUrl: z.string().nullable().optional(),
});
const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();
const params = z.object({ id: z.uuid({ error: '单位编号无效' }) });

const units: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/units',
    {
      schema: {
        summary: '单位列表 (含已停用单位)',
        tags: ['units'],
        response: { 200: z.object({ units: z.array(unit) }) },
      },
    },
    async (request) => ({
      units: await listUnits(app.db.prisma, {
        withWebhook: hasPermission(sessionOf(request).user.role, 'manage:unit:any'),
      }),
    }),
  );

  app.post(
    '/api/units',
    {
      // Before validation, so that a caller without the permission learns nothing about the body.
      onRequest: app.requirePermission('manage:unit:any'),
      schema: {
        summary: '新增单位',
        tags: ['units'],
        body: createUnitInput,
        response: { 201: z.object({ unit }), 400: error, 403: error, 409: error },
      },
    },
    async (request, reply) => {
      const created = await createUnit(app.db.prisma, request.body, {
        actor: actorOf(request),
        ip: request.ip,
      });
      return reply.code(201).send({ unit: created });
    },
  );

  app.patch(
    '/api/units/:id',
    {
      onRequest: app.requirePermission('manage:unit:any'),
      schema: {
        summary: '修改或停用单位',
        tags: ['units'],
        params,
        body: updateUnitInput,
        response: { 200: z.object({ unit }), 400: error, 403: error, 404: error, 409: error },
      },
    },
    async (request) => ({
      unit: await updateUnit(app.db.prisma, request.params.id, request.body, {
        actor: actorOf(request),
        ip: request.ip,
      }),
    }),
  );
};

export default units;
