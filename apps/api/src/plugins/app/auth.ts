/**
 * The one gate for everything under /api: a request needs a valid session unless its route says
 * `config: { public: true }`. Routes then ask for permissions with `app.requirePermission(...)`;
 * a refusal is 403 naming the missing permission.
 */
import { hasPermission, type Actor, type Permission } from '@ledger/domain/permissions';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

import { forbidden, unauthorized } from '../../lib/http-errors';
import { resolveSession, secondFactorStepOf, type ResolvedSession } from '../../services/auth';

export const SESSION_COOKIE = 'ledger_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** reachable without a session (login, health, the public disclosure page) */
    public?: boolean;
    /** reachable while the user must still change their password */
    allowPasswordChangePending?: boolean;
    /** reachable by a half session: a login that still owes its second factor (or binding one) */
    allowSecondFactorPending?: boolean;
  }
  interface FastifyRequest {
    /** the caller's session; set on every non-public /api route */
    session: ResolvedSession | null;
  }
  interface FastifyInstance {
    requirePermission(permission: Permission): (request: FastifyRequest) => Promise<void>;
  }
}

/** The session of a request that passed the gate. */
export function sessionOf(request: FastifyRequest): ResolvedSession {
  if (!request.session) throw unauthorized();
  return request.session;
}

export function actorOf(request: FastifyRequest): Actor & { id: string; name: string } {
  const { user } = sessionOf(request);
  return { id: user.id, name: user.displayName, role: user.role, unitId: user.unitId };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
}

export default fp(
  async (app) => {
    app.decorateRequest('session', null);

    app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/api/') || request.routeOptions.config.public) return;
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await resolveSession(app.db.prisma, token) : null;
      if (!session) throw unauthorized('登录已失效，请重新登录');
      // The second factor comes first: until it is given, the password alone proves too little
      // even to change the password.
      if (session.pendingStep && !request.routeOptions.config.allowSecondFactorPending) {
        throw forbidden(
          session.pendingStep === 'VERIFY_TOTP'
            ? '请先输入身份验证器中的验证码'
            : '您的角色须使用双因素认证，请先绑定身份验证器',
          { secondFactor: secondFactorStepOf[session.pendingStep] },
        );
      }
      if (session.user.mustChangePassword && !request.routeOptions.config.allowPasswordChangePending) {
        throw forbidden('请先修改初始密码', { mustChangePassword: true });
      }
      request.session = session;
    });

    app.decorate('requirePermission', (permission: Permission) => async (request: FastifyRequest) => {
      const { user } = sessionOf(request);
      if (!hasPermission(user.role, permission)) {
        throw forbidden(`缺少权限: ${permission}`, { missingPermission: permission });
      }
    });
  },
  { name: 'auth', dependencies: ['database'] },
);
