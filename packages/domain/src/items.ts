/**
 * The ledger item contract shared by API and web: what a client may send (validated by the API
 * at its edge and by the web forms before sending) and the derived facts about an item.
 * Field names follow prisma/schema.prisma; Chinese names are in its `///` comments.
 */
import { z } from 'zod';

import { addDays } from './calendar';
import { pageQueryFields } from './paging';
import {
  type accountabilityCounts,
  closureRequestStatus,
  extensionStatus,
  handlingState,
  inspectionRound,
  itemKind,
  itemStatus,
  noticePeriodStatus,
  objectionStatus,
  scheduleState,
  pollutionType,
  problemCategory,
  reportBucket,
  signOffDecision,
  timeLimitType,
  verdict,
  verificationResult,
} from './vocabulary';
import { itemSupervision } from './supervision';
import { workflowAction } from './workflow';

/** Text from people: trimmed, without NUL bytes (PostgreSQL cannot store them). */
export const text = (label: string, max: number) =>
  z
    .string({ error: `${label}必须是文字` })
    .trim()
    .min(1, `${label}不能为空`)
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine((value) => !value.includes('\u0000'), `${label}含有非法字符`);

export const optionalText = (label: string, max: number) =>
  z.union([text(label, max), z.literal('').transform(() => null), z.null()]).optional();

/** A calendar date as YYYY-MM-DD (deadlines are dates, not instants). */
export const isoDate = (label: string) =>
  z.iso.date({ error: `${label}须为 YYYY-MM-DD 格式的日期` }).refine((value) => {
    const year = Number(value.slice(0, 4));
    return year >= 2000 && year <= 2100;
  }, `${label}超出合理范围`);

export const uuid = (label: string) => z.uuid({ error: `${label}不是有效的编号` });

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{5,30}$/, '电话号码格式不正确')
  .nullable()
  .optional();

export const taskFields = z.object({
  inspectionRound: inspectionRound.schema,
  feedbackText: text('反馈问题', 5_000),
  category: problemCategory.schema,
  target: text('整改目标', 2_000),
  measures: z.array(text('整改措施', 1_000)).min(1, '至少填写一项整改措施').max(30, '整改措施不能超过 30 项'),
  closureStandard: text('销号标准', 2_000),
});

const count = (label: string) =>
  z
    .number({ error: `${label}须为数字` })
    .int(`${label}须为整数`)
    .min(0, `${label}不能为负数`)
    .max(1_000_000);

export const petitionFields = z.object({
  batch: z.number().int().min(1, '交办批次须为正整数').max(1_000),
  handedOverOn: isoDate('交办日期'),
  isKeyCase: z.boolean().default(false),
  duplicateOfNumber: optionalText('重复件编号', 64),
  complaintSummary: text('交办问题基本情况', 5_000),
  areaUnitId: uuid('行政区域'),
  pollutionTypes: z.array(pollutionType.schema).min(1, '至少选择一种污染类型').max(10),
  investigationFindings: optionalText('调查核实情况', 5_000),
  verdict: verdict.schema.nullable().optional(),
  handling: optionalText('处理和整改情况', 5_000),
  orderedToRectify: count('责令整改(家)').default(0),
  penaltyCases: count('立案处罚(家)').default(0),
  finesTenThousandYuan: z.number().min(0, '罚款不能为负数').max(1_000_000).default(0),
  criminalInvestigations: count('立案侦查(件)').default(0),
  administrativeDetentions: count('行政拘留(人)').default(0),
  criminalDetentions: count('刑事拘留(人)').default(0),
  interviews: count('约谈(人)').default(0),
  accountablePersons: count('问责(人)').default(0),
  signerName: optionalText('签字人', 64),
});

/** Fields both kinds share. */
const commonFields = z.object({
  number: text('编号', 64),
  title: text('标题', 200),
  leadUnitId: uuid('牵头单位'),
  cooperatingUnitIds: z.array(uuid('配合单位')).max(50).default([]),
  leadLeaderName: optionalText('责任区领导', 64),
  responsiblePersonName: optionalText('责任人', 64),
  responsiblePersonPhone: phone,
  deadline: isoDate('整改时限'),
  warningDate: isoDate('预警时间').nullable().optional(),
  timeLimitType: timeLimitType.schema,
  isPublic: z.boolean().default(false),
});

