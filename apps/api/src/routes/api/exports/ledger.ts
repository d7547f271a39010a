/**
 * `GET /api/exports/ledger.xlsx?<the ledger list's filters>`: the ledger workbook (台账 Excel) of
 * every item the filters find, within what the caller may export — streamed as it is read, and
 * audited before the first byte. Layout and values: docs/ledger-workbook.md; reading and writing:
 * services/ledger-export.ts.
 */
import { listItemsQuery } from '@ledger/domain/items';
import { exportScope } from '@ledger/domain/permissions';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { sendFile } from '../../../lib/download';
import { forbidden } from '../../../lib/http-errors';
import { actorOf } from '../../../plugins/app/auth';
import { LEDGER_XLSX_MEDIA_TYPE, startLedgerExport } from '../../../services/ledger-export';

const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();

/** How far the caller's export reaches; 403 when nowhere. */
function exportScopeOf(request: FastifyRequest) {
  const scope = exportScope(actorOf(request));
  if (scope.kind === 'none') {
    throw forbidden('缺少权限: export:item:own-unit', { missingPermission: 'export:item:own-unit' });
  }
  return scope;
}

/** Checked before the filters: without an export scope, no filter makes a difference. */
async function requireExporter(request: FastifyRequest) {
  exportScopeOf(request);
}

const ledgerExportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/exports/ledger.xlsx',
    {
      onRequest: requireExporter,
      schema: {
        summary: '导出台账（Excel）',
        description:
          '参数与台账列表（GET /api/items）相同，按列表的排序导出筛选到的全部事项：整改任务、信访件各一张工作表。' +
          'page、pageSize 不起作用。本单位权限（export:item:own-unit）只导出本单位牵头或配合的事项。每次导出记入审计日志。',
        tags: ['exports'],
        querystring: listItemsQuery,
        response: {
          // A stream is sent as it is, never serialised: the schema only documents the answer.
          200: z.unknown().describe('台账工作簿（.xlsx），边读边写'),
          400: error,
          403: error,
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const scope = exportScopeOf(request);
      const started = await startLedgerExport(app.db, {
        query: request.query,
        scope,
        today: app.ledgerToday(),
        actor,
        ip: request.ip,
      });
      // A client that goes away stops the reading: nobody would take the rest.
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) started.stream.destroy();
      });
      started.finished.then(
        ({ outcome, peakRssKib }) =>
          request.log.info(
            { outcome, tasks: started.tasks, petitions: started.petitions, exportPeakRssKib: peakRssKib },
            'ledger export ended',
          ),
        (failure: unknown) =>
          request.log.error({ err: failure }, 'ledger export failed after the download had started'),
      );
      return sendFile(reply, {
        content: started.stream,
        fileName: started.fileName,
        mediaType: LEDGER_XLSX_MEDIA_TYPE,
      });
    },
  );
};

export default ledgerExportRoutes;
