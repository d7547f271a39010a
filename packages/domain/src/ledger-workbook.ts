/**
 * The ledger workbook (台账 Excel): the official tables column for column, one sheet per kind.
 * One layout for both directions — `GET /api/exports/ledger.xlsx` writes it and
 * `POST /api/imports` reads it back — so an exported file can be edited in a spreadsheet and
 * imported again. Officials' own files name some columns differently; `aliases` lists the
 * variants an import accepts (compared after `normaliseHeader`).
 *
 * How values stand in a cell (both directions):
 * - value lists (督察轮次, 问题类别, 时限类型, 是否属实, 污染类型 …) as their Chinese labels;
 * - several values in one cell (配合单位, 污染类型) joined with `、` (an import also splits on
 *   `，,；;` and line breaks); 整改措施 one per line;
 * - units (牵头单位, 配合单位, 行政区域) by their name;
 * - yes/no as 是 / 否; dates as real dates (an import also takes text YYYY-MM-DD, YYYY/M/D,
 *   YYYY年M月D日); numbers as numbers; an empty cell is no value.
 * Columns marked `exportOnly` are what the ledger derives or the workflow decides (台账状态,
 * 销号日期 …): written for the reader, ignored on import.
 */
import {
  handlingState,
  inspectionRound,
  itemStatus,
  pollutionType,
  problemCategory,
  scheduleState,
  timeLimitType,
  verdict,
  type itemKind,
} from './vocabulary';

type ItemKind = (typeof itemKind.codes)[number];

/** The value lists a workbook column may hold, by the name columns give in `vocabulary`. */
export const workbookVocabularies = {
  inspectionRound,
  problemCategory,
  timeLimitType,
  verdict,
  pollutionType,
  scheduleState,
  itemStatus,
  handlingState,
} as const;
export type WorkbookVocabulary = keyof typeof workbookVocabularies;

export type WorkbookColumnKind =
  | 'text'
  | 'longText'
  /** one entry per line */
  | 'textLines'
  | 'integer'
  | 'decimal'
  | 'percent'
  | 'date'
  | 'boolean'
  /** a value list's label; `vocabulary` names the list */
  | 'label'
  /** several labels of a value list */
  | 'labels'
  | 'unit'
  | 'units';

export interface WorkbookColumn {
  /** the field (prisma/schema.prisma names; `task.` / `petition.` for the kind's own fields) */
  key: string;
  /** the official header */
  header: string;
  /** header variants found in officials' own workbooks */
  aliases?: readonly string[];
  kind: WorkbookColumnKind;
  /** the value list of `label` / `labels` columns */
  vocabulary?: WorkbookVocabulary;
  /** an import must have this column, and a value in it for new rows */
  required?: boolean;
  /** written on export, never read on import */
  exportOnly?: boolean;
  /** column width in Excel's characters (CJK counts about two) */
  width?: number;
}

export interface WorkbookSheet {
  kind: ItemKind;
  /** the tab's name */
  name: string;
  /** the sheet's title row */
  title: string;
  /** the column that identifies a row: matched against the ledger's 编号 / 受理编号 */
  numberColumn: string;
  columns: readonly WorkbookColumn[];
}

/** Columns both kinds share, after the kind's own ones (as the official tables put them). */
const responsibility: readonly WorkbookColumn[] = [
  {
    key: 'leadLeaderName',
    header: '责任区领导',
    aliases: ['区领导', '责任领导', '分管区领导'],
    kind: 'text',
    width: 12,
  },
  {
    key: 'leadUnit',
    header: '牵头单位',
    aliases: ['责任单位', '牵头责任单位', '主办单位'],
    kind: 'unit',
    required: true,
    width: 18,
  },
  {
    key: 'cooperatingUnits',
    header: '配合单位',
    aliases: ['协办单位', '配合责任单位'],
    kind: 'units',
    width: 22,
  },
  {
    key: 'responsiblePersonName',
    header: '责任人',
    aliases: ['具体责任人', '联系人'],
    kind: 'text',
    width: 10,
  },
  {
    key: 'responsiblePersonPhone',
    header: '责任人电话',
    aliases: ['联系电话', '电话', '责任人联系电话'],
    kind: 'text',
    width: 15,
  },
  {
    key: 'deadline',
    header: '整改时限',
    aliases: ['完成时限', '整改期限', '整改完成时限'],
    kind: 'date',
    required: true,
    width: 12,
  },
  { key: 'warningDate', header: '预警时间', aliases: ['预警日期'], kind: 'date', width: 12 },
  {
    key: 'timeLimitType',
    header: '时限类型',
    aliases: ['整改时限类型'],
    kind: 'label',
    vocabulary: 'timeLimitType',
    required: true,
    width: 11,
  },
  { key: 'isPublic', header: '是否公开', aliases: ['向社会公开'], kind: 'boolean', width: 9 },
];

