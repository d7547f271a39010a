/**
 * The public disclosure (公开信息) contract, shared by the API's `/api/public/...` routes and the
 * web app's public page: what anyone may read without logging in, and what a member of the
 * public may send (an objection to a closure in public notice).
 *
 * Every answer schema here is an allow-list. zod objects drop keys they do not name, and the API
 * serialises its answers through these schemas, so a field added to a query by mistake (a
 * person's name, a phone number, an internal comment) never reaches the public. Nothing here
 * names a person: units are public bodies and appear by name; people never do.
 */
import { z } from 'zod';

import { accountabilityFigures, text, uuid } from './items';
import { pageFields, pageQueryFields } from './paging';
import {
  handlingState,
  itemKind,
  itemStatus,
  pollutionType,
  problemCategory,
  timeLimitType,
  verdict,
} from './vocabulary';

const day = z.string(); // YYYY-MM-DD

/** Longest objection accepted (字). */
export const OBJECTION_CONTENT_MAX = 1_000;
/** Longest contact (phone, e-mail, address) accepted (字). */
export const OBJECTION_CONTACT_MAX = 100;

/**
 * POST /api/public/notices/:noticeId/objections — 公示异议. The contact is optional and is kept
 * for the coordinator only; it is never published.
 */
export const objectionInput = z
  .object({
    content: text('异议内容', OBJECTION_CONTENT_MAX),
    // Optional, so a blank one (spaces typed on a phone) is simply "not given".
    contact: z
      .union([
        z
          .string({ error: '联系方式必须是文字' })
          .trim()
          .max(OBJECTION_CONTACT_MAX, `联系方式不能超过 ${OBJECTION_CONTACT_MAX} 个字`)
          .refine((value) => !value.includes('\u0000'), '联系方式含有非法字符')
          .transform((value) => (value === '' ? null : value)),
        z.null(),
      ])
      .optional(),
  })
  .strict();
export type ObjectionInput = z.infer<typeof objectionInput>;

export const OBJECTION_RECEIVED_MESSAGE = '异议已提交，我们将及时核实处理';

export const objectionReceipt = z.object({
  id: z.string(),
  message: z.string(),
});
export type ObjectionReceipt = z.infer<typeof objectionReceipt>;

export const noticeParams = z.object({ noticeId: uuid('公示') });
export const evidenceParams = z.object({ id: uuid('文件') });

// ───────────── Answers ─────────────

/** 问责情况: published as the official table shows it (the same figures the ledger keeps). */
export const publicAccountability = accountabilityFigures;
export type PublicAccountability = z.infer<typeof publicAccountability>;

const statusCounts = z.array(z.object({ status: itemStatus.schema, count: z.number() }));

/** GET /api/public/summary: the published items' progress (整改进展情况). */
export const publicSummary = z.object({
  /** the ledger date the counts are for */
  asOf: day,
  /** 督察反馈问题 / 整改任务 */
  tasks: z.object({
    total: z.number(),
    /** 已销号 */
    closed: z.number(),
    /** items a look-back found rebounded (反弹) at least once */
    rebound: z.number(),
    /** every status of the workflow, in its order, zeros included */
    byStatus: statusCounts,
    /** every 问题类别, in vocabulary order, zeros included */
    byCategory: z.array(z.object({ category: problemCategory.schema, count: z.number() })),
  }),
  /** 信访件 */
  petitions: z.object({
    total: z.number(),
    closed: z.number(),
    rebound: z.number(),
    byStatus: statusCounts,
    /** 已办结 / 阶段性办结 / 未办结, as the official progress reports count them */
    byHandlingState: z.array(z.object({ handlingState: handlingState.schema, count: z.number() })),
    /** 行政区域: the streets the cases lie in, with their case counts (the area filter's choices) */
    byArea: z.array(z.object({ unitId: z.string(), name: z.string(), count: z.number() })),
    /** 问责情况 summed over the published cases */
    accountability: publicAccountability,
  }),
});
export type PublicSummary = z.infer<typeof publicSummary>;

/** A file the unit marked as public (是否可公开), downloadable without login. */
export const publicEvidence = z.object({
  id: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number(),
  /** 证明日期 */
  provesDate: day,
  description: z.string().nullable(),
  /** GET /api/public/evidence/:id */
  url: z.string(),
});
export type PublicEvidence = z.infer<typeof publicEvidence>;

