import { existsSync } from 'node:fs';

import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

/**
 * Serves the built web app and answers unknown non-API paths with index.html so that
 * client-side routes survive a reload. Unknown /api paths stay JSON 404s.
 */
export default fp<{ webRoot: string | undefined }>(async (app, { webRoot }) => {
  const hasWebApp = webRoot !== undefined && existsSync(`${webRoot}/index.html`);
  if (webRoot !== undefined && !hasWebApp) {
    app.log.warn(
      { webRoot },
      '未找到前端构建产物 (web app not built): run `pnpm build`; serving the API only',
    );
  }
  if (hasWebApp) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: 'index.html' });
  }
  app.setNotFoundHandler((request, reply) => {
    if (hasWebApp && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({
      statusCode: 404,
      error: 'Not Found',
      message: `接口不存在: ${request.method} ${request.url.split('?')[0]}`,
    });
  });
});
