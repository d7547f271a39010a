/**
 * 佐证材料: `POST /api/items/:id/evidence` (multipart/form-data: one `file`, `provesDate`,
 * optional `description` and `progressEntryId`) and `GET /api/items/:id/evidence/:evidenceId`,
 * which streams the file back under its original name. Rules and storage: services/evidence.ts.
 */
import { evidencePublicationInput } from '@ledger/domain/items';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { sendStoredFile } from '../../../lib/download';
import { HttpError } from '../../../lib/http-errors';
import { actorOf } from '../../../plugins/app/auth';
import {
  ACCEPTED_TYPES_LABEL,
  evidenceFileView,
  openEvidence,
  setEvidencePublication,
  uploadEvidence,
} from '../../../services/evidence';
import type { EvidenceStorage } from '../../../services/storage';

export interface EvidenceRouteOptions {
  storage: EvidenceStorage;
  /** the largest file accepted, in bytes */
  maxBytes: number;
}

const params = z.object({ id: z.uuid({ error: '事项编号无效' }) });
const fileParams = params.extend({ evidenceId: z.uuid({ error: '佐证材料编号无效' }) });
const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();

const evidence: FastifyPluginAsyncZod<EvidenceRouteOptions> = async (app, { storage, maxBytes }) => {
  const context = (request: Parameters<typeof actorOf>[0]) => ({
    prisma: app.db.prisma,
    storage,
    actor: actorOf(request),
    ip: request.ip,
    today: () => app.ledgerToday(),
  });

  app.post(
    '/api/items/:id/evidence',
    {
      onRequest: app.requirePermission('upload:evidence:own-unit'),
      schema: {
        summary: '上传佐证材料',
        description: `multipart/form-data: file (${ACCEPTED_TYPES_LABEL}, 每个文件不超过 ${maxBytes} 字节), provesDate (YYYY-MM-DD, 证明日期), description?, progressEntryId?`,
        tags: ['items'],
        params,
        response: {
          201: evidenceFileView,
          400: error,
          403: error,
          404: error,
          409: error,
          413: error,
          415: error,
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new HttpError(415, '请以 multipart/form-data 上传文件');
      }
      const view = await uploadEvidence(
        { ...context(request), maxBytes },
        request.params.id,
        request.parts({ limits: { fileSize: maxBytes } }),
      );
      return reply.code(201).send(view);
    },
  );

  app.patch(
    '/api/items/:id/evidence/:evidenceId',
    {
      schema: {
        summary: '设置佐证材料是否公开',
        description: '公开的材料显示在公开信息页（事项也须公开）；已销号事项的记录不再更改。',
        tags: ['items'],
        params: fileParams,
        body: evidencePublicationInput,
        response: { 200: evidenceFileView, 400: error, 403: error, 404: error, 409: error },
      },
    },
    async (request) =>
      setEvidencePublication(
        context(request),
        request.params.id,
        request.params.evidenceId,
        request.body.isPublic,
      ),
  );

  app.get(
    '/api/items/:id/evidence/:evidenceId',
    {
      schema: {
        summary: '下载佐证材料',
        tags: ['items'],
        params: fileParams,
        response: {
          // A stream is sent as it is, never serialised: the schema only documents the answer.
          200: z.unknown().describe('文件内容 (Content-Type 为文件类型, Content-Disposition 带原文件名)'),
          403: error,
          404: error,
        },
      },
    },
    async (request, reply) => {
      const file = await openEvidence(context(request), request.params.id, request.params.evidenceId);
      return sendStoredFile(reply, file);
    },
  );
};

export default evidence;