/** What the ledger derives or the workflow decides: for the reader only. */
const ledgerState: readonly WorkbookColumn[] = [
  { key: 'originalDeadline', header: '原整改时限', kind: 'date', exportOnly: true, width: 12 },
  {
    key: 'scheduleState',
    header: '序时进度',
    kind: 'label',
    vocabulary: 'scheduleState',
    exportOnly: true,
    width: 13,
  },
  { key: 'latestProgressPercent', header: '完成比例', kind: 'percent', exportOnly: true, width: 9 },
  { key: 'lastProgressOn', header: '最近进展日期', kind: 'date', exportOnly: true, width: 12 },
  { key: 'latestProgress', header: '整改进展', kind: 'longText', exportOnly: true, width: 40 },
  { key: 'status', header: '台账状态', kind: 'label', vocabulary: 'itemStatus', exportOnly: true, width: 11 },
  { key: 'closedOn', header: '销号日期', kind: 'date', exportOnly: true, width: 12 },
  { key: 'reboundCount', header: '反弹次数', kind: 'integer', exportOnly: true, width: 9 },
];

export const taskSheet: WorkbookSheet = {
  kind: 'TASK',
  name: '整改任务',
  title: '督察反馈问题整改任务台账',
  numberColumn: 'number',
  columns: [
    {
      key: 'number',
      header: '编号',
      aliases: ['序号', '序号/编号', '任务编号', '问题编号'],
      kind: 'text',
      required: true,
      width: 12,
    },
    {
      key: 'title',
      header: '问题概述',
      aliases: ['标题', '问题名称', '任务名称'],
      kind: 'text',
      required: true,
      width: 28,
    },
    {
      key: 'task.inspectionRound',
      header: '督察轮次',
      aliases: ['轮次'],
      kind: 'label',
      vocabulary: 'inspectionRound',
      required: true,
      width: 14,
    },
    {
      key: 'task.feedbackText',
      header: '反馈问题',
      aliases: ['反馈问题(原文)', '督察反馈问题', '问题描述', '存在问题'],
      kind: 'longText',
      required: true,
      width: 48,
    },
    {
      key: 'task.category',
      header: '问题类别',
      aliases: ['类别', '问题类型'],
      kind: 'label',
      vocabulary: 'problemCategory',
      required: true,
      width: 11,
    },
    {
      key: 'task.target',
      header: '整改目标',
      aliases: ['目标'],
      kind: 'longText',
      required: true,
      width: 36,
    },
    {
      key: 'task.measures',
      header: '整改措施',
      aliases: ['主要措施', '整改举措'],
      kind: 'textLines',
      required: true,
      width: 48,
    },
    {
      key: 'task.closureStandard',
      header: '销号标准',
      aliases: ['整改要求', '销号标准/整改要求', '验收标准'],
      kind: 'longText',
      required: true,
      width: 36,
    },
    ...responsibility,
    ...ledgerState,
  ],
};

