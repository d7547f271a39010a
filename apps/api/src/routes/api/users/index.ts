import {
  createUserInput,
  listUsersQuery,
  resetPasswordInput,
  updateUserInput,
  userAccount,
  userList,
} from '@ledger/domain/accounts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { actorOf } from '../../../plugins/app/auth';
import {
  createUser,
  getUser,
  listUsers,
  resetPassword,
  resetSecondFactor,
  unlockUser,
  updateUser,
} from '../../../services/users';

const user = userAccount;
const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();
const params = z.object({ id: z.uuid({ error: '用户编号无效' }) });

/**
 * Account administration, split as 三员分立 asks: the system admin (系统管理员) manages accounts,
 * the security admin (安全管理员) unlocks them and resets second factors; both see the list.
 */
const users: FastifyPluginAsyncZod = async (app) => {
  // Checked before validation, so that a caller without the permission learns nothing about the body.
  const reader = { onRequest: app.requirePermission('read:user:any') };
  const admin = { onRequest: app.requirePermission('manage:user:any') };
  const security = (permission: 'unlock:user:any' | 'reset:second-factor:any') => ({
    onRequest: app.requirePermission(permission),
  });
  const context = (request: Parameters<typeof actorOf>[0]) => ({ actor: actorOf(request), ip: request.ip });

  app.get(
    '/api/users',
    {
      ...reader,
      schema: {
        summary: '用户列表',
        tags: ['users'],
        querystring: listUsersQuery,
        response: {
          200: userList,
          403: error,
        },
      },
    },
    async (request) => listUsers(app.db.prisma, request.query),
  );

  app.get(
    '/api/users/:id',
    {
      ...reader,
      schema: {
        summary: '用户详情',
        tags: ['users'],
        params,
        response: { 200: z.object({ user }), 403: error, 404: error },
      },
    },
    async (request) => ({ user: await getUser(app.db.prisma, request.params.id) }),
  );

  app.post(
    '/api/users',
    {
      ...admin,
      schema: {
        summary: '新增用户 (首次登录须修改密码)',
        tags: ['users'],
        body: createUserInput,
        response: { 201: z.object({ user }), 400: error, 403: error, 409: error },
      },
    },
    async (request, reply) => {
      const created = await createUser(app.db.prisma, request.body, context(request));
      return reply.code(201).send({ user: created });
    },
  );

  app.patch(
    '/api/users/:id',
    {
      ...admin,
      schema: {
        summary: '修改、停用或启用用户',
        tags: ['users'],
        params,
        body: updateUserInput,
        response: { 200: z.object({ user }), 400: error, 403: error, 404: error },
      },
    },
    async (request) => ({
      user: await updateUser(app.db.prisma, request.params.id, request.body, context(request)),
    }),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      ...admin,
      schema: {
        summary: '重置密码 (下次登录须修改; 不填则由系统生成临时密码, 仅显示一次)',
        tags: ['users'],
        params,
        // Fastify hands a request without a body over as null.
        body: resetPasswordInput.nullish(),
        response: {
          200: z.object({ user, temporaryPassword: z.string().optional() }),
          400: error,
          403: error,
          404: error,
        },
      },
    },
    async (request, reply) => {
      const result = await resetPassword(
        app.db.prisma,
        request.params.id,
        request.body ?? {},
        context(request),
      );
      // The answer may carry a password: no cache along the way may keep it.
      return reply.header('cache-control', 'no-store').send(result);
    },
  );

  app.post(
    '/api/users/:id/unlock',
    {
      ...security('unlock:user:any'),
      schema: {
        summary: '解除登录锁定',
        tags: ['users'],
        params,
        response: { 200: z.object({ user }), 403: error, 404: error },
      },
    },
    async (request) => ({ user: await unlockUser(app.db.prisma, request.params.id, context(request)) }),
  );

  app.post(
    '/api/users/:id/reset-second-factor',
    {
      ...security('reset:second-factor:any'),
      schema: {
        summary: '重置双因素认证 (解绑身份验证器、作废恢复码、结束会话)',
        tags: ['users'],
        params,
        response: { 200: z.object({ user }), 400: error, 403: error, 404: error },
      },
    },
    async (request) => ({
      user: await resetSecondFactor(app.db.prisma, request.params.id, context(request)),
    }),
  );
};

export default users;
