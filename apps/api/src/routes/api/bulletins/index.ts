/**
 * 通报: `POST /api/bulletins` (generate for a period, the coordination group), `GET /api/bulletins`
 * (earlier ones, newest first), `GET /api/bulletins/:id` (with its figures) and
 * `GET /api/bulletins/:id/pdf|xlsx` (the stored file, byte for byte, audited). Rules, snapshot
 * and storage: services/bulletins.ts.
 */
import {
  bulletinDetail,
  bulletinList,
  bulletinView,
  generateBulletinInput,
  listBulletinsQuery,
} from '@ledger/domain/bulletins';
import { hasPermission, type Permission } from '@ledger/domain/permissions';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

import { sendStoredFile } from '../../../lib/download';
import { forbidden } from '../../../lib/http-errors';
import { actorOf, sessionOf } from '../../../plugins/app/auth';
import {
  generateBulletin,
  listBulletins,
  loadBulletin,
  openBulletinFile,
  type BulletinFormat,
} from '../../../services/bulletins';
import type { EvidenceStorage } from '../../../services/storage';

export interface BulletinRouteOptions {
  /** where the bulletin files are kept: the content-addressed evidence storage */
  storage: EvidenceStorage;
}

const params = z.object({ id: z.uuid({ error: '通报编号无效' }) });
const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();

/** Whoever may generate bulletins may read them too, though the table lists both for the coordinator. */
const READS_BULLETINS = ['read:bulletin:any', 'generate:bulletin:any'] as const satisfies Permission[];

async function requireBulletinReader(request: FastifyRequest) {
  const { user } = sessionOf(request);
  if (!READS_BULLETINS.some((permission) => hasPermission(user.role, permission))) {
    throw forbidden('缺少权限: read:bulletin:any', { missingPermission: 'read:bulletin:any' });
  }
}

const bulletins: FastifyPluginAsyncZod<BulletinRouteOptions> = async (app, { storage }) => {
  const prisma = app.db.prisma;

  app.post(
    '/api/bulletins',
    {
      onRequest: app.requirePermission('generate:bulletin:any'),
      schema: {
        summary: '生成通报',
        description:
          '周报、月报取 periodStart 所在的周（周一至周日）或月，未填则取今天之前最近一个完整的周或月；自定义周期须填写起止日期，且不晚于今天。数据一次取数，PDF 与 Excel 由同一份数据生成并存档。',
        tags: ['bulletins'],
        body: generateBulletinInput,
        response: { 201: bulletinView, 400: error, 403: error },
      },
    },
    async (request, reply) => {
      const view = await generateBulletin(
        { prisma, storage, actor: actorOf(request), ip: request.ip, today: app.ledgerToday() },
        request.body,
      );
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/api/bulletins',
    {
      onRequest: requireBulletinReader,
      schema: {
        summary: '通报列表',
        tags: ['bulletins'],
        querystring: listBulletinsQuery,
        response: { 200: bulletinList, 400: error, 403: error },
      },
    },
    async (request) => listBulletins(prisma, request.query),
  );

  app.get(
    '/api/bulletins/:id',
    {
      onRequest: requireBulletinReader,
      schema: {
        summary: '通报详情（含生成时的全部数据）',
        tags: ['bulletins'],
        params,
        response: { 200: bulletinDetail, 400: error, 403: error, 404: error },
      },
    },
    async (request) => loadBulletin(prisma, request.params.id),
  );

  for (const format of ['pdf', 'xlsx'] as const satisfies BulletinFormat[]) {
    app.get(
      `/api/bulletins/:id/${format}`,
      {
        onRequest: requireBulletinReader,
        schema: {
          summary: format === 'pdf' ? '下载通报 PDF' : '下载通报 Excel',
          tags: ['bulletins'],
          params,
          response: {
            // A stream is sent as it is, never serialised: the schema only documents the answer.
            200: z.unknown().describe('生成时存档的文件，逐字节原样返回'),
            400: error,
            403: error,
            404: error,
          },
        },
      },
      async (request, reply) => {
        const file = await openBulletinFile(
          { prisma, storage, actor: actorOf(request), ip: request.ip },
          request.params.id,
          format,
        );
        return sendStoredFile(reply, file);
      },
    );
  }
};

export default bulletins;
