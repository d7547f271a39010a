/**
 * The plan of an import: what each row of a read workbook (read.ts) would do to the ledger.
 *
 * A row is matched to the ledger by its number (编号 / 受理编号, unique across the ledger). A new
 * number is registered (新增), validated as the item routes validate a registration
 * (`createItemInput`). A known number is compared with the item, field by field, over the columns
 * the sheet has: the fields that differ become the update (更新), listed as the cells show them;
 * none differing leaves the row unchanged (无变化). The item's next state as a whole is validated
 * the same way as a registration, so that an update never breaks a rule the item must keep.
 * Every problem names its sheet, row and column. The plan also records what a commit needs: the
 * registration input, or the item, its version at preview time and the changed fields.
 */
import type { Prisma, PrismaClient } from '@ledger/db/client';
import type { ImportChange, ImportProblem, ImportRow } from '@ledger/domain/imports';
import {
  createItemInput,
  updateItemInput,
  type CreateItemInput,
  type UpdateItemInput,
} from '@ledger/domain/items';
import { cellText, type WorkbookColumn, type WorkbookValue } from '@ledger/domain/ledger-workbook';
import { itemKind } from '@ledger/domain/vocabulary';

import { petitionFieldsSelect, registrationSelect, taskFieldsSelect } from '../item-fields';
import { plainFields } from '../items-changes';
import type { ReadRow, ReadSheet, ReadWorkbook } from './read';

/** What a commit applies for a row. */
export type PlanApply =
  { create: CreateItemInput } | { itemId: string; version: number; update: UpdateItemInput };

export interface PlanRow extends ImportRow {
  apply: PlanApply | null;
}

export interface ImportPlan {
  rows: PlanRow[];
  /** what was left aside without harm (unknown columns, other sheets) */
  notes: ImportProblem[];
}

export interface ImportCounts {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  error: number;
  problems: number;
}

/** Where a column's value stands in an item input, and whether it names units. */
interface FieldPath {
  group: 'common' | 'task' | 'petition';
  field: string;
  unit?: 'one' | 'many';
}

function fieldOf(key: string): FieldPath {
  if (key === 'leadUnit') return { group: 'common', field: 'leadUnitId', unit: 'one' };
  if (key === 'cooperatingUnits') return { group: 'common', field: 'cooperatingUnitIds', unit: 'many' };
  if (key === 'petition.area') return { group: 'petition', field: 'areaUnitId', unit: 'one' };
  const [group, field] = key.split('.');
  if (field && (group === 'task' || group === 'petition')) return { group, field };
  return { group: 'common', field: key };
}

/** The column key of a zod issue's path in an item input. */
function columnKeyOfIssue(path: readonly PropertyKey[]): string | null {
  const [first, second] = path.map(String);
  if (first === 'leadUnitId') return 'leadUnit';
  if (first === 'cooperatingUnitIds') return 'cooperatingUnits';
  if ((first === 'task' || first === 'petition') && second) {
    return first === 'petition' && second === 'areaUnitId' ? 'petition.area' : `${first}.${second}`;
  }
  return first && first !== 'kind' ? first : null;
}

/** Fields a blank cell clears; any other blank field takes its default (否, 0) or must be filled. */
const CLEARABLE = new Set([
  'leadLeaderName',
  'responsiblePersonName',
  'responsiblePersonPhone',
  'warningDate',
  'petition.duplicateOfNumber',
  'petition.investigationFindings',
  'petition.verdict',
  'petition.handling',
  'petition.signerName',
]);

type Input = Record<string, unknown> & { task?: Record<string, unknown>; petition?: Record<string, unknown> };

function getField(input: Input, path: FieldPath): unknown {
  if (path.group === 'common') return input[path.field];
  return input[path.group]?.[path.field];
}

function setField(input: Input, path: FieldPath, value: unknown) {
  if (path.group === 'common') input[path.field] = value;
  else (input[path.group] ??= {})[path.field] = value;
}

interface UnitRecord {
  id: string;
  name: string;
  code: string;
  disabled: boolean;
}

class Units {
  private readonly byName = new Map<string, UnitRecord>();
  private readonly byCode = new Map<string, UnitRecord>();
  readonly byId = new Map<string, UnitRecord>();

  constructor(units: UnitRecord[]) {
    for (const unit of units) {
      this.byName.set(unit.name, unit);
      this.byCode.set(unit.code, unit);
      this.byId.set(unit.id, unit);
    }
  }

  /** A unit by its name as written (trimmed), or by its code. */
  find(written: string): UnitRecord | undefined {
    return this.byName.get(written) ?? this.byCode.get(written);
  }

  /** Names a person may have meant: those containing what was written, or contained in it. */
  suggestions(written: string): string[] {
    const compact = written.replace(/\s/g, '');
    if (compact.length < 2) return [];
    return [...this.byName.values()]
      .filter((unit) => !unit.disabled && (unit.name.includes(compact) || compact.includes(unit.name)))
      .map((unit) => unit.name)
      .slice(0, 3);
  }

