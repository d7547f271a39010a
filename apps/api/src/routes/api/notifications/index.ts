/**
 * 消息通知: the caller's own notifications (daily digests). Every logged-in user has a
 * notification centre; nobody reaches another person's — their ids answer 404.
 */
import {
  listNotificationsQuery,
  notificationList,
  notificationView,
  unreadCount,
} from '@ledger/domain/notifications';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { actorOf } from '../../../plugins/app/auth';
import { countUnread, listNotifications, markAllRead, markRead } from '../../../services/notifications';

const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();
const params = z.object({ id: z.uuid({ error: '消息编号无效' }) });

const notifications: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;
  const context = (request: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(request);
    return { actor: { id: actor.id, name: actor.name }, ip: request.ip };
  };

  app.get(
    '/api/notifications',
    {
      schema: {
        summary: '我的消息',
        description: '当前用户的消息（整改预警日报），最新的在前；unread=true 只列未读。',
        tags: ['notifications'],
        querystring: listNotificationsQuery,
        response: { 200: notificationList, 400: error },
      },
    },
    async (request) => listNotifications(prisma, actorOf(request).id, request.query),
  );

  app.get(
    '/api/notifications/unread-count',
    {
      schema: {
        summary: '未读消息数',
        tags: ['notifications'],
        response: { 200: unreadCount },
      },
    },
    async (request) => ({ count: await countUnread(prisma, actorOf(request).id) }),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        summary: '标记为已读',
        tags: ['notifications'],
        params,
        response: { 200: z.object({ notification: notificationView }), 400: error, 404: error },
      },
    },
    async (request) => ({ notification: await markRead(prisma, request.params.id, context(request)) }),
  );

  app.post(
    '/api/notifications/read-all',
    {
      schema: {
        summary: '全部标记为已读',
        tags: ['notifications'],
        response: { 200: z.object({ updated: z.number() }) },
      },
    },
    async (request) => ({ updated: await markAllRead(prisma, context(request)) }),
  );
};

export default notifications;
