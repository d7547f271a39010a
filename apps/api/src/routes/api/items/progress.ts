/**
 * 整改进展: `POST /api/items/:id/progress` — a dated narrative with an optional percent, by an
 * officer or head of a unit responsible for the item.
 *
 * Evidence for the report is posted afterwards, one file per request, to
 * `POST /api/items/:id/evidence` with `progressEntryId` set to the id answered here: each file
 * then succeeds or fails on its own (with its own message), and a JSON report never waits on
 * a slow upload from a phone.
 */
import { progressInput } from '@ledger/domain/items';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { actorOf } from '../../../plugins/app/auth';
import { createProgressEntry, notAfterToday, progressEntryView } from '../../../services/progress';

const params = z.object({ id: z.uuid({ error: '事项编号无效' }) });
const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();

const progress: FastifyPluginAsyncZod = async (app) => {
  const body = progressInput.safeExtend({
    reportedOn: notAfterToday(progressInput.shape.reportedOn, '进展日期', () => app.ledgerToday()),
  });

  app.post(
    '/api/items/:id/progress',
    {
      // Checked before validation, so that a caller without the permission learns nothing about the body.
      onRequest: app.requirePermission('create:progress:own-unit'),
      schema: {
        summary: '填报整改进展',
        tags: ['items'],
        params,
        body,
        response: { 201: progressEntryView, 400: error, 403: error, 404: error, 409: error },
      },
    },
    async (request, reply) => {
      const entry = await createProgressEntry(
        app.db.prisma,
        actorOf(request),
        request.params.id,
        request.body,
        {
          ip: request.ip,
          today: app.ledgerToday(),
        },
      );
      return reply.code(201).send(entry);
    },
  );
};

export default progress;