/** A row of the published rectification plan (整改任务清单). */
export const publicTask = z.object({
  number: z.string(),
  title: z.string(),
  /** 反馈问题 */
  feedbackText: z.string(),
  category: problemCategory.schema,
  /** 整改目标 */
  target: z.string(),
  /** 整改措施 */
  measures: z.array(z.string()),
  /** 牵头单位 (a public body, by name) */
  leadUnit: z.string(),
  /** 配合单位 */
  cooperatingUnits: z.array(z.string()),
  timeLimitType: timeLimitType.schema,
  /** 整改时限 (current) */
  deadline: day,
  /** 原整改时限 (differs from deadline after an approved extension) */
  originalDeadline: day,
  status: itemStatus.schema,
  /** 销号日期 */
  closedOn: day.nullable(),
  /** 反弹次数 */
  reboundCount: z.number(),
  /** demo data (示例数据): the page must say so */
  isSample: z.boolean(),
  evidence: z.array(publicEvidence),
});
export type PublicTask = z.infer<typeof publicTask>;

const search = z.string().trim().max(100, '搜索词不能超过 100 个字').optional();

export const publicTasksQuery = z
  .object({
    status: itemStatus.schema.optional(),
    category: problemCategory.schema.optional(),
    q: search,
    // A visitor's page is smaller than an official's: the public endpoints need no login.
    ...pageQueryFields(100),
  })
  .strict();
export type PublicTasksQuery = z.infer<typeof publicTasksQuery>;

export const publicTaskList = z.object({
  tasks: z.array(publicTask),
  ...pageFields,
});
export type PublicTaskList = z.infer<typeof publicTaskList>;

/**
 * A row of 边督边改公开情况一览表: exactly the official table's columns (受理编号, 交办问题基本情况,
 * 行政区域, 污染类型, 调查核实情况, 是否属实, 处理和整改情况, 问责情况) plus the batch and 办结状态 the
 * official progress reports count by, and the demo-data flag. Never the signer or anyone else by name.
 */
export const publicPetition = z.object({
  /** 受理编号 */
  number: z.string(),
  /** 交办批次 */
  batch: z.number(),
  complaintSummary: z.string(),
  /** 行政区域 (street name) */
  area: z.string(),
  pollutionTypes: z.array(pollutionType.schema),
  investigationFindings: z.string().nullable(),
  verdict: verdict.schema.nullable(),
  handling: z.string().nullable(),
  accountability: publicAccountability,
  handlingState: handlingState.schema,
  /** demo data (示例数据): generated, not the inspection group's real case; the page must say so */
  isSample: z.boolean(),
});
export type PublicPetition = z.infer<typeof publicPetition>;

export const publicPetitionsQuery = z
  .object({
    areaUnitId: uuid('行政区域').optional(),
    pollutionType: pollutionType.schema.optional(),
    handlingState: handlingState.schema.optional(),
    q: search,
    // A visitor's page is smaller than an official's: the public endpoints need no login.
    ...pageQueryFields(100),
  })
  .strict();
export type PublicPetitionsQuery = z.infer<typeof publicPetitionsQuery>;

export const publicPetitionList = z.object({
  petitions: z.array(publicPetition),
  ...pageFields,
});
export type PublicPetitionList = z.infer<typeof publicPetitionList>;

/** A closure in public notice (销号公示), open to objections while its period runs. */
export const publicNotice = z.object({
  /** the notice period's id: objections are posted to it */
  id: z.string(),
  item: z.object({
    kind: itemKind.schema,
    number: z.string(),
    title: z.string(),
    leadUnit: z.string(),
    /** 反馈问题 (task) or 交办问题基本情况 (petition case) */
    problem: z.string(),
    isSample: z.boolean(),
  }),
  /** 公示开始 / 结束日期 (inclusive) and its length in working days */
  startsOn: day,
  endsOn: day,
  workingDays: z.number(),
  /** 公示链接 (the official notice elsewhere), if any */
  url: z.string().nullable(),
  /** 整改情况: the rectification report the closure was requested with */
  rectification: z.string(),
  /** whether an objection is accepted today (the period has begun and not yet ended) */
  acceptingObjections: z.boolean(),
  evidence: z.array(publicEvidence),
});
export type PublicNotice = z.infer<typeof publicNotice>;

export const publicNoticeList = z.object({ notices: z.array(publicNotice) });
export type PublicNoticeList = z.infer<typeof publicNoticeList>;
