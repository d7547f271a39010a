/**
 * 导入台账 (Excel): `POST /api/imports` (multipart, field `file`) answers a stored preview;
 * `GET /api/imports` lists recent imports; `GET /api/imports/:id` pages through a preview's rows;
 * `POST /api/imports/:id/commit` applies it in the background, all or nothing. The coordination
 * group's work: `import:item:any`. Rules: services/imports/, docs/imports.md.
 */
import { IMPORT_MAX_BYTES, importList, importRowsQuery, importView } from '@ledger/domain/imports';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { HttpError } from '../../../lib/http-errors';
import { actorOf } from '../../../plugins/app/auth';
import { ImportCommits, type ImportCommitSettings } from '../../../services/imports/commit';
import { FIRST_PAGE, previewImport } from '../../../services/imports/preview';
import { listImports, loadImportView } from '../../../services/imports/views';
import type { EvidenceStorage } from '../../../services/storage';

export interface ImportRouteOptions {
  /** where uploaded workbooks are kept (content-addressed, beside the evidence files) */
  storage: EvidenceStorage;
  /** heartbeat and stale limit of commits (JOB_HEARTBEAT_SECONDS, JOB_STALE_AFTER_SECONDS) */
  commits?: ImportCommitSettings;
}

const params = z.object({ id: z.uuid({ error: '导入记录编号无效' }) });

/**
 * Uploads and commits per user: each upload is parsed in full and each commit writes many items,
 * so a script (or a stuck button) must not be able to queue them without bound.
 */
export const IMPORT_RATE_LIMIT = { max: 60, timeWindow: 10 * 60_000 } as const;
const importRateLimit = {
  ...IMPORT_RATE_LIMIT,
  keyGenerator: (request: FastifyRequest) => `import|${request.session?.user.id ?? request.ip}`,
};
const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();

const imports: FastifyPluginAsyncZod<ImportRouteOptions> = async (app, { storage, commits: settings }) => {
  const prisma = app.db.prisma;
  const commits = new ImportCommits(settings);
  const permission = app.requirePermission('import:item:any');

  // A commit whose process died is over: say so before anyone asks.
  app.addHook('onReady', () => commits.sweepInterrupted(prisma, app.db.singleConnection, app.log));
  app.addHook('onClose', () => commits.drain());

  app.post(
    '/api/imports',
    {
      onRequest: permission,
      config: { rateLimit: importRateLimit },
      schema: {
        summary: '上传工作簿，预览导入',
        description: `multipart/form-data: file（.xlsx，不超过 ${IMPORT_MAX_BYTES} 字节）。答复预览：新增、更新、无变化的行与每个问题；台账不变。`,
        tags: ['imports'],
        response: { 201: importView, 400: error, 403: error, 413: error, 415: error },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new HttpError(415, '请以 multipart/form-data 上传 Excel 工作簿');
      const view = await previewImport(
        { prisma, storage, actor: actorOf(request), ip: request.ip },
        request.parts({ limits: { fileSize: IMPORT_MAX_BYTES } }),
      );
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/api/imports',
    {
      onRequest: permission,
      schema: {
        summary: '最近的导入',
        tags: ['imports'],
        response: { 200: importList, 403: error },
      },
    },
    async () => listImports(prisma),
  );

  app.get(
    '/api/imports/:id',
    {
      onRequest: permission,
      schema: {
        summary: '导入预览与进度',
        description: 'show=all|changes|problems 选择要看的行；导入中时 progress 显示已处理行数。',
        tags: ['imports'],
        params,
        querystring: importRowsQuery,
        response: { 200: importView, 400: error, 403: error, 404: error },
      },
    },
    async (request) => loadImportView(prisma, request.params.id, request.query),
  );

  app.post(
    '/api/imports/:id/commit',
    {
      onRequest: permission,
      config: { rateLimit: importRateLimit },
      schema: {
        summary: '确认导入',
        description:
          '仅“待确认”的预览可导入；立即答复 202，在后台以一个事务写入全部行（全部成功或全部不写）。预览后被修改过的事项使整个导入失败。',
        tags: ['imports'],
        params,
        response: { 202: importView, 403: error, 404: error, 409: error },
      },
    },
    async (request, reply) => {
      const view = await commits.start(
        {
          prisma,
          actor: actorOf(request),
          ip: request.ip,
          singleConnection: app.db.singleConnection,
          log: request.log,
        },
        request.params.id,
        () => loadImportView(prisma, request.params.id, FIRST_PAGE),
      );
      return reply.code(202).send(view);
    },
  );
};

export default imports;
