import {
  changePasswordInput,
  currentUser,
  loginInput,
  secondFactorInput,
  totpCodeInput,
  totpEnrolment,
  type LoginInput,
} from '@ledger/domain/accounts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import type { SecretBox } from '../../../lib/secret-box';
import { tooManyRequests } from '../../../plugins/external/rate-limit';
import { clearSessionCookie, sessionOf, setSessionCookie } from '../../../plugins/app/auth';
import { changePassword, describeUser, login, logout, type LoginPolicy } from '../../../services/auth';
import {
  confirmEnrolment,
  disableOwnSecondFactor,
  regenerateRecoveryCodes,
  startEnrolment,
  verifySecondFactor,
} from '../../../services/second-factor';

const me = currentUser;
const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();
const recoveryCodes = z.array(z.string());

/**
 * Guessing limits beside the account lockout: per address and account name (one person's
 * typos never reach it), and per address over all names (trying one password on many accounts;
 * high enough for a street office's morning logins behind one NAT address).
 */
export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: 60_000 } as const;
export const LOGIN_ADDRESS_RATE_LIMIT = { max: 300, timeWindow: 60_000 } as const;
/**
 * Codes and current passwords given from a session, per user (an address is easy to change):
 * six digits must not be guessable faster than the lockout allows.
 */
export const SECOND_FACTOR_RATE_LIMIT = { max: 10, timeWindow: 60_000 } as const;
const perUserLimit = {
  ...SECOND_FACTOR_RATE_LIMIT,
  keyGenerator: (request: FastifyRequest) => `session-step|${request.session?.user.id ?? request.ip}`,
};

export interface AuthRouteOptions {
  policy: LoginPolicy;
  secrets: SecretBox;
  /** logins per address and minute over all account names; default LOGIN_ADDRESS_RATE_LIMIT.max */
  loginsPerAddress?: number;
}

