/**
 * The official value lists of the ledger, with their Chinese labels.
 *
 * One source for every place that shows or accepts these values: the Prisma enums in
 * prisma/schema.prisma carry the same codes (a test keeps the two in step), the API validates
 * with the zod enums below, and the web app and exports print the labels.
 */
import { z } from 'zod';

export function vocabulary<const T extends Record<string, string>>(labels: T) {
  const codes = Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]];
  return {
    codes,
    labels,
    /** value/label pairs in the official order, for select boxes and export headers */
    options: codes.map((code) => ({ value: code, label: labels[code] as string })),
    schema: z.enum(codes),
    label: (code: keyof T & string): string => labels[code] as string,
  };
}

/** 单位类型 */
export const unitType = vocabulary({
  STREET: '街道',
  PARK: '园区',
  DEPARTMENT: '部门',
  COORDINATION_GROUP: '协调小组',
});

/** 角色 — who may do what is decided in the permission table, not here. */
export const role = vocabulary({
  COORDINATOR: '区整改协调小组',
  UNIT_OFFICER: '经办人',
  UNIT_HEAD: '单位主要负责人',
  DISTRICT_LEADER: '区领导',
  AUDITOR: '审计/纪检',
  ADMIN: '系统管理员',
  SECURITY_ADMIN: '安全管理员',
  AUDIT_ADMIN: '审计管理员',
});

/** 台账类型: 督察反馈问题(整改任务) / 信访件(交办件) */
export const itemKind = vocabulary({
  TASK: '督察反馈问题',
  PETITION: '信访件',
});

/** 督察轮次 */
export const inspectionRound = vocabulary({
  FIRST_ROUND: '第一轮督察',
  LOOK_BACK: '督察“回头看”',
  SECOND_ROUND: '第二轮督察',
});

/** 问题类别 */
export const problemCategory = vocabulary({
  AIR: '大气',
  WATER: '水',
  SOIL: '土壤',
  SOLID_WASTE: '固废/危废',
  NOISE: '噪声',
  ECOLOGY: '生态',
  INSTITUTIONAL: '体制机制',
  OTHER: '其他',
});

/** 污染类型 (信访件, several per case) */
export const pollutionType = vocabulary({
  WATER: '水',
  AIR: '大气',
  NOISE: '噪声',
  CATERING_FUMES: '油烟',
  GARBAGE: '垃圾',
  DUST: '扬尘',
  ECOLOGY: '生态',
  SOIL: '土壤',
  HEAVY_METAL: '重金属',
  OTHER: '其他',
});

/** 整改时限类型 */
export const timeLimitType = vocabulary({
  IMMEDIATE: '立行立改',
  SHORT_TERM: '短期攻坚',
  MEDIUM_TERM: '中期推进',
  LONG_TERM: '长期坚持',
});

/** 序时进度 */
export const scheduleState = vocabulary({
  NOT_STARTED: '尚未启动',
  BEHIND: '未达到序时进度',
  ON_SCHEDULE: '达到序时进度',
  AHEAD: '超过序时进度',
});

/** 是否属实 */
export const verdict = vocabulary({
  TRUE: '属实',
  MOSTLY_TRUE: '基本属实',
  PARTLY_TRUE: '部分属实',
  FALSE: '不属实',
});

/** 办结状态 (信访件) */
export const handlingState = vocabulary({
  CONCLUDED: '已办结',
  PHASE_CONCLUDED: '阶段性办结',
  NOT_CONCLUDED: '未办结',
});

/**
 * 统计口径 of a rectification task: the buckets of the official progress reports (已完成 / 基本完成 /
 * 阶段性完成 / 长期坚持 / 未达序时进度 / 已验收销号), plus 按序时推进 for the tasks the reports leave
 * unnamed, so that every task falls in exactly one bucket and the buckets add up to the total.
 * Which task falls where is decided in one place: `taskReportBucketSql` of apps/api (rules in
 * docs/dashboard.md, ADR 010).
 */
