import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * OpenAPI document generated from the routes' zod schemas (the same schemas that validate), at
 * /api/docs/json, with Swagger UI at /api/docs. Registered before the routes so it sees them.
 */
export default fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      info: {
        title: '整改台账 API · Rectification Ledger',
        description: '拱墅区中央环保督察整改台账。登录后以 HttpOnly 会话 Cookie 调用。',
        version: '1.0.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Swagger UI's own assets come from the package; its inline bits need their CSP hashes.
    staticCSP: true,
  });
});
