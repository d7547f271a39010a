import { changePasswordInput, currentUser, loginInput } from '@ledger/domain/accounts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { clearSessionCookie, sessionOf, setSessionCookie } from '../../../plugins/app/auth';
import { changePassword, describeUser, login, logout } from '../../../services/auth';

const me = currentUser;
const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();

const auth: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        summary: '登录',
        tags: ['auth'],
        body: loginInput,
        response: { 200: z.object({ user: me }), 401: error, 423: error },
      },
    },
    async (request, reply) => {
      const { token, user } = await login(app.db.prisma, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(request, reply, token);
      return { user: describeUser(user) };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { allowPasswordChangePending: true }, schema: { summary: '退出登录', tags: ['auth'] } },
    async (request, reply) => {
      await logout(app.db.prisma, sessionOf(request), request.ip);
      clearSessionCookie(request, reply);
      return reply.code(204).send(undefined);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { allowPasswordChangePending: true },
      schema: { summary: '当前用户', tags: ['auth'], response: { 200: z.object({ user: me }) } },
    },
    async (request) => ({ user: describeUser(sessionOf(request).user) }),
  );

  app.post(
    '/api/auth/password',
    {
      config: { allowPasswordChangePending: true },
      schema: {
        summary: '修改密码',
        tags: ['auth'],
        body: changePasswordInput,
        response: { 204: z.void(), 400: error },
      },
    },
    async (request, reply) => {
      const { token } = await changePassword(app.db.prisma, sessionOf(request), request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(request, reply, token);
      return reply.code(204).send(undefined);
    },
  );
};

export default auth;
