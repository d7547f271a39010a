/**
 * 公开信息: the disclosure pages' API, reachable without a session (`config: { public: true }`).
 * Reads: progress summary, the published rectification tasks, the petition cases as the official
 * public table shows them, the closures in public notice and their public files. One write: an
 * objection to a closure in notice, rate-limited per address. Rules: services/public.ts; the
 * contract: packages/domain/src/public.ts.
 */
import {
  evidenceParams,
  noticeParams,
  objectionInput,
  objectionReceipt,
  publicNoticeList,
  publicPetitionList,
  publicPetitionsQuery,
  publicSummary,
  publicTaskList,
  publicTasksQuery,
} from '@ledger/domain/public';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { sendStoredFile } from '../../../lib/download';
import {
  fileObjection,
  listPublicNotices,
  listPublicPetitions,
  listPublicTasks,
  openPublicEvidence,
  publicSummary as loadSummary,
} from '../../../services/public';
import type { EvidenceStorage } from '../../../services/storage';

export interface PublicRouteOptions {
  storage: EvidenceStorage;
}

/**
 * Objections per address: enough for a person who mistyped and sends again, too few for a
 * script to bury the coordinator. Validation failures count too (the limit runs first).
 */
const OBJECTION_RATE_LIMIT = { max: 5, timeWindow: 10 * 60 * 1000 };

const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();
const tags = ['public'];

/** Photos open in the browser (a phone shows them); everything else downloads. */
const shownInline = new Set(['image/jpeg', 'image/png', 'image/webp']);

const publicRoutes: FastifyPluginAsyncZod<PublicRouteOptions> = async (app, { storage }) => {
  const prisma = app.db.prisma;
  const config = { public: true };

  app.get(
    '/api/public/summary',
    {
      config,
      schema: { summary: '公开: 整改进展统计', tags, response: { 200: publicSummary } },
    },
    async () => loadSummary(prisma, app.ledgerToday()),
  );

  app.get(
    '/api/public/tasks',
    {
      config,
      schema: {
        summary: '公开: 整改任务清单',
        tags,
        querystring: publicTasksQuery,
        response: { 200: publicTaskList, 400: error },
      },
    },
    async (request) => listPublicTasks(prisma, request.query),
  );

  app.get(
    '/api/public/petitions',
    {
      config,
      schema: {
        summary: '公开: 信访件办理情况一览表',
        tags,
        querystring: publicPetitionsQuery,
        response: { 200: publicPetitionList, 400: error },
      },
    },
    async (request) => listPublicPetitions(prisma, request.query),
  );

  app.get(
    '/api/public/notices',
    {
      config,
      schema: { summary: '公开: 销号公示', tags, response: { 200: publicNoticeList } },
    },
    async () => ({ notices: await listPublicNotices(prisma, app.ledgerToday()) }),
  );

  app.get(
    '/api/public/evidence/:id',
    {
      config,
      schema: {
        summary: '公开: 下载公开的佐证材料',
        tags,
        params: evidenceParams,
        response: {
          // A stream is sent as it is, never serialised: the schema only documents the answer.
          200: z.unknown().describe('文件内容'),
          400: error,
          404: error,
        },
      },
    },
    async (request, reply) => {
      const file = await openPublicEvidence(prisma, storage, request.params.id);
      return sendStoredFile(reply, file, {
        inline: shownInline.has(file.mediaType),
        // Short: a file may be withdrawn from publication.
        cacheControl: 'public, max-age=300',
      });
    },
  );

  app.post(
    '/api/public/notices/:noticeId/objections',
    {
      config: { ...config, rateLimit: OBJECTION_RATE_LIMIT },
      schema: {
        summary: '公开: 对销号公示提出异议',
        description: `content 必填 (不超过 1000 字); contact 选填 (不超过 100 字, 仅供核实, 不公开)。同一地址 ${OBJECTION_RATE_LIMIT.timeWindow / 60_000} 分钟内最多提交 ${OBJECTION_RATE_LIMIT.max} 次。`,
        tags,
        params: noticeParams,
        body: objectionInput,
        response: { 201: objectionReceipt, 400: error, 404: error, 409: error, 429: error },
      },
    },
    async (request, reply) => {
      const receipt = await fileObjection(
        { prisma, ip: request.ip, today: app.ledgerToday() },
        request.params.noticeId,
        request.body,
      );
      return reply.code(201).send(receipt);
    },
  );
};

export default publicRoutes;
