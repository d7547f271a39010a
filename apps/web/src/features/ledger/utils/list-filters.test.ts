import { listItemsSearch } from '@ledger/domain/items';
import { describe, expect, test } from 'vitest';

import { defaultFilters, filtersFromSearch } from '@/lib/ledger-address';

import { activeFilterCount, changeFilters, clearedFilters } from './list-filters';

describe('changing the ledger filters', () => {
  test('changing a filter goes back to page 1; turning the page keeps the filters', () => {
    const onPage3 = { ...defaultFilters, overdue: true, page: 3 };

    expect(changeFilters(onPage3, { kind: 'task' })).toEqual({ ...onPage3, kind: 'task', page: 1 });
    expect(changeFilters(onPage3, { page: 4 })).toEqual({ ...onPage3, page: 4 });
  });

  test('reset clears what narrows the list but keeps sorting and page size', () => {
    const filters = filtersFromSearch(
      new URLSearchParams('overdue=true&status=CLOSED&q=x&sort=number&order=desc&pageSize=50&page=2'),
    );

    expect(activeFilterCount(filters)).toBe(2);
    expect(listItemsSearch(clearedFilters(filters)).toString()).toBe('sort=number&order=desc&pageSize=50');
    // As the 重置 button applies it: a change merged over the current filters.
    expect(listItemsSearch(changeFilters(filters, clearedFilters(filters))).toString()).toBe(
      'sort=number&order=desc&pageSize=50',
    );
  });

  test("a dashboard figure's filters count as narrowing filters and are cleared by reset", () => {
    const filters = filtersFromSearch(
      new URLSearchParams(
        'leadUnitId=10000000-0000-4000-8000-000000000001&bucket=BEHIND&rebound=true&closedFrom=2018-10-01&originalDeadlineTo=2018-12-31',
      ),
    );

    expect(activeFilterCount(filters)).toBe(5);
    expect(changeFilters(filters, clearedFilters(filters))).toEqual(defaultFilters);
  });
});
