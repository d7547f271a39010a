/**
 * 待办 (GET /api/todo): what waits for the caller, in groups along the closure path. Which
 * groups a user has follows from the permissions of the actions they wait for; which items are
 * in a group follows from the state machine (an item is listed only where `decideAction` would
 * let the caller take one of the group's actions now).
 */
import { z } from 'zod';

import { itemSummary } from './items';
import {
  supervisionAction,
  supervisionNoticeView,
  type NoticeStatus,
  type SupervisionAction,
} from './supervision';
import { vocabulary } from './vocabulary';
import { workflowAction, type WorkflowAction } from './workflow';

/** The groups, in the order of the path. */
export const todoGroup = vocabulary({
  'to-start': '待开始整改',
  'to-rework': '被退回、验收未通过或反弹，待重新整改',
  'to-sign': '待签字的销号申请',
  'to-verify': '待验收',
  'to-start-notice': '验收通过，待启动公示',
  'notice-to-handle': '公示期满或有异议待处理',
  'to-sign-off': '待审签',
  'extensions-to-decide': '待审批的延期申请',
});
export type TodoGroupKey = (typeof todoGroup.codes)[number];

/** The actions each group waits for: an item is in the group when the caller may take one. */
export const todoGroupActions: Record<TodoGroupKey, readonly WorkflowAction[]> = {
  'to-start': ['start'],
  'to-rework': ['request_closure'],
  'to-sign': ['sign', 'return_request'],
  'to-verify': ['verify'],
  'to-start-notice': ['start_notice'],
  'notice-to-handle': ['close_notice', 'dismiss_objection'],
  'to-sign-off': ['sign_off'],
  'extensions-to-decide': ['approve_extension', 'refuse_extension'],
};

/**
 * 督办 groups: supervision notices waiting for the caller. A notice is in a group when its
 * effective status is one of the group's and the notice lifecycle (supervision.ts) lets the caller
 * take one of the group's steps on it now.
 */
export const supervisionTodoGroup = vocabulary({
  'supervision-to-respond': '待反馈的督办',
  'supervision-to-review': '已反馈、待审核的督办',
  'supervision-to-escalate': '逾期未反馈、可升级的督办',
});
export type SupervisionTodoGroupKey = (typeof supervisionTodoGroup.codes)[number];

export const supervisionTodoGroupRules: Record<
  SupervisionTodoGroupKey,
  { statuses: readonly NoticeStatus[]; actions: readonly SupervisionAction[] }
> = {
  'supervision-to-respond': { statuses: ['ISSUED', 'OVERDUE'], actions: ['respond'] },
  'supervision-to-review': { statuses: ['RESPONDED'], actions: ['close', 'escalate'] },
  'supervision-to-escalate': { statuses: ['OVERDUE'], actions: ['escalate'] },
};

/** Items listed per group at most; `total` counts them all (up to TODO_TOTAL_CAP). */
export const TODO_GROUP_LIMIT = 100;

/**
 * Past this many waiting items a group's count stops (`totalCapped`) and reads 「500+」: each
 * candidate is judged by the state machine in the API, and judging tens of thousands of them on
 * every visit (a generated ledger of a million items has 23,000 awaiting verification) kept the
 * server busy for seconds. A real district's groups hold dozens; the daily digest counts them all.
 */
export const TODO_TOTAL_CAP = 500;

export const todoList = z.object({
  /** every group the caller's permissions make them responsible for, empty ones included */
  groups: z.array(
    z.object({
      key: todoGroup.schema,
      label: z.string(),
      actions: z.array(workflowAction.schema),
      /** how many items wait in this group, at most TODO_TOTAL_CAP; `items` holds the first TODO_GROUP_LIMIT by deadline */
      total: z.number(),
      /** true when more than TODO_TOTAL_CAP wait (then `total` is the cap) */
      totalCapped: z.boolean(),
      items: z.array(itemSummary),
    }),
  ),
  /** the supervision groups the caller's permissions make them responsible for, empty ones included */
  supervision: z.array(
    z.object({
      key: supervisionTodoGroup.schema,
      label: z.string(),
      actions: z.array(supervisionAction.schema),
      /** how many notices wait; `notices` holds the first TODO_GROUP_LIMIT by response date */
      total: z.number(),
      notices: z.array(supervisionNoticeView),
    }),
  ),
});
export type TodoList = z.infer<typeof todoList>;