const auth: FastifyPluginAsyncZod<AuthRouteOptions> = async (
  app,
  { policy, secrets, loginsPerAddress = LOGIN_ADDRESS_RATE_LIMIT.max },
) => {
  const context = (request: { ip: string; headers: { 'user-agent'?: string } }) => ({
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    secrets,
  });
  // Answers that carry a secret (a TOTP key, recovery codes) must not be kept by any cache.
  const noStore = { 'cache-control': 'no-store' };

  const accountLimit = app.createRateLimit({
    ...LOGIN_RATE_LIMIT,
    keyGenerator: (request) => `login|${request.ip}|${(request.body as LoginInput).username.toLowerCase()}`,
  });

  app.post(
    '/api/auth/login',
    {
      config: {
        public: true,
        rateLimit: {
          ...LOGIN_ADDRESS_RATE_LIMIT,
          max: loginsPerAddress,
          keyGenerator: (request) => `login-address|${request.ip}`,
        },
      },
      // After validation, so that the account name is known.
      preHandler: async (request, reply) => {
        const limit = await accountLimit(request);
        if (!limit.isAllowed && limit.isExceeded) {
          void reply.header('retry-after', limit.ttlInSeconds);
          throw tooManyRequests(limit.ttl);
        }
      },
      schema: {
        summary: '登录 (第一步: 账号和密码)',
        description:
          '成功时 user.secondFactor 说明还差哪一步: verify = 输入身份验证器验证码 (POST /api/auth/second-factor); enrol = 须先绑定身份验证器 (POST /api/auth/totp/enrolment); null = 已登录。',
        tags: ['auth'],
        body: loginInput,
        response: { 200: z.object({ user: me }), 401: error, 423: error, 429: error },
      },
    },
    async (request, reply) => {
      const { token, user, pendingStep } = await login(app.db.prisma, request.body, context(request), policy);
      setSessionCookie(request, reply, token);
      return { user: describeUser(user, pendingStep) };
    },
  );

  app.post(
    '/api/auth/second-factor',
    {
      config: {
        allowSecondFactorPending: true,
        allowPasswordChangePending: true,
        rateLimit: perUserLimit,
      },
      schema: {
        summary: '登录 (第二步: 身份验证器验证码或恢复码)',
        tags: ['auth'],
        body: secondFactorInput,
        response: { 200: z.object({ user: me }), 400: error, 401: error, 409: error, 423: error, 429: error },
      },
    },
    async (request, reply) => {
      const { token, user } = await verifySecondFactor(
        app.db.prisma,
        sessionOf(request),
        request.body,
        context(request),
      );
      setSessionCookie(request, reply, token);
      return { user: describeUser(user, null) };
    },
  );

  app.post(
    '/api/auth/totp/enrolment',
    {
      config: { allowSecondFactorPending: true, allowPasswordChangePending: true },
      schema: {
        summary: '绑定身份验证器: 生成密钥和二维码 (仅显示一次)',
        tags: ['auth'],
        response: { 200: totpEnrolment, 403: error },
      },
    },
    async (request, reply) =>
      reply.headers(noStore).send(await startEnrolment(app.db.prisma, sessionOf(request), context(request))),
  );

  app.post(
    '/api/auth/totp/enrolment/confirm',
    {
      config: {
        allowSecondFactorPending: true,
        allowPasswordChangePending: true,
        rateLimit: perUserLimit,
      },
      schema: {
        summary: '绑定身份验证器: 输入第一个验证码确认, 答复恢复码 (仅显示一次)',
        tags: ['auth'],
        body: totpCodeInput,
        response: { 200: z.object({ user: me, recoveryCodes }), 400: error, 409: error, 429: error },
      },
    },
    async (request, reply) => {
      const {
        token,
        user,
        recoveryCodes: codes,
      } = await confirmEnrolment(app.db.prisma, sessionOf(request), request.body.code, context(request));
      setSessionCookie(request, reply, token);
      return reply.headers(noStore).send({ user: describeUser(user, null), recoveryCodes: codes });
    },
  );

  app.post(
    '/api/auth/totp/recovery-codes',
    {
      config: { rateLimit: perUserLimit },
      schema: {
        summary: '重新生成恢复码 (旧恢复码作废; 须输入当前验证码)',
        tags: ['auth'],
        body: totpCodeInput,
        response: { 200: z.object({ recoveryCodes }), 400: error, 409: error, 429: error },
      },
    },
    async (request, reply) => {
      const codes = await regenerateRecoveryCodes(
        app.db.prisma,
        sessionOf(request),
        request.body.code,
        context(request),
      );
      return reply.headers(noStore).send({ recoveryCodes: codes });
    },
  );

  app.post(
    '/api/auth/totp/disable',
    {
      config: { rateLimit: perUserLimit },
      schema: {
        summary: '关闭双因素认证 (仅限无须双因素认证的角色; 须输入当前验证码)',
        tags: ['auth'],
        body: totpCodeInput,
        response: { 204: z.void(), 400: error, 403: error, 409: error, 429: error },
      },
    },
    async (request, reply) => {
      await disableOwnSecondFactor(app.db.prisma, sessionOf(request), request.body.code, context(request));
      return reply.code(204).send(undefined);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { allowPasswordChangePending: true, allowSecondFactorPending: true },
      schema: { summary: '退出登录', tags: ['auth'] },
    },
    async (request, reply) => {
      await logout(app.db.prisma, sessionOf(request), request.ip);
      clearSessionCookie(request, reply);
      return reply.code(204).send(undefined);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { allowPasswordChangePending: true, allowSecondFactorPending: true },
      schema: { summary: '当前用户', tags: ['auth'], response: { 200: z.object({ user: me }) } },
    },
    async (request) => {
      const session = sessionOf(request);
      return { user: describeUser(session.user, session.pendingStep) };
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { allowPasswordChangePending: true, rateLimit: perUserLimit },
      schema: {
        summary: '修改密码',
        tags: ['auth'],
        body: changePasswordInput,
        response: { 204: z.void(), 400: error },
      },
    },
    async (request, reply) => {
      const { token } = await changePassword(
        app.db.prisma,
        sessionOf(request),
        request.body,
        context(request),
      );
      setSessionCookie(request, reply, token);
      return reply.code(204).send(undefined);
    },
  );
};

export default auth;
