/**
 * A canned answer of GET /api/dashboard/summary, checked against the contract
 * (packages/domain/src/dashboard.ts) so that a test cannot draw figures the API never sends.
 */
import { dashboardSummary, type DashboardSummary } from '@ledger/domain/dashboard';

import { units } from './data';

export function buildDashboardSummary(overrides: Partial<DashboardSummary> = {}): DashboardSummary {
  return dashboardSummary.parse({
    asOf: '2018-11-29T06:35:00.000Z',
    today: '2018-11-29',
    scope: { kind: 'district', unitId: null, unitName: null },
    tasks: {
      total: 50,
      buckets: {
        COMPLETED: 6,
        BASICALLY_COMPLETE: 4,
        PHASE_COMPLETE: 3,
        LONG_TERM: 5,
        BEHIND: 7,
        CLOSED: 20,
        ON_SCHEDULE: 5,
      },
    },
    petitions: { total: 73, buckets: { CONCLUDED: 61, PHASE_CONCLUDED: 8, NOT_CONCLUDED: 4 } },
    deadlines: { overdue: 9, dueSoon: 3 },
    // The API's order: most overdue first, then the lowest completion rate.
    units: [
      {
        unitId: units.banshan.id,
        unitName: units.banshan.name,
        unitType: 'STREET',
        assigned: 14,
        closed: 5,
        overdue: 4,
        rebound: 1,
        completionRate: 5 / 14,
      },
      {
        unitId: units.ecology.id,
        unitName: units.ecology.name,
        unitType: 'DEPARTMENT',
        assigned: 30,
        closed: 21,
        overdue: 3,
        rebound: 0,
        completionRate: 0.7,
      },
      {
        unitId: units.hushu.id,
        unitName: units.hushu.name,
        unitType: 'STREET',
        assigned: 12,
        closed: 11,
        overdue: 2,
        rebound: 2,
        completionRate: 11 / 12,
      },
    ],
    categories: [
      { category: 'AIR', total: 18, closed: 9, overdue: 4 },
      { category: 'WATER', total: 22, closed: 8, overdue: 3 },
      { category: 'SOLID_WASTE', total: 10, closed: 3, overdue: 2 },
    ],
    pollutionTypes: [
      { pollutionType: 'CATERING_FUMES', total: 30, concluded: 27, overdue: 1 },
      { pollutionType: 'NOISE', total: 25, concluded: 22, overdue: 0 },
    ],
    trend: [
      { weekStart: '2018-08-06', closed: 0, planned: 2, cumulativeClosed: 0, cumulativePlanned: 2 },
      { weekStart: '2018-08-13', closed: 3, planned: 4, cumulativeClosed: 3, cumulativePlanned: 6 },
      { weekStart: '2018-08-20', closed: 5, planned: 1, cumulativeClosed: 8, cumulativePlanned: 7 },
    ],
    ...overrides,
  });
}
