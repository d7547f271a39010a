/**
 * An item's files for the record: `GET /api/items/:id/closure-report.pdf` (销号报告) and
 * `GET /api/items/:id/case-file.zip` (案卷, 一案一档). Who may: decideItemExport
 * (packages/domain/src/permissions.ts). Contents and audit: services/case-file.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { sendFile } from '../../../lib/download';
import { actorOf } from '../../../plugins/app/auth';
import { exportCaseFile, exportClosureReport } from '../../../services/case-file';
import type { EvidenceStorage } from '../../../services/storage';

export interface CaseFileRouteOptions {
  /** where the evidence files are kept */
  storage: EvidenceStorage;
}

const params = z.object({ id: z.uuid({ error: '事项编号无效' }) });
const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();

const caseFile: FastifyPluginAsyncZod<CaseFileRouteOptions> = async (app, { storage }) => {
  const context = (request: Parameters<typeof actorOf>[0]) => ({
    prisma: app.db.prisma,
    storage,
    actor: actorOf(request),
    ip: request.ip,
    today: app.ledgerToday(),
  });

  app.get(
    '/api/items/:id/closure-report.pdf',
    {
      schema: {
        summary: '下载销号报告（PDF）',
        description:
          '事项的台账字段、整改报告、单位主要负责人签字、验收、公示及异议、区领导审签、佐证材料（SHA-256、证明日期）、办理过程和最后一条审计记录的哈希。未销号的事项同样可以导出，报告注明尚未销号。',
        tags: ['exports'],
        params,
        response: {
          // A file is sent as it is, never serialised: the schema only documents the answer.
          200: z.unknown().describe('PDF 文件'),
          400: error,
          403: error,
          404: error,
        },
      },
    },
    async (request, reply) => {
      const { pdf, fileName } = await exportClosureReport(context(request), request.params.id);
      return sendFile(reply, { content: pdf, fileName, mediaType: 'application/pdf' });
    },
  );

  app.get(
    '/api/items/:id/case-file.zip',
    {
      schema: {
        summary: '下载案卷（ZIP，一案一档）',
        description:
          '销号报告 PDF、全部佐证材料（佐证材料/ 目录，原文件名）、事项的审计记录（审计记录.csv）、清单.csv 和 SHA256SUMS（可用 sha256sum -c SHA256SUMS 校验）。',
        tags: ['exports'],
        params,
        response: {
          200: z.unknown().describe('ZIP 文件（流式发送）'),
          400: error,
          403: error,
          404: error,
        },
      },
    },
    async (request, reply) => {
      const { stream, fileName } = await exportCaseFile(context(request), request.params.id);
      return sendFile(reply, { content: stream, fileName, mediaType: 'application/zip' });
    },
  );
};

export default caseFile;