  nameOf(id: unknown): string | null {
    return typeof id === 'string' ? (this.byId.get(id)?.name ?? id) : null;
  }
}

const itemSelect = {
  id: true,
  kind: true,
  number: true,
  status: true,
  version: true,
  ...registrationSelect,
  cooperatingUnits: { select: { unitId: true } },
  task: { select: taskFieldsSelect },
  petition: { select: { ...petitionFieldsSelect, areaUnitId: true } },
} as const satisfies Prisma.LedgerItemSelect;

type StoredItem = Prisma.LedgerItemGetPayload<{ select: typeof itemSelect }>;

/** A stored item in the shape of a registration input: the base an update is laid over. */
function storedInput(item: StoredItem): Input {
  const { id: _id, status: _status, version: _version, cooperatingUnits, task, petition, ...fields } = item;
  return {
    ...plainFields(fields),
    cooperatingUnitIds: cooperatingUnits.map((unit) => unit.unitId),
    ...(task ? { task: plainFields(task) } : {}),
    ...(petition ? { petition: plainFields(petition) } : {}),
  };
}

/** A column's value in an input, as the workbook holds it (units by name). */
function workbookValue(column: WorkbookColumn, input: Input, units: Units): WorkbookValue {
  const path = fieldOf(column.key);
  const value = getField(input, path);
  if (value === undefined || value === null) return null;
  if (path.unit === 'one') return units.nameOf(value);
  if (path.unit === 'many') return (value as string[]).map((id) => units.nameOf(id) ?? id);
  return value as WorkbookValue;
}

/** Equal as the ledger means it: lists of units and labels as sets, an empty list as no value. */
function sameValue(column: WorkbookColumn, a: WorkbookValue, b: WorkbookValue): boolean {
  const canonical = (value: WorkbookValue) => {
    if (value === null) return '';
    if (Array.isArray(value)) {
      return column.kind === 'textLines' ? value.join('\n') : [...value].sort().join('\u0001');
    }
    return String(value);
  };
  return canonical(a) === canonical(b);
}

const sheetLabel = (kind: 'TASK' | 'PETITION') => (kind === 'TASK' ? '整改任务' : '信访件');

/** Builds the plan of a read workbook against the ledger as it stands. */
export async function planImport(prisma: PrismaClient, workbook: ReadWorkbook): Promise<ImportPlan> {
  const units = new Units(
    await prisma.unit.findMany({ select: { id: true, name: true, code: true, disabled: true } }),
  );
  const numbers = new Map<string, { sheet: string; row: number }[]>();
  for (const sheet of workbook.sheets) {
    for (const row of sheet.rows) {
      const number = row.values.get('number');
      if (typeof number !== 'string') continue;
      const places = numbers.get(number) ?? [];
      places.push({ sheet: sheet.name, row: row.row });
      numbers.set(number, places);
    }
  }
  const existing = new Map<string, StoredItem>();
  const all = [...numbers.keys()];
  for (let start = 0; start < all.length; start += 1_000) {
    const found = await prisma.ledgerItem.findMany({
      where: { number: { in: all.slice(start, start + 1_000) } },
      select: itemSelect,
    });
    for (const item of found) existing.set(item.number, item);
  }

  const rows: PlanRow[] = [];
  for (const sheet of workbook.sheets) {
    for (const row of sheet.rows) rows.push(planRow(sheet, row, { units, existing, numbers }));
  }
  return { rows, notes: workbook.notes };
}

interface Lookups {
  units: Units;
  existing: Map<string, StoredItem>;
  numbers: Map<string, { sheet: string; row: number }[]>;
}

