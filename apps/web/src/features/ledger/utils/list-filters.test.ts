import { describe, expect, test } from 'vitest';

import {
  activeFilterCount,
  changeFilters,
  clearedFilters,
  defaultFilters,
  filtersFromSearch,
  searchFromFilters,
} from './list-filters';

const unitId = '10000000-0000-4000-8000-000000000001';
const roundTrip = (search: string) =>
  searchFromFilters(filtersFromSearch(new URLSearchParams(search))).toString();

describe('ledger filters in the address', () => {
  test('every filter survives the round trip address → filters → address unchanged', () => {
    const search = [
      'kind=petition',
      'status=IN_PROGRESS',
      'status=REGISTERED',
      `unitId=${unitId}`,
      'category=AIR',
      'pollutionType=NOISE',
      'deadlineFrom=2026-01-01',
      'deadlineTo=2026-12-31',
      'overdue=true',
      'dueWithinDays=7',
      'q=%E6%B2%B9%E7%83%9F',
      'sort=number',
      'order=desc',
      'page=3',
      'pageSize=50',
    ].join('&');

    expect(roundTrip(search)).toBe(search);
  });

  test('the address reads into the API query (listItemsQuery) with its types', () => {
    const filters = filtersFromSearch(
      new URLSearchParams('overdue=true&dueWithinDays=7&status=CLOSED&page=2&q=+油烟+'),
    );

    expect(filters).toEqual({
      ...defaultFilters,
      overdue: true,
      dueWithinDays: 7,
      status: ['CLOSED'],
      page: 2,
      q: '油烟',
    });
  });

  test('filters → address → filters gives the same filters', () => {
    const filters = {
      ...defaultFilters,
      kind: 'task' as const,
      status: ['IN_PROGRESS' as const, 'PHASE_COMPLETE' as const],
      overdue: false,
      sort: 'updatedAt' as const,
      order: 'desc' as const,
      pageSize: 100,
    };

    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
  });

  test('defaults and empty values stay out of the address', () => {
    expect(searchFromFilters(defaultFilters).toString()).toBe('');
    expect(searchFromFilters({ ...defaultFilters, q: '', status: [] }).toString()).toBe('');
    expect(roundTrip('sort=deadline&order=asc&page=1&pageSize=20&q=')).toBe('');
  });

  test('a bad value drops only its own filter; unknown parameters are ignored', () => {
    const filters = filtersFromSearch(
      new URLSearchParams(
        'overdue=yes&status=IN_PROGRESS&status=NOPE&pageSize=5000&kind=task&utm_source=wechat',
      ),
    );

    expect(filters).toEqual({ ...defaultFilters, kind: 'task' });
  });

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
    expect(searchFromFilters(clearedFilters(filters)).toString()).toBe('sort=number&order=desc&pageSize=50');
  });
});
