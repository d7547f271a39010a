/**
 * What each workflow action takes (POST /api/items/:id/actions/:action): the API validates the
 * body with these schemas and the web app's action forms with the same ones. Every input names
 * the `version` the client read, so that two people acting at once cannot both win.
 */
import { z } from 'zod';

import { isoDate, optionalText, text, uuid } from './items';
import { lookBackResult, signOffDecision, verificationResult } from './vocabulary';
import type { WorkflowAction } from './workflow';

const version = z.number({ error: '缺少版本号 version' }).int().min(1);
const base = z.object({ version });

/** The text a unit head signs unless they write their own (谁签字，谁负责). */
export const DEFAULT_SIGN_STATEMENT =
  '本单位已按整改要求完成整改，经自查符合销号标准，情况属实，申请销号。本人对以上内容负责。';

/** Public notice length in working days, when the coordinator does not name one. */
export const DEFAULT_NOTICE_WORKING_DAYS = 5;

export const actionInputs = {
  start: base.strict(),
  request_closure: base
    .extend({
      report: text('整改报告', 20_000),
      evidenceIds: z
        .array(uuid('佐证材料'))
        .min(1, '销号申请须附至少一份佐证材料')
        .max(200, '佐证材料不能超过 200 份'),
    })
    .strict(),
  withdraw_closure: base.extend({ reason: text('撤回理由', 2_000) }).strict(),
  sign: base.extend({ statement: text('签字内容', 2_000) }).strict(),
  return_request: base.extend({ reason: text('退回理由', 2_000) }).strict(),
  verify: base
    .extend({
      result: verificationResult.schema,
      conclusion: text('验收意见', 5_000),
      onSite: z.boolean().default(false),
      verifiedOn: isoDate('验收日期'),
    })
    .strict(),
  start_notice: base
    .extend({
      // 0 lets a test or a special case move on at once; the district's rule is the default.
      workingDays: z
        .number()
        .int()
        .min(0, '公示天数不能为负数')
        .max(30, '公示期不能超过 30 个工作日')
        .optional(),
      url: z.url({ error: '公示链接须为网址' }).max(500).nullable().optional(),
    })
    .strict(),
  object: base
    .extend({
      /** an objection the public filed; without it, `content` records one received otherwise */
      objectionId: uuid('异议').optional(),
      content: optionalText('异议内容', 2_000),
      resolution: text('处理意见', 2_000),
    })
    .strict()
    .refine((value) => value.objectionId !== undefined || !!value.content, {
      message: '请选择公众提交的异议，或填写收到的异议内容',
      path: ['content'],
    }),
  dismiss_objection: base.extend({ objectionId: uuid('异议'), resolution: text('处理意见', 2_000) }).strict(),
  close_notice: base.strict(),
  sign_off: base.extend({ decision: signOffDecision.schema, statement: text('审签意见', 2_000) }).strict(),
  mark_phase_complete: base.extend({ conclusion: text('认定意见', 2_000) }).strict(),
  request_extension: base
    .extend({ newDeadline: isoDate('申请延期至'), reason: text('延期理由', 2_000) })
    .strict(),
  approve_extension: base.extend({ note: optionalText('审批意见', 2_000) }).strict(),
  refuse_extension: base.extend({ reason: text('不予批准的理由', 2_000) }).strict(),
  record_lookback: base
    .extend({
      result: lookBackResult.schema,
      findings: text('检查情况', 5_000),
      inspectedOn: isoDate('检查日期'),
    })
    .strict(),
} satisfies Record<WorkflowAction, z.ZodType>;

export type ActionInput<A extends WorkflowAction> = z.infer<(typeof actionInputs)[A]>;

/** The outcome a two-way action's input chooses (see workflowRules' outcomes). */
export function outcomeOf(action: WorkflowAction, input: Record<string, unknown>): string {
  if (action === 'verify' || action === 'record_lookback') return String(input.result);
  if (action === 'sign_off') return String(input.decision);
  return 'done';
}
