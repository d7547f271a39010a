/**
 * Changing the ledger's filters. How they are written into and read from the page address is
 * shared with the pages that link into the ledger: see lib/ledger-address.
 */
import { ledgerFilterLabels } from '@ledger/domain/ledger-filters';

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

/** A date range is one chip; removing it clears both ends. */
const rangeRemovals: Record<string, Partial<LedgerFilters>> = {
  deadline: { deadlineFrom: undefined, deadlineTo: undefined },
  originalDeadline: { originalDeadlineFrom: undefined, originalDeadlineTo: undefined },
  closed: { closedFrom: undefined, closedTo: undefined },
};

/**
 * Every narrowing filter in words (统计口径：未达序时进度, 牵头单位：湖墅街道 …), so that whoever
 * arrives by a link, from a dashboard figure say, sees what the list is limited to, also on a
 * phone where the fields sit in a drawer. The words are the ones the exported workbook's title
 * block uses (packages/domain ledger-filters); the search term has its own box and no chip.
 * `unitName` names a unit by its id.
 */
export function filterChips(
  filters: LedgerFilters,
  unitName: (id: string) => string | undefined,
): FilterChip[] {
  return ledgerFilterLabels(filters, unitName)
    .filter(({ key }) => key !== 'q')
    .map(({ key, label }) => ({ key, label, remove: rangeRemovals[key] ?? { [key]: undefined } }));
}
