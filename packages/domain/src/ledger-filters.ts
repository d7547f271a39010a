/**
 * The ledger's filters in words (牵头单位：湖墅街道；已逾期 …), for whoever reads a list or a file
 * without the screen that made it: the ledger workbook's title block says which rows it holds,
 * and the web ledger page shows the same words as removable chips. One wording for both, from
 * the vocabularies' labels.
 */
import type { ListItemsQuery } from './items';
import { itemKind, itemStatus, pollutionType, problemCategory, reportBucket } from './vocabulary';

/** One applied filter: `key` names it (the list query's name, or the date range's stem). */
export interface LedgerFilterLabel {
  key: string;
  label: string;
}

/** What the workbook says when no filter narrows the ledger. */
export const ALL_ITEMS = '全部事项';

/** Between the filters of one description. */
export const FILTER_SEPARATOR = '；';

/** A date range in words: both ends, or the one end given. */
const dateRange = (from: string | undefined, to: string | undefined) =>
  from && to ? `${from} 至 ${to}` : from ? `${from} 起` : `至 ${to}`;

/**
 * Every filter of `filters` in words, in the order the web's chips show them, then the search
 * term. `unitName` names a unit by its id; a unit it does not know is 所选单位. Sorting and paging
 * are not filters and are left out.
 */
export function ledgerFilterLabels(
  filters: Partial<ListItemsQuery>,
  unitName: (id: string) => string | undefined,
): LedgerFilterLabel[] {
  const labels: LedgerFilterLabel[] = [];
  const add = (key: string, label: string) => labels.push({ key, label });
  const range = (key: string, label: string, from: string | undefined, to: string | undefined) => {
    if (from || to) add(key, `${label}：${dateRange(from, to)}`);
  };

  if (filters.bucket) add('bucket', `统计口径：${reportBucket.label(filters.bucket)}`);
  if (filters.leadUnitId) add('leadUnitId', `牵头单位：${unitName(filters.leadUnitId) ?? '所选单位'}`);
  if (filters.unitId) add('unitId', `责任单位：${unitName(filters.unitId) ?? '所选单位'}`);
  if (filters.kind) add('kind', `类型：${itemKind.label(filters.kind === 'task' ? 'TASK' : 'PETITION')}`);
  if (filters.status?.length) {
    add('status', `状态：${filters.status.map((status) => itemStatus.label(status)).join('、')}`);
  }
  if (filters.category) add('category', `问题类别：${problemCategory.label(filters.category)}`);
  if (filters.pollutionType) add('pollutionType', `污染类型：${pollutionType.label(filters.pollutionType)}`);
  if (filters.overdue !== undefined) add('overdue', filters.overdue ? '已逾期' : '未逾期');
  if (filters.dueWithinDays !== undefined) add('dueWithinDays', `${filters.dueWithinDays} 天内到期`);
  if (filters.rebound !== undefined) add('rebound', filters.rebound ? '曾反弹' : '未反弹');
  range('deadline', '整改时限', filters.deadlineFrom, filters.deadlineTo);
  range('originalDeadline', '原整改时限', filters.originalDeadlineFrom, filters.originalDeadlineTo);
  range('closed', '销号日期', filters.closedFrom, filters.closedTo);
  if (filters.q) add('q', `搜索：“${filters.q}”`);
  return labels;
}

/** The filters as one line: `牵头单位：湖墅街道；已逾期`, or 全部事项 when none is applied. */
export function describeLedgerFilters(
  filters: Partial<ListItemsQuery>,
  unitName: (id: string) => string | undefined,
): string {
  const labels = ledgerFilterLabels(filters, unitName);
  return labels.length === 0 ? ALL_ITEMS : labels.map((entry) => entry.label).join(FILTER_SEPARATOR);
}
