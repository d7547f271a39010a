/**
 * The application as a Fastify plugin tree. Load order: external plugins (thin @fastify/*
 * wrappers) → app plugins (decorators) → routes. server.ts only opens the database, listens and
 * closes; tests build this app against a real database and use `inject`.
 */
import type { Database } from '@ledger/db/database';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';

import auth from './plugins/app/auth';
import database from './plugins/app/database';
import errorHandler from './plugins/app/error-handler';
import cookie from './plugins/external/cookie';
import helmet from './plugins/external/helmet';
import openapi from './plugins/external/openapi';
import webApp from './plugins/external/web-app';
import authRoutes from './routes/api/auth/index';
import health from './routes/api/health/index';

export interface AppOptions {
  db: Database;
  /** the built web app to serve; undefined serves the API only */
  webRoot?: string;
  /** the process's pino logger; tests run silent without one */
  logger?: FastifyBaseLogger;
}

export async function buildApp({ db, webRoot, logger }: AppOptions) {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    // Behind a reverse proxy in production; the client IP goes into the audit log.
    trustProxy: true,
    bodyLimit: 1_048_576,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet);
  await app.register(cookie);
  await app.register(openapi);
  await app.register(errorHandler);
  await app.register(database, { db });
  await app.register(auth);
  await app.register(health);
  await app.register(authRoutes);
  await app.register(webApp, { webRoot });
  return app;
}