const noLeadAmongCooperating = (value: { leadUnitId?: string; cooperatingUnitIds?: string[] }) =>
  !value.leadUnitId || !value.cooperatingUnitIds?.includes(value.leadUnitId);
const warningBeforeDeadline = (value: { deadline?: string; warningDate?: string | null }) =>
  !value.deadline || !value.warningDate || value.warningDate <= value.deadline;

export const createItemInput = z
  .discriminatedUnion('kind', [
    commonFields.extend({ kind: z.literal('TASK'), task: taskFields }),
    commonFields.extend({ kind: z.literal('PETITION'), petition: petitionFields }),
  ])
  .refine(noLeadAmongCooperating, { message: '牵头单位不能同时是配合单位', path: ['cooperatingUnitIds'] })
  .refine(warningBeforeDeadline, { message: '预警时间不能晚于整改时限', path: ['warningDate'] });
export type CreateItemInput = z.infer<typeof createItemInput>;

/**
 * Every field optional and without its default: `.partial()` would still fill in defaults
 * (zod 4 applies a default inside an optional), so a PATCH would reset fields it never sent.
 */
function sentFieldsOnly<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [
      key,
      ((field instanceof z.ZodDefault ? field.unwrap() : field) as z.ZodType).optional(),
    ]),
  ) as unknown as {
    [K in keyof Shape]: z.ZodOptional<Shape[K] extends z.ZodDefault<infer Inner> ? Inner : Shape[K]>;
  };
  return z.object(shape);
}

/** A PATCH names the version it was based on; only the fields sent are changed. */
export const updateItemInput = sentFieldsOnly(commonFields.omit({ number: true }))
  .extend({
    version: z.number({ error: '缺少版本号 version' }).int().min(1),
    task: sentFieldsOnly(taskFields).strict().optional(),
    petition: sentFieldsOnly(petitionFields).strict().optional(),
  })
  .strict()
  .refine(noLeadAmongCooperating, { message: '牵头单位不能同时是配合单位', path: ['cooperatingUnitIds'] })
  .refine(warningBeforeDeadline, { message: '预警时间不能晚于整改时限', path: ['warningDate'] });
export type UpdateItemInput = z.infer<typeof updateItemInput>;

export const bulkUpdateInput = z
  .object({
    itemIds: z.array(uuid('事项')).min(1, '请至少选择一个事项').max(1_000, '一次最多调整 1000 个事项'),
    leadUnitId: uuid('牵头单位').optional(),
    deadline: isoDate('整改时限').optional(),
  })
  .strict()
  .refine((value) => value.leadUnitId !== undefined || value.deadline !== undefined, {
    message: '请指定新的牵头单位或整改时限',
  });
export type BulkUpdateInput = z.infer<typeof bulkUpdateInput>;

export const itemSortFields = ['deadline', 'updatedAt', 'number'] as const;

const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** GET /api/items query: the ledger's filters, kept in the web app's URL as they are here. */
export const listItemsQuery = z
  .object({
    kind: z.enum(['task', 'petition']).optional(),
    status: z
      .union([itemStatus.schema, z.array(itemStatus.schema)])
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .optional(),
    unitId: uuid('单位').optional(),
    /** 牵头单位 only (unitId also matches cooperating units): the dashboard's per-unit figures count by lead unit. */
    leadUnitId: uuid('牵头单位').optional(),
    /** 统计口径: a task bucket (implies tasks) or a petition's 办结状态 (implies petitions). */
    bucket: reportBucket.schema.optional(),
    /** 曾反弹: items a look-back found rebounded at least once. */
    rebound: booleanFlag.optional(),
    category: problemCategory.schema.optional(),
    pollutionType: pollutionType.schema.optional(),
    deadlineFrom: isoDate('整改时限起').optional(),
    deadlineTo: isoDate('整改时限止').optional(),
    /** 原整改时限 (the plan's deadline, before any extension): the dashboard's burn-up plan line. */
    originalDeadlineFrom: isoDate('原整改时限起').optional(),
    originalDeadlineTo: isoDate('原整改时限止').optional(),
    closedFrom: isoDate('销号日期起').optional(),
    closedTo: isoDate('销号日期止').optional(),
    overdue: booleanFlag.optional(),
    dueWithinDays: z.coerce.number().int().min(0).max(366).optional(),
    q: z.string().trim().max(100, '搜索词不能超过 100 个字').optional(),
    sort: z.enum(itemSortFields).default('deadline'),
    order: z.enum(['asc', 'desc']).default('asc'),
    ...pageQueryFields(200),
  })
  .strict();
