import multipart from '@fastify/multipart';
import fp from 'fastify-plugin';

/**
 * multipart/form-data for uploads. Routes read the parts themselves (stream mode) and set their
 * own file size limit; without one, a file may be no larger than the body limit. One file per
 * request keeps each upload's success or failure, and its message, about one file; a route that
 * needs more can raise `files` in its own `request.parts({ limits })`.
 */
export default fp(
  async (app) => {
    await app.register(multipart, {
      limits: { fieldNameSize: 100, fieldSize: 64 * 1024, fields: 20, files: 1, parts: 30, headerPairs: 100 },
    });
  },
  { name: 'multipart' },
);
