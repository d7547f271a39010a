/**
 * Changing the ledger's filters. How they are written into and read from the page address is
 * shared with the pages that link into the ledger: see lib/ledger-address.
 */
import {
  itemKind,
  itemStatus,
  pollutionType,
  problemCategory,
  reportBucket,
} from '@ledger/domain/vocabulary';

import { defaultFilters, type LedgerFilterKey, type LedgerFilters } from '@/lib/ledger-address';

/**
 * The filters after a change. Any change but a page turn starts again at page 1: page 7 of the
 * old selection means nothing in the new one.
 */
export function changeFilters(current: LedgerFilters, change: Partial<LedgerFilters>): LedgerFilters {
  const next = { ...current, ...change };
  if (!('page' in change)) next.page = 1;
  return next;
}

/** The filters that narrow the list (all but the search term, sorting and paging). */
const narrowing: readonly LedgerFilterKey[] = [
  'kind',
  'status',
  'unitId',
  'leadUnitId',
  'bucket',
  'rebound',
  'category',
  'pollutionType',
  'deadlineFrom',
  'deadlineTo',
  'originalDeadlineFrom',
  'originalDeadlineTo',
  'closedFrom',
  'closedTo',
  'overdue',
  'dueWithinDays',
];

/** How many narrowing filters are set (for the 筛选 badge on a phone). */
export function activeFilterCount(filters: LedgerFilters): number {
  return narrowing.filter((key) => {
    const value = filters[key];
    return Array.isArray(value) ? value.length > 0 : value !== undefined;
  }).length;
}

/**
 * The filters with every narrowing filter and the search cleared; sorting and page size stay.
 * Each cleared filter is named (as undefined), so that merged over the current filters by
 * `changeFilters` it removes them rather than leaving them in place.
 */
export const clearedFilters = (filters: LedgerFilters): LedgerFilters => ({
  ...defaultFilters,
  ...Object.fromEntries([...narrowing, 'q'].map((key) => [key, undefined])),
  sort: filters.sort,
  order: filters.order,
  pageSize: filters.pageSize,
});

/** One applied filter as a removable chip: its words, and the change that removes it. */
export type FilterChip = { key: string; label: string; remove: Partial<LedgerFilters> };

/** A date range in words: both ends, or the one end given. */
const dateRange = (from: string | undefined, to: string | undefined) =>
  from && to ? `${from} 至 ${to}` : from ? `${from} 起` : `至 ${to}`;

/**
 * Every narrowing filter in words (统计口径：未达序时进度, 牵头单位：湖墅街道 …), so that whoever
 * arrives by a link, from a dashboard figure say, sees what the list is limited to, also on a
 * phone where the fields sit in a drawer. `unitName` names a unit by its id.
 */
export function filterChips(
  filters: LedgerFilters,
  unitName: (id: string) => string | undefined,
): FilterChip[] {
  const chips: FilterChip[] = [];
  const add = (key: string, label: string, remove: Partial<LedgerFilters>) =>
    chips.push({ key, label, remove });
  const range = (
    key: string,
    label: string,
    fromKey: 'deadlineFrom' | 'originalDeadlineFrom' | 'closedFrom',
    toKey: 'deadlineTo' | 'originalDeadlineTo' | 'closedTo',
  ) => {
    if (filters[fromKey] || filters[toKey]) {
      add(key, `${label}：${dateRange(filters[fromKey], filters[toKey])}`, {
        [fromKey]: undefined,
        [toKey]: undefined,
      });
    }
  };

  if (filters.bucket) add('bucket', `统计口径：${reportBucket.label(filters.bucket)}`, { bucket: undefined });
  if (filters.leadUnitId) {
    add('leadUnitId', `牵头单位：${unitName(filters.leadUnitId) ?? '所选单位'}`, { leadUnitId: undefined });
  }
  if (filters.unitId) {
    add('unitId', `责任单位：${unitName(filters.unitId) ?? '所选单位'}`, { unitId: undefined });
  }
  if (filters.kind) {
    add('kind', `类型：${itemKind.label(filters.kind === 'task' ? 'TASK' : 'PETITION')}`, {
      kind: undefined,
    });
  }
  if (filters.status?.length) {
    add('status', `状态：${filters.status.map((status) => itemStatus.label(status)).join('、')}`, {
      status: undefined,
    });
  }
  if (filters.category) {
    add('category', `问题类别：${problemCategory.label(filters.category)}`, { category: undefined });
  }
  if (filters.pollutionType) {
    add('pollutionType', `污染类型：${pollutionType.label(filters.pollutionType)}`, {
      pollutionType: undefined,
    });
  }
  if (filters.overdue !== undefined) {
    add('overdue', filters.overdue ? '已逾期' : '未逾期', { overdue: undefined });
  }
  if (filters.dueWithinDays !== undefined) {
    add('dueWithinDays', `${filters.dueWithinDays} 天内到期`, { dueWithinDays: undefined });
  }
  if (filters.rebound !== undefined) {
    add('rebound', filters.rebound ? '曾反弹' : '未反弹', { rebound: undefined });
  }
  range('deadline', '整改时限', 'deadlineFrom', 'deadlineTo');
  range('originalDeadline', '原整改时限', 'originalDeadlineFrom', 'originalDeadlineTo');
  range('closed', '销号日期', 'closedFrom', 'closedTo');
  return chips;
}
