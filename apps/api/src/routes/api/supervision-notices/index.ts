/**
 * 三色督办: the notices (list, one, the unit's response, escalation, closing), the batch issue on a
 * unit's overdue items and the suggestions it is chosen from. Issuing on one item is
 * `POST /api/items/:id/supervision-notices` (items/supervision.ts). Who may do what is decided by
 * the notice lifecycle (packages/domain/src/supervision.ts) in the service, after the input is
 * validated, so that every step answers 404 / 403 / 409 in the same order as the item workflow.
 */
import { toIsoDate } from '@ledger/domain/calendar';
import { supervisionAction, supervisionNoticeView } from '@ledger/domain/supervision';
import {
  batchIssueResult,
  closeNoticeInput,
  escalateNoticeInput,
  issueBatchInput,
  listNoticesQuery,
  noticeList,
  respondNoticeInput,
  suggestionsQuery,
  supervisionSuggestions,
} from '@ledger/domain/supervision-inputs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { actorOf } from '../../../plugins/app/auth';
import {
  closeNotice,
  escalateNotice,
  issueBatch,
  listNotices,
  loadNotice,
  loadNoticeViews,
  loadSuggestions,
  respondToNotice,
} from '../../../services/supervision';

const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();
const params = z.object({ id: z.uuid({ error: '督办编号无效' }) });

const supervisionNotices: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;
  const todayIso = () => toIsoDate(app.ledgerToday());
  const contextOf = (request: { ip: string }) => ({ ip: request.ip, today: app.ledgerToday() });

  app.get(
    '/api/supervision-notices',
    {
      schema: {
        summary: '督办列表',
        description:
          '按等级、状态、被督办单位、事项、是否逾期筛选。单位用户只看到督办本单位或涉及本单位事项的督办。' +
          '应反馈日期已过而未反馈的督办，即使尚未经每日检查标记，也按“逾期未反馈”列出。',
        tags: ['supervision'],
        querystring: listNoticesQuery,
        response: { 200: noticeList, 400: error, 403: error },
      },
    },
    async (request) => listNotices(prisma, actorOf(request), request.query, app.ledgerToday()),
  );

  app.get(
    '/api/supervision-notices/suggestions',
    {
      preHandler: app.requirePermission('issue:supervision:any'),
      schema: {
        summary: '督办建议',
        description:
          '已逾期、未销号且没有未办结督办的事项，按牵头单位分组（计数与当前页）。仅供协调小组确认后下发，系统不会自动下发。',
        tags: ['supervision'],
        querystring: suggestionsQuery,
        response: { 200: supervisionSuggestions, 400: error, 403: error },
      },
    },
    async (request) => loadSuggestions(prisma, request.query, app.ledgerToday()),
  );

  app.post(
    '/api/supervision-notices/batch',
    {
      preHandler: app.requirePermission('issue:supervision:any'),
      schema: {
        summary: '批量督办（一个单位的逾期事项）',
        description:
          '每个事项一份督办单，同属一个批次；全部成功或全部不下发。事项须为该单位牵头、已逾期、未销号且没有未办结督办的事项，否则答 400 并指明事项编号。',
        tags: ['supervision'],
        body: issueBatchInput(todayIso),
        response: { 201: batchIssueResult, 400: error, 403: error },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { batchId, noticeIds } = await issueBatch(prisma, actor, request.body, contextOf(request));
      const notices = await loadNoticeViews(prisma, actor, noticeIds, app.ledgerToday());
      return reply.code(201).send({ batchId, notices });
    },
  );

  app.get(
    '/api/supervision-notices/:id',
    {
      schema: {
        summary: '督办详情',
        tags: ['supervision'],
        params,
        response: { 200: supervisionNoticeView, 403: error, 404: error },
      },
    },
    async (request) => loadNotice(prisma, actorOf(request), request.params.id, app.ledgerToday()),
  );

  const stepResponse = { 200: supervisionNoticeView, 400: error, 403: error, 404: error, 409: error };

  app.post(
    '/api/supervision-notices/:id/respond',
    {
      schema: {
        summary: `督办操作：${supervisionAction.label('respond')}`,
        description:
          '需要权限 respond:supervision:lead-unit（被督办单位的经办人或负责人）。已下发或逾期未反馈时可反馈；逾期后的反馈仍标记为逾期。' +
          'evidenceIds 为本事项已上传的佐证材料（POST /api/items/:id/evidence）。',
        tags: ['supervision'],
        params,
        body: respondNoticeInput,
        response: stepResponse,
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await respondToNotice(prisma, actor, request.params.id, request.body, contextOf(request));
      return loadNotice(prisma, actor, request.params.id, app.ledgerToday());
    },
  );

  app.post(
    '/api/supervision-notices/:id/escalate',
    {
      schema: {
        summary: `督办操作：${supervisionAction.label('escalate')}`,
        description:
          '需要权限 issue:supervision:any。黄色督办逾期未反馈、或反馈后协调小组认为不足时，升级为红色挂牌督办：原督办变为“已升级”，答复为新的红色督办（201）。红色督办不能再升级（409）。',
        tags: ['supervision'],
        params,
        body: escalateNoticeInput(todayIso),
        response: { 201: supervisionNoticeView, 400: error, 403: error, 404: error, 409: error },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const redId = await escalateNotice(prisma, actor, request.params.id, request.body, contextOf(request));
      return reply.code(201).send(await loadNotice(prisma, actor, redId, app.ledgerToday()));
    },
  );

  app.post(
    '/api/supervision-notices/:id/close',
    {
      schema: {
        summary: `督办操作：${supervisionAction.label('close')}`,
        description: '需要权限 issue:supervision:any。认可单位的反馈，已反馈的督办办结。',
        tags: ['supervision'],
        params,
        body: closeNoticeInput,
        response: stepResponse,
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await closeNotice(prisma, actor, request.params.id, request.body, contextOf(request));
      return loadNotice(prisma, actor, request.params.id, app.ledgerToday());
    },
  );
};

export default supervisionNotices;
