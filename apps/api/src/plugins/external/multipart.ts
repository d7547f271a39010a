import multipart from '@fastify/multipart';
import fp from 'fastify-plugin';

/**
 * multipart/form-data for uploads. Routes read the parts themselves (stream mode) and set their
 * own file size limit; without one, a file may be no larger than the body limit.
 */
export default fp(
  async (app) => {
    await app.register(multipart, {
      limits: { fieldNameSize: 100, fieldSize: 64 * 1024, fields: 20, files: 1, parts: 30, headerPairs: 100 },
    });
  },
  { name: 'multipart' },
);