export type ListItemsQuery = z.infer<typeof listItemsQuery>;

/** What the API assumes when a list filter is absent (sort, order, page, pageSize). */
export const listItemsDefaults: ListItemsQuery = listItemsQuery.parse({});

/**
 * Ledger list filters as an address query (`/ledger?…`, `GET /api/items?…`), the form
 * listItemsQuery reads back: keys in the schema's order, lists as repeated keys
 * (`status=IN_PROGRESS&status=REGISTERED`), flags as true/false; absent, empty and default values
 * left out, so that one view has one address.
 */
export function listItemsSearch(filters: Partial<ListItemsQuery>): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of Object.keys(listItemsQuery.shape) as (keyof ListItemsQuery)[]) {
    const value = filters[key];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const entry of value) search.append(key, entry);
    } else if (value !== listItemsDefaults[key]) {
      search.set(key, String(value));
    }
  }
  return search;
}

export const progressInput = z
  .object({
    reportedOn: isoDate('进展日期'),
    content: text('进展情况', 5_000),
    percent: z
      .number({ error: '完成比例须为数字' })
      .int()
      .min(0)
      .max(100, '完成比例不能超过 100')
      .nullable()
      .optional(),
  })
  .strict();
export type ProgressInput = z.infer<typeof progressInput>;

type Status = (typeof itemStatus.codes)[number];

/** Derived facts: computed on every read from the deadline and status, never stored. */
export interface DeadlineFacts {
  overdue: boolean;
  dueSoon: boolean;
  daysLeft: number;
}

const DAY_MS = 86_400_000;
export const DEFAULT_WARNING_DAYS = 7;

type ScheduleState = 'NOT_STARTED' | 'BEHIND' | 'ON_SCHEDULE' | 'AHEAD';

/** How far ahead of the time-proportional expectation counts as 超过序时进度 (percentage points). */
const AHEAD_MARGIN = 10;

/**
 * 序时进度: the reported completion against the share of the period already elapsed (from
 * registration to deadline). No report yet → 尚未启动; a closed item is on schedule by definition.
 */
export function scheduleStateOf(
  item: { registeredOn: Date; deadline: Date; status: Status },
  latestPercent: number | null,
  today: Date,
): ScheduleState {
  if (item.status === 'CLOSED') return 'ON_SCHEDULE';
  if (latestPercent === null) return 'NOT_STARTED';
  const total = Math.max(item.deadline.getTime() - item.registeredOn.getTime(), DAY_MS);
  const elapsed = Math.min(Math.max(today.getTime() - item.registeredOn.getTime(), 0), total);
  const expected = (elapsed / total) * 100;
  if (latestPercent >= Math.min(expected + AHEAD_MARGIN, 100) && latestPercent > expected) return 'AHEAD';
  if (latestPercent >= expected) return 'ON_SCHEDULE';
  return 'BEHIND';
}

/** An item is finished with its deadline once it is closed; phase complete stays open. */
export function isDeadlineOpen(status: Status): boolean {
  return status !== 'CLOSED';
}

export function deadlineFacts(
  item: { deadline: Date; warningDate: Date | null; status: Status },
  today: Date,
): DeadlineFacts {
  const daysLeft = Math.round((item.deadline.getTime() - today.getTime()) / DAY_MS);
  const open = isDeadlineOpen(item.status);
  const warningFrom = item.warningDate ?? addDays(item.deadline, -DEFAULT_WARNING_DAYS);
  return {
    overdue: open && daysLeft < 0,
    dueSoon: open && daysLeft >= 0 && today.getTime() >= warningFrom.getTime(),
    daysLeft,
  };
}

// ───────────── Answers (the API's response schemas; the web app's types) ─────────────

const unitRef = z.object({ id: z.string(), name: z.string() });
const userRef = z.object({ id: z.string(), displayName: z.string() });
const day = z.string(); // YYYY-MM-DD

