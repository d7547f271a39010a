import { drillDown } from '@ledger/domain/dashboard';
import { listItemsSearch } from '@ledger/domain/items';
import { describe, expect, test } from 'vitest';

import { defaultFilters, filtersFromSearch, ledgerHref } from './ledger-address';

const unitId = '10000000-0000-4000-8000-000000000001';
const roundTrip = (search: string) =>
  listItemsSearch(filtersFromSearch(new URLSearchParams(search))).toString();

describe('ledger filters in the address', () => {
  test('every filter survives the round trip address → filters → address unchanged', () => {
    const search = [
      'kind=petition',
      'status=IN_PROGRESS',
      'status=REGISTERED',
      `unitId=${unitId}`,
      `leadUnitId=${unitId}`,
      'bucket=PHASE_CONCLUDED',
      'rebound=true',
      'category=AIR',
      'pollutionType=NOISE',
      'deadlineFrom=2026-01-01',
      'deadlineTo=2026-12-31',
      'originalDeadlineFrom=2018-09-03',
      'originalDeadlineTo=2018-09-09',
      'closedFrom=2018-10-01',
      'closedTo=2018-10-07',
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
      new URLSearchParams('overdue=true&dueWithinDays=7&status=CLOSED&page=2&q=+油烟+&rebound=false'),
    );

    expect(filters).toEqual({
      ...defaultFilters,
      overdue: true,
      dueWithinDays: 7,
      status: ['CLOSED'],
      page: 2,
      q: '油烟',
      rebound: false,
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

    expect(filtersFromSearch(listItemsSearch(filters))).toEqual(filters);
  });

  test('defaults and empty values stay out of the address', () => {
    expect(listItemsSearch(defaultFilters).toString()).toBe('');
    expect(listItemsSearch({ ...defaultFilters, q: '', status: [] }).toString()).toBe('');
    expect(roundTrip('sort=deadline&order=asc&page=1&pageSize=20&q=')).toBe('');
  });

  test('a bad value drops only its own filter; unknown parameters are ignored', () => {
    const filters = filtersFromSearch(
      new URLSearchParams(
        'overdue=yes&status=IN_PROGRESS&status=NOPE&pageSize=5000&kind=task&bucket=DONE&utm_source=wechat',
      ),
    );

    expect(filters).toEqual({ ...defaultFilters, kind: 'task' });
  });

  test("a dashboard figure's drill-down becomes a ledger address that reads back into the same filters", () => {
    const unitOverdue = drillDown.unit(unitId, 'overdue');

    expect(ledgerHref(unitOverdue)).toBe(`/ledger?leadUnitId=${unitId}&overdue=true`);
    expect(ledgerHref({})).toBe('/ledger');
    for (const figure of [
      unitOverdue,
      drillDown.unit(unitId, 'closed'),
      drillDown.bucket('BEHIND'),
      drillDown.pollutionType('DUST', 'concluded'),
      drillDown.closedInWeek('2018-09-03'),
      drillDown.plannedInWeek('2018-12-31'),
    ]) {
      const search = new URLSearchParams(ledgerHref(figure).split('?')[1]);
      expect(filtersFromSearch(search)).toEqual({ ...defaultFilters, ...figure });
    }
  });
});