export const petitionSheet: WorkbookSheet = {
  kind: 'PETITION',
  name: '信访件',
  title: '中央环保督察交办信访件办理台账',
  numberColumn: 'number',
  columns: [
    {
      key: 'number',
      header: '受理编号',
      aliases: ['编号', '信访编号', '交办编号', '序号'],
      kind: 'text',
      required: true,
      width: 12,
    },
    {
      key: 'title',
      header: '问题概述',
      aliases: ['标题', '问题名称'],
      kind: 'text',
      required: true,
      width: 28,
    },
    {
      key: 'petition.batch',
      header: '交办批次',
      aliases: ['批次'],
      kind: 'integer',
      required: true,
      width: 9,
    },
    {
      key: 'petition.handedOverOn',
      header: '交办日期',
      aliases: ['交办时间'],
      kind: 'date',
      required: true,
      width: 12,
    },
    { key: 'petition.isKeyCase', header: '是否重点件', aliases: ['重点件'], kind: 'boolean', width: 10 },
    { key: 'petition.duplicateOfNumber', header: '重复件编号', aliases: ['重复件'], kind: 'text', width: 12 },
    {
      key: 'petition.complaintSummary',
      header: '交办问题基本情况',
      aliases: ['信访问题', '问题基本情况', '反映问题', '交办问题'],
      kind: 'longText',
      required: true,
      width: 48,
    },
    {
      key: 'petition.area',
      header: '行政区域',
      aliases: ['所属街道', '区域', '属地', '所在街道'],
      kind: 'unit',
      required: true,
      width: 12,
    },
    {
      key: 'petition.pollutionTypes',
      header: '污染类型',
      aliases: ['污染类别'],
      kind: 'labels',
      vocabulary: 'pollutionType',
      required: true,
      width: 14,
    },
    {
      key: 'petition.investigationFindings',
      header: '调查核实情况',
      aliases: ['调查核实', '核查情况'],
      kind: 'longText',
      width: 40,
    },
    {
      key: 'petition.verdict',
      header: '是否属实',
      aliases: ['属实情况'],
      kind: 'label',
      vocabulary: 'verdict',
      width: 10,
    },
    {
      key: 'petition.handling',
      header: '处理和整改情况',
      aliases: ['处理整改情况', '处理情况', '整改情况'],
      kind: 'longText',
      width: 40,
    },
    {
      key: 'petition.orderedToRectify',
      header: '责令整改(家)',
      aliases: ['责令整改'],
      kind: 'integer',
      width: 10,
    },
    {
      key: 'petition.penaltyCases',
      header: '立案处罚(家)',
      aliases: ['立案处罚'],
      kind: 'integer',
      width: 10,
    },
    {
      key: 'petition.finesTenThousandYuan',
      header: '罚款(万元)',
      aliases: ['罚款', '罚款金额(万元)'],
      kind: 'decimal',
      width: 10,
    },
    {
      key: 'petition.criminalInvestigations',
      header: '立案侦查(件)',
      aliases: ['立案侦查'],
      kind: 'integer',
      width: 10,
    },
    {
      key: 'petition.administrativeDetentions',
      header: '行政拘留(人)',
      aliases: ['行政拘留'],
      kind: 'integer',
      width: 10,
    },
    {
      key: 'petition.criminalDetentions',
      header: '刑事拘留(人)',
      aliases: ['刑事拘留'],
      kind: 'integer',
      width: 10,
    },
    { key: 'petition.interviews', header: '约谈(人)', aliases: ['约谈'], kind: 'integer', width: 9 },
    { key: 'petition.accountablePersons', header: '问责(人)', aliases: ['问责'], kind: 'integer', width: 9 },
    {
      key: 'handlingState',
      header: '办结状态',
      kind: 'label',
      vocabulary: 'handlingState',
      exportOnly: true,
      width: 11,
    },
    {
      key: 'petition.signerName',
      header: '签字人',
      aliases: ['签字领导', '责任领导签字'],
      kind: 'text',
      width: 10,
    },
    ...responsibility,
    ...ledgerState,
  ],
};

export const workbookSheets: readonly WorkbookSheet[] = [taskSheet, petitionSheet];

export const sheetOfKind = (kind: ItemKind): WorkbookSheet => (kind === 'TASK' ? taskSheet : petitionSheet);

/**
 * A header as compared on import: without spaces, line breaks and required-markers (*, ※),
 * full-width brackets and slashes as ASCII. `整改时限 *` and `责令整改（家）` match their columns.
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s*※]/g, '')
    .replace(/[（【[]/g, '(')
    .replace(/[）】\]]/g, ')')
    .replace(/／/g, '/');
}

/** Separators of several values in one cell (配合单位, 污染类型). */
export const LIST_SEPARATOR = '、';
export const LIST_SPLIT = /[、，,；;\n\r]+/;

export const YES = '是';
export const NO = '否';

/**
 * A field's value as the workbook holds it: text, a number, a date (YYYY-MM-DD), yes/no, a
 * value list's code or codes, a unit's name or names, or lines of text. `null` is an empty cell.
 */
export type WorkbookValue = string | number | boolean | readonly string[] | null;

/** What a cell shows for a field's value (dates as YYYY-MM-DD; the writer makes them real dates). */
export function formatCell(column: WorkbookColumn, value: WorkbookValue): string | number | null {
  if (value === null || value === undefined) return null;
  const list = workbookVocabulary(column);
  switch (column.kind) {
    case 'boolean':
      return value ? YES : NO;
    case 'label':
      return list ? list.label(String(value) as never) : String(value);
    case 'labels':
      return asList(value)
        .map((code) => (list ? list.label(code as never) : code))
        .join(LIST_SEPARATOR);
    case 'units':
      return asList(value).join(LIST_SEPARATOR);
    case 'textLines':
      return asList(value).join('\n');
    case 'integer':
    case 'decimal':
    case 'percent':
      return typeof value === 'number' ? value : Number(value);
    default:
      return String(value);
  }
}

/** The same as text, for showing what an import changes (before → after). */
export function cellText(column: WorkbookColumn, value: WorkbookValue): string | null {
  const cell = formatCell(column, value);
  if (cell === null || cell === '') return null;
  return String(cell);
}

function workbookVocabulary(column: WorkbookColumn) {
  return column.vocabulary ? workbookVocabularies[column.vocabulary] : undefined;
}

function asList(value: Exclude<WorkbookValue, null>): readonly string[] {
  return Array.isArray(value) ? value : [String(value)];
}