export const taskReportBucket = vocabulary({
  COMPLETED: '已完成',
  BASICALLY_COMPLETE: '基本完成',
  PHASE_COMPLETE: '阶段性完成',
  LONG_TERM: '长期坚持',
  BEHIND: '未达序时进度',
  CLOSED: '已验收销号',
  ON_SCHEDULE: '按序时推进',
});

/** Either kind's reporting bucket, as the ledger filter `bucket` takes it: a task's or a petition's 办结状态. */
export const reportBucket = vocabulary({ ...taskReportBucket.labels, ...handlingState.labels });

/** 台账状态 — the closure (销号) workflow's states. */
export const itemStatus = vocabulary({
  REGISTERED: '挂账',
  IN_PROGRESS: '整改中',
  CLOSURE_REQUESTED: '申请销号',
  AWAITING_VERIFICATION: '待验收',
  VERIFIED: '验收通过',
  PUBLIC_NOTICE: '公示中',
  AWAITING_SIGN_OFF: '待审签',
  CLOSED: '已销号',
  PHASE_COMPLETE: '阶段性完成',
});

/** 销号申请状态 */
export const closureRequestStatus = vocabulary({
  AWAITING_SIGNATURE: '待单位负责人签字',
  SIGNED: '已签字，待验收',
  VERIFICATION_FAILED: '验收未通过',
  VERIFIED: '验收通过',
  IN_NOTICE: '公示中',
  AWAITING_SIGN_OFF: '待审签',
  APPROVED: '已审签销号',
  WITHDRAWN: '已撤回',
  RETURNED: '已退回',
  REOPENED: '反弹重新整改',
});

/** 验收结论 */
export const verificationResult = vocabulary({ PASSED: '验收通过', FAILED: '验收不通过' });

/** 审签结论 */
export const signOffDecision = vocabulary({ APPROVED: '同意销号', RETURNED: '退回' });

/** 延期申请状态 */
export const extensionStatus = vocabulary({ REQUESTED: '待审批', APPROVED: '已批准', REFUSED: '不予批准' });

/** 异议处理状态 */
export const objectionStatus = vocabulary({ OPEN: '待处理', UPHELD: '异议成立', DISMISSED: '异议不成立' });

/** 公示状态 */
export const noticePeriodStatus = vocabulary({
  OPEN: '公示中',
  ENDED: '公示期满',
  INTERRUPTED: '因异议中止',
});

/** 督办等级 (三色督办) */
export const noticeLevel = vocabulary({
  YELLOW: '督办',
  RED: '挂牌督办',
});

/** 督办单状态 — the notice's lifecycle is packages/domain/src/supervision.ts. */
export const supervisionStatus = vocabulary({
  ISSUED: '已下发，待反馈',
  RESPONDED: '已反馈，待审核',
  OVERDUE: '逾期未反馈',
  ESCALATED: '已升级为挂牌督办',
  CLOSED: '已办结',
});

/** 回头看结果 */
export const lookBackResult = vocabulary({
  KEPT: '整改成果保持',
  REBOUND: '反弹',
});

/** 后台作业状态 (batch exports) */
export const jobStatus = vocabulary({
  QUEUED: '排队中',
  RUNNING: '进行中',
  SUCCEEDED: '已完成',
  FAILED: '失败',
});

/** 导入状态 */
export const importStatus = vocabulary({
  PREVIEWED: '待确认',
  INVALID: '有错误',
  COMMITTING: '导入中',
  COMMITTED: '已导入',
  FAILED: '导入失败',
});

/**
 * 问责情况 — the accountability counts published for each petition case, in the order of the
 * official table (边督边改公开情况一览表).
 */
export const accountabilityCounts = [
  { field: 'orderedToRectify', label: '责令整改(家)' },
  { field: 'penaltyCases', label: '立案处罚(家)' },
  { field: 'finesTenThousandYuan', label: '罚款(万元)' },
  { field: 'criminalInvestigations', label: '立案侦查(件)' },
  { field: 'administrativeDetentions', label: '行政拘留(人)' },
  { field: 'criminalDetentions', label: '刑事拘留(人)' },
  { field: 'interviews', label: '约谈(人)' },
  { field: 'accountablePersons', label: '问责(人)' },
] as const;
