/**
 * 三色督办: what a client may send (validated by the API at its edge and by the web forms before
 * sending) and the list answers. The lifecycle itself is supervision.ts.
 */
import { z } from 'zod';

import { isoDate, itemSummary, optionalText, text, uuid } from './items';
import { pageFields, pageQueryFields } from './paging';
import { supervisionNoticeView } from './supervision';
import { noticeLevel, supervisionStatus } from './vocabulary';

/**
 * The response date (要求反馈日期) of a new notice cannot lie in the past. `today` is a function
 * so that the API checks against its ledger date and the web form against the device's.
 */
export const responseDueOn = (today: () => string) =>
  isoDate('要求反馈日期').refine(
    // A malformed date has already been reported; one message per mistake is enough.
    (value) => !/^\d{4}-\d{2}-\d{2}$/.test(value) || value >= today(),
    '要求反馈日期不能早于今天',
  );

const reason = text('督办事由', 2_000);

/** POST /api/items/:id/supervision-notices — 下发督办 on one item. */
export const issueNoticeInput = (today: () => string) =>
  z.object({ level: noticeLevel.schema, reason, responseDueOn: responseDueOn(today) }).strict();
export type IssueNoticeInput = z.infer<ReturnType<typeof issueNoticeInput>>;

/** Items one batch may name at most: a unit's overdue items, chosen from the suggestions. */
export const MAX_BATCH_ITEMS = 200;

/** POST /api/supervision-notices/batch — one notice per chosen overdue item of one unit. */
export const issueBatchInput = (today: () => string) =>
  z
    .object({
      unitId: uuid('被督办单位'),
      itemIds: z
        .array(uuid('事项'))
        .min(1, '请至少选择一个事项')
        .max(MAX_BATCH_ITEMS, `一次最多督办 ${MAX_BATCH_ITEMS} 个事项`)
        .refine((ids) => new Set(ids).size === ids.length, '事项不能重复选择'),
      level: noticeLevel.schema,
      reason,
      responseDueOn: responseDueOn(today),
    })
    .strict();
export type IssueBatchInput = z.infer<ReturnType<typeof issueBatchInput>>;

/** POST /api/supervision-notices/:id/respond — the unit's answer, with evidence of the item. */
export const respondNoticeInput = z
  .object({
    responseText: text('反馈内容', 5_000),
    evidenceIds: z
      .array(uuid('佐证材料'))
      .max(50, '一次最多附 50 份佐证材料')
      .refine((ids) => new Set(ids).size === ids.length, '佐证材料不能重复选择')
      .default([]),
  })
  .strict();
export type RespondNoticeInput = z.infer<typeof respondNoticeInput>;

/** POST /api/supervision-notices/:id/escalate — a new red notice with its own reason and date. */
export const escalateNoticeInput = (today: () => string) =>
  z.object({ reason, responseDueOn: responseDueOn(today) }).strict();
export type EscalateNoticeInput = z.infer<ReturnType<typeof escalateNoticeInput>>;

/** POST /api/supervision-notices/:id/close — the coordinator accepts the response. */
export const closeNoticeInput = z.object({ note: optionalText('审核意见', 2_000) }).strict();
export type CloseNoticeInput = z.infer<typeof closeNoticeInput>;

const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** GET /api/supervision-notices */
export const listNoticesQuery = z
  .object({
    level: noticeLevel.schema.optional(),
    /** the effective status: OVERDUE includes ISSUED notices past their date */
    status: supervisionStatus.schema.optional(),
    unitId: uuid('被督办单位').optional(),
    itemId: uuid('事项').optional(),
    /** 逾期未反馈: waiting past the response date */
    overdue: booleanFlag.optional(),
    ...pageQueryFields(100),
  })
  .strict();
export type ListNoticesQuery = z.infer<typeof listNoticesQuery>;

export const noticeList = z.object({ notices: z.array(supervisionNoticeView), ...pageFields });
export type NoticeList = z.infer<typeof noticeList>;

export const batchIssueResult = z.object({
  batchId: z.string(),
  notices: z.array(supervisionNoticeView),
});
export type BatchIssueResult = z.infer<typeof batchIssueResult>;

/** GET /api/supervision-notices/suggestions */
export const suggestionsQuery = z
  .object({
    /** one unit's suggestions only (to page through them) */
    unitId: uuid('牵头单位').optional(),
    ...pageQueryFields(100),
  })
  .strict();
export type SuggestionsQuery = z.infer<typeof suggestionsQuery>;

/**
 * 督办建议: overdue open items with no notice waiting, by lead unit. Each group counts them all and
 * lists the page asked for, most overdue first. Nothing is sent until a person issues a notice.
 */
export const supervisionSuggestions = z.object({
  groups: z.array(
    z.object({
      unit: z.object({ id: z.string(), name: z.string() }),
      total: z.number(),
      items: z.array(itemSummary),
    }),
  ),
  /** overdue items without a waiting notice, all units together */
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type SupervisionSuggestions = z.infer<typeof supervisionSuggestions>;
