/**
 * 批量导出案卷: `POST /api/exports/case-files` queues a background job for the chosen items or
 * for every item the ledger filters find (202 with the job), `GET /api/exports/jobs` lists the
 * caller's jobs, `GET /api/exports/jobs/:id` shows one (polled for progress) and
 * `GET /api/exports/jobs/:id/download` hands out the finished ZIP. A job is its creator's alone:
 * anyone else gets 404. Rules: services/export-jobs.ts; the worker: plugins/app/job-worker.ts.
 */
import { caseFilesExportInput, exportJobList, exportJobView } from '@ledger/domain/exports';
import { canExportAny } from '@ledger/domain/permissions';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { sendStoredFile } from '../../../lib/download';
import { forbidden } from '../../../lib/http-errors';
import { actorOf } from '../../../plugins/app/auth';
import {
  CASE_FILES_JOB,
  caseFilesJobHandler,
  createCaseFilesJob,
  listExportJobs,
  loadExportJob,
  openExportJobFile,
} from '../../../services/export-jobs';
import type { EvidenceStorage } from '../../../services/storage';

export interface ExportJobRouteOptions {
  /** where the evidence is read from and the finished ZIPs are kept */
  storage: EvidenceStorage;
}

const params = z.object({ id: z.uuid({ error: '导出作业编号无效' }) });
const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();

/** Every route here needs one of the export permissions; which items, the service decides. */
async function requireExporter(request: FastifyRequest) {
  if (!canExportAny(actorOf(request))) {
    throw forbidden('缺少权限: export:item:own-unit', { missingPermission: 'export:item:own-unit' });
  }
}

const exportJobs: FastifyPluginAsyncZod<ExportJobRouteOptions> = async (app, { storage }) => {
  const prisma = app.db.prisma;
  app.jobs.handle(CASE_FILES_JOB, caseFilesJobHandler({ prisma, storage, today: () => app.ledgerToday() }));

  app.post(
    '/api/exports/case-files',
    {
      onRequest: requireExporter,
      schema: {
        summary: '批量导出案卷（后台生成 ZIP）',
        description:
          '请求体为 { itemIds: [...] }（所选事项）或 { filters: {...} }（与台账列表相同的筛选条件，在本人可查看的范围内）。' +
          '作业立即排队，返回 202；通过 GET /api/exports/jobs/:id 查看进度，完成后下载。',
        tags: ['exports'],
        body: caseFilesExportInput,
        response: { 202: exportJobView, 400: error, 403: error, 404: error },
      },
    },
    async (request, reply) => {
      const view = await createCaseFilesJob(
        { prisma, actor: actorOf(request), ip: request.ip, today: app.ledgerToday() },
        request.body,
      );
      app.jobs.wake();
      return reply.code(202).send(view);
    },
  );

  app.get(
    '/api/exports/jobs',
    {
      onRequest: requireExporter,
      schema: {
        summary: '我的导出作业（最新在前）',
        tags: ['exports'],
        response: { 200: exportJobList, 403: error },
      },
    },
    async (request) => listExportJobs(prisma, actorOf(request)),
  );

  app.get(
    '/api/exports/jobs/:id',
    {
      onRequest: requireExporter,
      schema: {
        summary: '导出作业进度',
        tags: ['exports'],
        params,
        response: { 200: exportJobView, 400: error, 403: error, 404: error },
      },
    },
    async (request) => loadExportJob(prisma, actorOf(request), request.params.id),
  );

  app.get(
    '/api/exports/jobs/:id/download',
    {
      onRequest: requireExporter,
      schema: {
        summary: '下载导出作业生成的 ZIP',
        tags: ['exports'],
        params,
        response: {
          200: z.unknown().describe('ZIP 文件'),
          400: error,
          403: error,
          404: error,
          409: error,
        },
      },
    },
    async (request, reply) => {
      const file = await openExportJobFile(
        { prisma, storage, actor: actorOf(request), ip: request.ip },
        request.params.id,
      );
      return sendStoredFile(reply, file);
    },
  );
};

export default exportJobs;
