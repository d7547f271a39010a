/**
 * 推送记录: the log of webhook pushes (each unit's daily warning to its robot) with every
 * attempt, for whoever holds read:webhook-delivery:any (the coordinator, the system admin), and
 * sending a failed one again. Only those who manage units see the addresses in full.
 */
import { deliveryList, deliveryView, listDeliveriesQuery } from '@ledger/domain/notifications';
import { hasPermission } from '@ledger/domain/permissions';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { actorOf } from '../../../plugins/app/auth';
import { listDeliveries, retryDelivery } from '../../../services/webhooks';

const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();
const params = z.object({ id: z.uuid({ error: '推送记录编号无效' }) });

const webhookDeliveries: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;
  const revealsUrl = (request: Parameters<typeof actorOf>[0]) =>
    hasPermission(actorOf(request).role, 'manage:unit:any');

  app.get(
    '/api/webhook-deliveries',
    {
      // Before validation, so that a caller without the permission learns nothing from the query.
      onRequest: app.requirePermission('read:webhook-delivery:any'),
      schema: {
        summary: '推送记录',
        description: '各单位预警推送的发送情况，最新的在前，含每次尝试的结果。',
        tags: ['notifications'],
        querystring: listDeliveriesQuery,
        response: { 200: deliveryList, 400: error, 403: error },
      },
    },
    async (request) => listDeliveries(prisma, request.query, { revealUrl: revealsUrl(request) }),
  );

  app.post(
    '/api/webhook-deliveries/:id/retry',
    {
      // Whoever watches the log may send a failed push again; it changes nothing but the push.
      onRequest: app.requirePermission('read:webhook-delivery:any'),
      schema: {
        summary: '重新推送',
        description: '把发送失败的推送改回待发送，按单位当前的推送地址重新尝试。',
        tags: ['notifications'],
        params,
        response: {
          200: z.object({ delivery: deliveryView }),
          400: error,
          403: error,
          404: error,
          409: error,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return {
        delivery: await retryDelivery(prisma, request.params.id, {
          actor: { id: actor.id, name: actor.name },
          ip: request.ip,
          revealUrl: revealsUrl(request),
        }),
      };
    },
  );
};

export default webhookDeliveries;
