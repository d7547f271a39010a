/**
 * The ledger's filters live in the page address, named exactly as the API's `listItemsQuery`
 * names them: a link can be shared, a reload keeps the view, the back button undoes a change,
 * and the list request carries the same query string. Shared, because other pages (the
 * dashboard's figures, the overview's shortcuts) link into the ledger with a filter applied.
 */
import {
  listItemsDefaults,
  listItemsQuery,
  listItemsSearch,
  type ListItemsQuery,
} from '@ledger/domain/items';

import { paths } from '@/config/paths';

export type LedgerFilters = ListItemsQuery;
export type LedgerFilterKey = keyof LedgerFilters;

/** The filter names the address may carry. */
const filterKeys = Object.keys(listItemsQuery.shape) as LedgerFilterKey[];

/** What the API assumes when a filter is absent (sort, order, page, pageSize); not repeated in the address. */
export const defaultFilters: LedgerFilters = listItemsDefaults;

/** Values that take several entries (`status=IN_PROGRESS&status=REGISTERED`). */
const repeated: ReadonlySet<LedgerFilterKey> = new Set(['status']);

/**
 * Reads the filters from an address. A hand-edited or outdated link may carry a value the API
 * would refuse: only that filter is dropped, the rest of the view still applies.
 */
export function filtersFromSearch(search: URLSearchParams): LedgerFilters {
  const raw: Partial<Record<LedgerFilterKey, string | string[]>> = {};
  for (const key of filterKeys) {
    const values = search.getAll(key).filter((value) => value.trim() !== '');
    if (values.length > 0) raw[key] = repeated.has(key) ? values : values[0];
  }
  for (;;) {
    const result = listItemsQuery.safeParse(raw);
    if (result.success) return result.data;
    const bad = new Set(result.error.issues.map((issue) => issue.path[0] as LedgerFilterKey));
    // An issue that names no filter cannot be dropped one by one; start over from nothing.
    if ([...bad].some((key) => !(key in raw))) return defaultFilters;
    for (const key of bad) delete raw[key];
  }
}

/** The ledger page showing the rows `filters` select (e.g. a dashboard figure's `drillDown`). */
export function ledgerHref(filters: Partial<LedgerFilters>): string {
  const search = listItemsSearch(filters).toString();
  return `${paths.ledger.path}${search ? `?${search}` : ''}`;
}
