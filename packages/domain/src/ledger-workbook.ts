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

// ───────────── Reading a cell back (the inverse of formatCell) ─────────────

/**
 * A cell as a workbook reader hands it over: text (with the export's formula-neutralising
 * apostrophe already removed), a number, true/false, a date, or null for an empty cell.
 */
export type WorkbookRawCell = string | number | boolean | Date | null;

/** A cell read back: the field's value (null: empty), or what is wrong with it, for a person to fix. */
export type ParsedCell = { ok: true; value: WorkbookValue } | { ok: false; problem: string };

/** Excel's day 0 (serial numbers count days from 1899-12-30, after its 1900 leap-year bug). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Serial numbers of 2000-01-01 and 2100-12-31: a number outside is not a ledger date. */
const SERIAL_RANGE = [36_526, 73_415] as const;

const YES_WORDS = new Set([YES, 'true', 'yes', 'y', '1', '√']);
const NO_WORDS = new Set([NO, 'false', 'no', 'n', '0', '×']);

/** A value list's label as compared on import: quotes and spaces do not count (督察“回头看”). */
const labelKey = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[\s"'“”‘’「」『』]/g, '')
    .toLowerCase();

const labelLookups = new Map<WorkbookVocabulary, Map<string, string>>();

/** label → code for a value list, codes included (an export of codes, or a technical user). */
function labelLookup(name: WorkbookVocabulary): Map<string, string> {
  let lookup = labelLookups.get(name);
  if (!lookup) {
    const list = workbookVocabularies[name];
    lookup = new Map<string, string>();
    for (const option of list.options) {
      lookup.set(labelKey(option.label), option.value);
      lookup.set(labelKey(option.value), option.value);
    }
    labelLookups.set(name, lookup);
  }
  return lookup;
}

const ok = (value: WorkbookValue): ParsedCell => ({ ok: true, value });
const wrong = (problem: string): ParsedCell => ({ ok: false, problem });

/** A number as a person typed it: 12, 12.0 → "12"; no exponent for long digit strings. */
function numberText(value: number): string {
  return Number.isInteger(value) ? BigInt(value).toString() : String(value);
}

function rawText(raw: Exclude<WorkbookRawCell, null>): string {
  if (raw instanceof Date) return isoDay(raw);
  if (typeof raw === 'number') return numberText(raw);
  if (typeof raw === 'boolean') return raw ? YES : NO;
  return raw;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

function calendarDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return isoDay(date);
}

const DATE_PATTERNS = [
  /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/,
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

function parseDate(column: WorkbookColumn, raw: Exclude<WorkbookRawCell, null>): ParsedCell {
  const notADate = (shown: string) =>
    wrong(`${column.header}“${shown}”不是有效的日期，请填写如 2026-06-30、2026/6/30 或 2026年6月30日`);
  // A real date cell; a time of day (an Excel date-time) does not change which day it is.
  if (raw instanceof Date) {
    return Number.isNaN(raw.getTime()) ? notADate(String(raw)) : ok(isoDay(raw));
  }
  if (typeof raw === 'number') {
    // A date cell that lost its date format shows Excel's serial number.
    if (raw < SERIAL_RANGE[0] || raw >= SERIAL_RANGE[1] + 1) return notADate(numberText(raw));
    return ok(isoDay(new Date(EXCEL_EPOCH_MS + Math.floor(raw) * DAY_MS)));
  }
  const text = rawText(raw).normalize('NFKC').trim();
  for (const pattern of DATE_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const date = calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
    return date ? ok(date) : notADate(text);
  }
  return notADate(text);
}

function parseNumber(column: WorkbookColumn, raw: Exclude<WorkbookRawCell, null>): ParsedCell {
  const integer = column.kind === 'integer';
  const expected = integer ? '整数' : '数字';
  let value: number;
  if (typeof raw === 'number') {
    value = raw;
  } else {
    let text = rawText(raw).normalize('NFKC').replace(/[\s,]/g, '');
    const percent = column.kind === 'percent' && text.endsWith('%');
    if (percent) text = text.slice(0, -1);
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) {
      return wrong(`${column.header}“${rawText(raw).trim()}”不是${expected}，请填写${expected}`);
    }
    value = Number(text);
  }
  if (!Number.isFinite(value)) return wrong(`${column.header}不是有效的${expected}`);
  if (integer && !Number.isInteger(value)) {
    return wrong(`${column.header}“${numberText(value)}”须为整数`);
  }
  return ok(value);
}

function parseLabel(column: WorkbookColumn, text: string): { code: string } | { problem: string } {
  const name = column.vocabulary;
  if (!name) return { code: text };
  const code = labelLookup(name).get(labelKey(text));
  if (code) return { code };
  const choices = workbookVocabularies[name].options.map((option) => option.label).join('、');
  return { problem: `${column.header}“${text}”不在可选范围内，请填写：${choices}` };
}

/**
 * What a cell holds, as the field's value — the inverse of `formatCell`, so that an exported
 * workbook reads back to the same values. Accepts what people type besides: dates as text
 * (YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, YYYYMMDD) or Excel serial numbers; a value
 * list's label (quotes and spaces aside) or its code; 是/否 and their common spellings; several
 * values split on `、，,；;` and line breaks. Units come back as the names written: the caller
 * knows the units. An empty cell is null.
 */
export function parseCell(column: WorkbookColumn, raw: WorkbookRawCell): ParsedCell {
  if (raw === null || raw === undefined) return ok(null);
  if (typeof raw === 'string' && raw.trim() === '') return ok(null);
  switch (column.kind) {
    case 'text':
      return ok(rawText(raw).trim());
    case 'longText':
      return ok(rawText(raw).replace(/\r\n?/g, '\n').trim());
    case 'textLines': {
      const lines = rawText(raw)
        .split(/\r\n?|\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
      return ok(lines);
    }
    case 'integer':
    case 'decimal':
    case 'percent':
      return parseNumber(column, raw);
    case 'date':
      return parseDate(column, raw);
    case 'boolean': {
      if (typeof raw === 'boolean') return ok(raw);
      const text = rawText(raw).normalize('NFKC').trim();
      if (YES_WORDS.has(text.toLowerCase())) return ok(true);
      if (NO_WORDS.has(text.toLowerCase())) return ok(false);
      return wrong(`${column.header}“${text}”无法识别，请填写“${YES}”或“${NO}”`);
    }
    case 'label': {
      const label = parseLabel(column, rawText(raw).trim());
      return 'code' in label ? ok(label.code) : wrong(label.problem);
    }
    case 'labels': {
      const codes: string[] = [];
      for (const part of splitList(rawText(raw))) {
        const label = parseLabel(column, part);
        if ('problem' in label) return wrong(label.problem);
        if (!codes.includes(label.code)) codes.push(label.code);
      }
      return ok(codes);
    }
    case 'unit': {
      const text = rawText(raw).trim();
      const names = splitList(text);
      if (names.length > 1) {
        return wrong(`${column.header}只能填写一个单位（“${text}”）；其他单位请填在配合单位中`);
      }
      return ok(names[0] ?? text);
    }
    case 'units':
      return ok([...new Set(splitList(rawText(raw)))]);
  }
}

/** The entries of a cell holding several values, trimmed, without empty ones. */
export function splitList(text: string): string[] {
  return text
    .split(LIST_SPLIT)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function workbookVocabulary(column: WorkbookColumn) {
  return column.vocabulary ? workbookVocabularies[column.vocabulary] : undefined;
}

function asList(value: Exclude<WorkbookValue, null>): readonly string[] {
  return Array.isArray(value) ? value : [String(value)];
}