/** A row of the ledger list. */
export const itemSummary = z.object({
  id: z.string(),
  kind: itemKind.schema,
  number: z.string(),
  title: z.string(),
  status: itemStatus.schema,
  leadUnit: unitRef,
  cooperatingUnits: z.array(unitRef),
  responsiblePersonName: z.string().nullable(),
  deadline: day,
  originalDeadline: day,
  warningDate: day.nullable(),
  timeLimitType: timeLimitType.schema,
  category: problemCategory.schema.nullable(),
  pollutionTypes: z.array(pollutionType.schema),
  handlingState: handlingState.schema.nullable(),
  reboundCount: z.number(),
  isSample: z.boolean(),
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  daysLeft: z.number(),
  scheduleState: scheduleState.schema,
  updatedAt: z.string(),
  version: z.number(),
});
export type ItemSummary = z.infer<typeof itemSummary>;

/**
 * The list counts matches up to this many and then stops: an exact count of a broad search over
 * a million items scans them all (seconds), while nobody pages through ten thousand items —
 * they narrow the filters. Statistics come from the dashboards, not from this total.
 */
export const LIST_TOTAL_CAP = 10_000;

export const itemList = z.object({
  items: z.array(itemSummary),
  /** the number of matching items, or LIST_TOTAL_CAP when there are more (then totalCapped) */
  total: z.number(),
  /** true when more than LIST_TOTAL_CAP items match */
  totalCapped: z.boolean(),
  page: z.number(),
  pageSize: z.number(),
});
export type ItemList = z.infer<typeof itemList>;

const evidenceFile = z.object({
  id: z.string(),
  fileName: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  mediaType: z.string(),
  provesDate: day,
  description: z.string().nullable(),
  uploadedBy: userRef,
  uploadedAt: z.string(),
  progressEntryId: z.string().nullable(),
  /** shown on the public disclosure page (the coordinator decides, per file) */
  isPublic: z.boolean(),
  /** GET this to download the file */
  url: z.string(),
});
export type EvidenceFileView = z.infer<typeof evidenceFile>;

