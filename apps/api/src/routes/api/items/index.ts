/**
 * The ledger (台账): list with filters, one item's full record, registration, edits with
 * optimistic locking, bulk reassignment. Schemas come from packages/domain/src/items.ts;
 * permissions from packages/domain/src/permissions.ts. Progress and evidence have their own
 * route files beside this one.
 */
import {
  bulkUpdateInput,
  createItemInput,
  itemDetail,
  itemList,
  listItemsQuery,
  updateItemInput,
} from '@ledger/domain/items';
import { readScope } from '@ledger/domain/permissions';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { conflict, forbidden, notFound } from '../../../lib/http-errors';
import { actorOf } from '../../../plugins/app/auth';
import { authorizeItem, authorizeLoadedItem } from '../../../services/item-access';
import { loadItemDetail, loadSummaries } from '../../../services/items';
import { bulkUpdateItems, createItem, StaleVersionError, updateItem } from '../../../services/items-changes';
import { findLedgerPage } from '../../../services/ledger';

const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();
const itemParams = z.object({ id: z.uuid({ error: '事项编号无效' }) });

const items: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;

  /** The record after a change, as the caller sees it. */
  async function detailFor(request: Parameters<typeof actorOf>[0], itemId: string) {
    const detail = await loadItemDetail(prisma, actorOf(request), itemId, app.ledgerToday());
    if (!detail) throw notFound('事项不存在');
    return detail;
  }

  app.get(
    '/api/items',
    {
      schema: {
        summary: '台账列表',
        tags: ['items'],
        querystring: listItemsQuery,
        response: { 200: itemList, 400: error, 403: error },
      },
    },
    async (request) => {
      const scope = readScope(actorOf(request));
      if (scope.kind === 'none') {
        throw forbidden('缺少权限: read:item:own-unit', { missingPermission: 'read:item:own-unit' });
      }
      const today = app.ledgerToday();
      const { ids, total, totalCapped } = await findLedgerPage(prisma, request.query, scope, today);
      return {
        items: await loadSummaries(prisma, ids, today),
        total,
        totalCapped,
        page: request.query.page,
        pageSize: request.query.pageSize,
      };
    },
  );

  app.post(
    '/api/items',
    {
      preHandler: app.requirePermission('create:item:any'),
      schema: {
        summary: '新增台账事项（挂账）',
        tags: ['items'],
        body: createItemInput,
        response: { 201: itemDetail, 400: error, 403: error, 409: error },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const itemId = await createItem(prisma, request.body, {
        actor: { id: actor.id, name: actor.name },
        ip: request.ip,
      });
      return reply.code(201).send(await detailFor(request, itemId));
    },
  );

  app.post(
    '/api/items/bulk',
    {
      preHandler: app.requirePermission('bulk-update:item:any'),
      schema: {
        summary: '批量调整牵头单位或整改时限',
        tags: ['items'],
        body: bulkUpdateInput,
        response: { 200: z.object({ updated: z.number() }), 400: error, 403: error },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return bulkUpdateItems(prisma, request.body, {
        actor: { id: actor.id, name: actor.name },
        ip: request.ip,
      });
    },
  );

  app.get(
    '/api/items/:id',
    {
      schema: {
        summary: '台账事项详情',
        tags: ['items'],
        params: itemParams,
        response: { 200: itemDetail, 403: error, 404: error },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      // The record names its own scope: checking it first would load that scope in two more queries.
      const detail = await loadItemDetail(prisma, actor, request.params.id, app.ledgerToday());
      const scope = detail && {
        leadUnitId: detail.leadUnit.id,
        cooperatingUnitIds: detail.cooperatingUnits.map((unit) => unit.id),
        status: detail.status,
      };
      authorizeLoadedItem(actor, scope, 'read');
      return detail!;
    },
  );

  app.patch(
    '/api/items/:id',
    {
      schema: {
        summary: '修改台账事项',
        description: '须带上读取时的 version；版本已变化时答 409 并附当前记录，不覆盖他人的修改。',
        tags: ['items'],
        params: itemParams,
        body: updateItemInput,
        response: { 200: itemDetail, 400: error, 403: error, 404: error, 409: error },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await authorizeItem(prisma, actor, request.params.id, 'update');
      try {
        await updateItem(prisma, request.params.id, request.body, {
          actor: { id: actor.id, name: actor.name },
          ip: request.ip,
        });
      } catch (caught) {
        if (!(caught instanceof StaleVersionError)) throw caught;
        throw conflict('该事项已被他人修改，请在当前记录的基础上重新修改', {
          current: await detailFor(request, request.params.id),
        });
      }
      return detailFor(request, request.params.id);
    },
  );
};

export default items;
