/**
 * 下发督办 on one item: `POST /api/items/:id/supervision-notices`. The notice goes to the item's
 * lead unit; refused (409) on a closed item or beside a notice still waiting. Batches and the
 * notice's later steps are routes/api/supervision-notices.
 */
import { toIsoDate } from '@ledger/domain/calendar';
import { supervisionNoticeView } from '@ledger/domain/supervision';
import { issueNoticeInput } from '@ledger/domain/supervision-inputs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { actorOf } from '../../../plugins/app/auth';
import { issueNotice, loadNotice } from '../../../services/supervision';

const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();
const params = z.object({ id: z.uuid({ error: '事项编号无效' }) });

const itemSupervision: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;

  app.post(
    '/api/items/:id/supervision-notices',
    {
      schema: {
        summary: '下发督办（黄色督办或红色挂牌督办）',
        description:
          '需要权限 issue:supervision:any。督办单发给事项的牵头单位；已销号的事项、已有未办结督办的事项答 409。',
        tags: ['supervision'],
        params,
        body: issueNoticeInput(() => toIsoDate(app.ledgerToday())),
        response: { 201: supervisionNoticeView, 400: error, 403: error, 404: error, 409: error },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const today = app.ledgerToday();
      const id = await issueNotice(prisma, actor, request.params.id, request.body, { ip: request.ip, today });
      return reply.code(201).send(await loadNotice(prisma, actor, id, today));
    },
  );
};

export default itemSupervision;