/** One entry of an item's timeline (留痕): progress, evidence, workflow events, in time order. */
export const timelineEntry = z.object({
  at: z.string(),
  type: z.enum([
    'registered',
    'progress',
    'evidence',
    /** a workflow step with no entry type of its own (开始整改, 撤回, 退回, 阶段性完成) */
    'workflow',
    'closure-requested',
    'closure-signed',
    'verification',
    'public-notice',
    'objection',
    'sign-off',
    'extension',
    'supervision-notice',
    'look-back',
  ]),
  title: z.string(),
  detail: z.string().nullable(),
  actor: userRef.nullable(),
  /** the date the entry is about (progress date, evidence's proven date), where it has one */
  on: day.nullable(),
  percent: z.number().nullable().optional(),
  evidence: z.array(evidenceFile).optional(),
  /** the workflow action this entry records (its WorkflowEvent), when it records one */
  action: workflowAction.schema.optional(),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

/** Operations on the record itself, as permissions.ts's `allowedItemOperations` names them. */
const itemOperation = z.enum(['read', 'update', 'create:progress', 'upload:evidence']);
/** An entry of `allowedActions`: an item operation or a workflow action. */
export const itemAction = z.union([itemOperation, workflowAction.schema]);
export type ItemAction = z.infer<typeof itemAction>;

/** 公示异议. The objector's contact is never part of an answer. */
const objectionView = z.object({
  id: z.string(),
  content: z.string(),
  status: objectionStatus.schema,
  resolution: z.string().nullable(),
  resolvedBy: userRef.nullable(),
  resolvedAt: z.string().nullable(),
  receivedAt: z.string(),
});

/** A closure request (销号申请) with everything done on it. */
const closureView = z.object({
  id: z.string(),
  status: closureRequestStatus.schema,
  /** 整改报告 (自查情况) */
  report: z.string(),
  requestedBy: userRef,
  requestedAt: z.string(),
  /**
   * 谁签字，谁负责: the unit head who signed, when, and the exact text signed. Shown wherever the
   * request is shown; null until signed.
   */
  signer: userRef.nullable(),
  signedAt: z.string().nullable(),
  signedStatement: z.string().nullable(),
  /** why it was withdrawn or returned unsigned */
  returnReason: z.string().nullable(),
  /** the evidence files (of this item's `evidence`) attached to the request */
  evidenceIds: z.array(z.string()),
  verifications: z.array(
    z.object({
      id: z.string(),
      verifier: userRef,
      result: verificationResult.schema,
      conclusion: z.string(),
      onSite: z.boolean(),
      verifiedOn: day,
      recordedAt: z.string(),
    }),
  ),
  /** the latest public notice period of the request (公示), if any */
  notice: z
    .object({
      id: z.string(),
      startsOn: day,
      /** the last day of the period, inclusive */
      endsOn: day,
      workingDays: z.number(),
      url: z.string().nullable(),
      status: noticePeriodStatus.schema,
      startedBy: userRef,
      openObjections: z.number(),
      objections: z.array(objectionView),
    })
    .nullable(),
  signOffs: z.array(
    z.object({
      id: z.string(),
      leader: userRef,
      decision: signOffDecision.schema,
      statement: z.string(),
      signedAt: z.string(),
    }),
  ),
});

/** 延期申请: the deadline it extends from and the one asked for. */
const extensionView = z.object({
  id: z.string(),
  status: extensionStatus.schema,
  originalDeadline: day,
  requestedDeadline: day,
  reason: z.string(),
  requestedBy: userRef,
  requestedAt: z.string(),
  decidedBy: userRef.nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});

/** 问责情况 as figures: the fields of vocabulary.accountabilityCounts, no more and no fewer. */
export const accountabilityFigures = z.object({
  orderedToRectify: z.number(),
  penaltyCases: z.number(),
  finesTenThousandYuan: z.number(),
  criminalInvestigations: z.number(),
  administrativeDetentions: z.number(),
  criminalDetentions: z.number(),
  interviews: z.number(),
  accountablePersons: z.number(),
} satisfies Record<(typeof accountabilityCounts)[number]['field'], z.ZodNumber>);

export const itemDetail = itemSummary.extend({
  leadLeaderName: z.string().nullable(),
  /** null for callers who may not see phone numbers (never shown publicly) */
  responsiblePersonPhone: z.string().nullable(),
  closedOn: day.nullable(),
  isPublic: z.boolean(),
  createdAt: z.string(),
  task: z
    .object({
      inspectionRound: inspectionRound.schema,
      feedbackText: z.string(),
      category: problemCategory.schema,
      target: z.string(),
      measures: z.array(z.string()),
      closureStandard: z.string(),
    })
    .nullable(),
  petition: z
    .object({
      batch: z.number(),
      handedOverOn: day,
      isKeyCase: z.boolean(),
      duplicateOfNumber: z.string().nullable(),
      complaintSummary: z.string(),
      area: unitRef,
      pollutionTypes: z.array(pollutionType.schema),
      investigationFindings: z.string().nullable(),
      verdict: verdict.schema.nullable(),
      handling: z.string().nullable(),
      ...accountabilityFigures.shape,
      handlingState: handlingState.schema,
      signerName: z.string().nullable(),
    })
    .nullable(),
  latestPercent: z.number().nullable(),
  evidence: z.array(evidenceFile),
  /** the closure request under way, or else the last one (a returned or failed one says why) */
  closure: closureView.nullable(),
  /** extension requests (延期), oldest first; the item's originalDeadline is the first deadline */
  extensions: z.array(extensionView),
  /** 督办: the item's supervision notices, and whether the caller may issue one now */
  supervision: itemSupervision,
  timeline: z.array(timelineEntry),
  /**
   * What the caller may do with this item now: item operations from the permission table and
   * workflow actions from the state machine (POST /api/items/:id/actions/:action).
   */
  allowedActions: z.array(itemAction),
});
export type ItemDetail = z.infer<typeof itemDetail>;
export type ClosureView = z.infer<typeof closureView>;
export type ExtensionView = z.infer<typeof extensionView>;

/** PATCH /api/items/:id/evidence/:evidenceId: whether the file is published (公开). */
export const evidencePublicationInput = z
  .object({ isPublic: z.boolean({ error: 'isPublic 须为 true 或 false' }) })
  .strict();
export type EvidencePublicationInput = z.infer<typeof evidencePublicationInput>;
