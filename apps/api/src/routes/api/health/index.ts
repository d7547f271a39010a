import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const healthy = z.object({ status: z.literal('ok'), db: z.literal('ok') });
const unhealthy = z.object({ status: z.literal('error'), db: z.literal('unavailable'), message: z.string() });

/** How long the database may take to answer before the server reports itself unhealthy. */
const DB_TIMEOUT_MS = 2_000;

const health: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    { config: { public: true }, schema: { summary: '健康检查', response: { 200: healthy, 503: unhealthy } } },
    async (request, reply) => {
      try {
        await withTimeout(app.db.prisma.$queryRaw`SELECT 1`, DB_TIMEOUT_MS);
        return { status: 'ok' as const, db: 'ok' as const };
      } catch (error) {
        request.log.warn({ err: error }, 'health check: database unavailable');
        return reply.code(503).send({
          status: 'error' as const,
          db: 'unavailable' as const,
          message: `数据库不可用: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        });
      }
    },
  );
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export default health;
