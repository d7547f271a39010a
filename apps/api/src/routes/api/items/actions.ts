/**
 * 销号流程: `POST /api/items/:id/actions/:action`, one route per action of the state machine
 * (packages/domain/src/workflow.ts), each with its own body schema from workflow-inputs.ts, so
 * that the OpenAPI document describes every form. The answer is the item as the caller now sees
 * it, with the actions that are open to them next.
 *
 * Who may act is decided by `decideAction` alone, in the service, after the body is validated:
 * its order of answers (404 for an item out of sight before 403) is the one the permission
 * matrix checks, and a role-level check before validation would answer differently.
 */
import { itemDetail } from '@ledger/domain/items';
import { workflowAction, workflowRules, type WorkflowAction } from '@ledger/domain/workflow';
import { actionInputs } from '@ledger/domain/workflow-inputs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { conflict, notFound } from '../../../lib/http-errors';
import { actorOf } from '../../../plugins/app/auth';
import { StaleVersionError } from '../../../services/items-changes';
import { loadItemDetail } from '../../../services/items';
import { notAfterToday } from '../../../services/progress';
import { performWorkflowAction } from '../../../services/workflow';

export interface WorkflowRouteOptions {
  /** 公示 length in working days when the coordinator names none (NOTICE_WORKING_DAYS) */
  noticeWorkingDays: number;
}

const params = z.object({ id: z.uuid({ error: '事项编号无效' }) });
const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();

const actions: FastifyPluginAsyncZod<WorkflowRouteOptions> = async (app, { noticeWorkingDays }) => {
  const prisma = app.db.prisma;
  const today = () => app.ledgerToday();

  /** The action's input; dates of what was done (verified, inspected) cannot lie ahead. */
  function bodyOf(action: WorkflowAction) {
    if (action === 'verify') {
      return actionInputs.verify.safeExtend({
        verifiedOn: notAfterToday(actionInputs.verify.shape.verifiedOn, '验收日期', today),
      });
    }
    if (action === 'record_lookback') {
      return actionInputs.record_lookback.safeExtend({
        inspectedOn: notAfterToday(actionInputs.record_lookback.shape.inspectedOn, '检查日期', today),
      });
    }
    return actionInputs[action];
  }

  for (const action of workflowAction.codes) {
    const rule = workflowRules[action];
    app.post(
      `/api/items/:id/actions/${action}`,
      {
        schema: {
          summary: `流程操作：${workflowAction.label(action)}`,
          description:
            `需要权限 ${rule.permission}。须带上读取时的 version；他人已先处理时答 409 并附当前记录。` +
            '答复为操作后的事项详情（allowedActions 列出接下来可做的操作）。',
          tags: ['workflow'],
          params,
          body: bodyOf(action),
          response: { 200: itemDetail, 400: error, 403: error, 404: error, 409: error },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const context = { ip: request.ip, today: app.ledgerToday(), noticeWorkingDays };
        try {
          await performWorkflowAction(prisma, actor, request.params.id, action, request.body, context);
        } catch (caught) {
          if (!(caught instanceof StaleVersionError)) throw caught;
          throw conflict('该事项已有新的变化（可能他人刚刚处理过），请在当前记录的基础上重新操作', {
            current: await loadItemDetail(prisma, actor, request.params.id, context.today),
          });
        }
        const detail = await loadItemDetail(prisma, actor, request.params.id, context.today);
        if (!detail) throw notFound('事项不存在');
        return detail;
      },
    );
  }

  // The static routes above win over this one: it only answers actions the state machine lacks.
  app.post(
    '/api/items/:id/actions/:action',
    {
      schema: {
        summary: '未知的流程操作',
        tags: ['workflow'],
        params: params.extend({ action: z.string() }),
        response: { 404: error },
      },
    },
    async (request) => {
      throw notFound(
        `没有名为“${request.params.action}”的流程操作；可用的操作：${workflowAction.codes.join('、')}`,
      );
    },
  );
};

export default actions;