function planRow(sheet: ReadSheet, read: ReadRow, { units, existing, numbers }: Lookups): PlanRow {
  const { layout } = sheet;
  const problems = [...read.problems];
  /** column keys that already have a problem: one message per cell is enough */
  const reported = new Set<string>();
  const headerOf = (key: string) =>
    sheet.columns.get(key)?.header ?? layout.columns.find((column) => column.key === key)?.header ?? null;
  const problem = (key: string | null, message: string) => {
    problems.push({ sheet: sheet.name, row: read.row, column: key ? headerOf(key) : null, message });
    if (key) reported.add(key);
  };
  for (const earlier of read.problems) {
    for (const [key, column] of sheet.columns) if (column.header === earlier.column) reported.add(key);
  }

  const number = read.values.get('number');
  const item = typeof number === 'string' ? existing.get(number) : undefined;
  const planned: PlanRow = {
    sheet: sheet.name,
    row: read.row,
    kind: layout.kind,
    number: typeof number === 'string' ? number : null,
    title: (read.values.get('title') as string | null | undefined) ?? item?.title ?? null,
    action: 'ERROR',
    itemId: item?.id ?? null,
    changes: [],
    problems,
    apply: null,
  };

  for (const [key, fileColumn] of sheet.columns) {
    if (fileColumn.column.required && read.values.get(key) === null && !reported.has(key)) {
      problem(key, `${fileColumn.header}为必填项，不能为空`);
    }
  }
  if (typeof number === 'string') {
    const places = numbers.get(number) ?? [];
    if (places.length > 1) {
      const where = places.map((place) => `“${place.sheet}”第 ${place.row} 行`).join('、');
      problem(
        'number',
        `${headerOf('number')}“${number}”在本文件中出现了 ${places.length} 次（${where}），同一编号只能有一行`,
      );
    }
  }
  if (item && item.kind !== layout.kind) {
    problem(
      'number',
      `${headerOf('number')}“${item.number}”在台账中是${itemKind.label(item.kind)}，不能在“${sheet.name}”表中导入；请移到“${sheetLabel(item.kind)}”表`,
    );
    return planned;
  }

  // The next state: the stored item (for an update) with the sheet's columns laid over it.
  const candidate: Input = item ? storedInput(item) : { kind: layout.kind };
  for (const [key, fileColumn] of sheet.columns) {
    const path = fieldOf(key);
    const value = read.values.get(key);
    if (value === undefined) continue;
    if (value === null) {
      setField(candidate, path, path.unit === 'many' ? [] : CLEARABLE.has(key) ? null : undefined);
      continue;
    }
    if (!path.unit) {
      setField(candidate, path, value);
      continue;
    }
    const ids: string[] = [];
    for (const written of path.unit === 'many' ? (value as string[]) : [value as string]) {
      const unit = units.find(written);
      if (!unit) {
        const guesses = units.suggestions(written);
        const guess = guesses.length > 0 ? `（是否为：${guesses.join('、')}？）` : '';
        problem(
          key,
          `${fileColumn.header}“${written}”不是系统中的单位${guess}。单位名称须与系统中的完全一致，可在台账页“责任单位”筛选的下拉列表中查看`,
        );
      } else if (unit.disabled) {
        problem(key, `${fileColumn.header}“${written}”已停用，请改填现用的单位`);
      } else {
        ids.push(unit.id);
      }
    }
    setField(candidate, path, path.unit === 'many' ? ids : ids[0]);
  }

  const parsed = createItemInput.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = columnKeyOfIssue(issue.path);
      if (key && reported.has(key)) continue;
      // A required column the sheet lacks is reported once, for the file.
      if (key && !sheet.columns.has(key) && !item) continue;
      problem(key, issue.message);
    }
  }
  if (problems.length > 0 || !parsed.success) return planned;

  const next = parsed.data as Input;
  if (!item) {
    planned.action = 'CREATE';
    planned.apply = { create: parsed.data };
    return planned;
  }

  const before = storedInput(item);
  const update: Input = { version: item.version };
  const changes: ImportChange[] = [];
  for (const [key, fileColumn] of sheet.columns) {
    const column = fileColumn.column;
    const was = workbookValue(column, before, units);
    const now = workbookValue(column, next, units);
    if (sameValue(column, was, now)) continue;
    changes.push({ header: column.header, before: cellText(column, was), after: cellText(column, now) });
    const path = fieldOf(key);
    setField(update, path, getField(next, path) ?? null);
  }
  planned.changes = changes;
  if (changes.length === 0) {
    planned.action = 'UNCHANGED';
    return planned;
  }
  if (item.status === 'CLOSED') {
    for (const change of changes) {
      const key = [...sheet.columns].find(
        ([, fileColumn]) => fileColumn.column.header === change.header,
      )?.[0];
      problem(
        key ?? null,
        `事项“${item.number}”已销号，记录不能再修改（${change.header}：${change.before ?? '空'} → ${change.after ?? '空'}）；请恢复原值或删除本行`,
      );
    }
    return planned;
  }
  const checked = updateItemInput.safeParse(update);
  if (!checked.success) {
    for (const issue of checked.error.issues) problem(columnKeyOfIssue(issue.path), issue.message);
    return planned;
  }
  planned.action = 'UPDATE';
  planned.apply = { itemId: item.id, version: item.version, update: checked.data };
  return planned;
}

export function countPlan(plan: ImportPlan, fileProblems: ImportProblem[]): ImportCounts {
  const counts: ImportCounts = {
    rows: plan.rows.length,
    create: 0,
    update: 0,
    unchanged: 0,
    error: 0,
    problems: fileProblems.length,
  };
  for (const row of plan.rows) {
    counts.problems += row.problems.length;
    if (row.action === 'CREATE') counts.create += 1;
    else if (row.action === 'UPDATE') counts.update += 1;
    else if (row.action === 'UNCHANGED') counts.unchanged += 1;
    else counts.error += 1;
  }
  return counts;
}
