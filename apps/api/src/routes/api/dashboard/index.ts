/**
 * 统计看板: `GET /api/dashboard/summary` — the district's figures for the coordination group,
 * leaders and auditors; a unit's officers and head get the same figures over their own unit's
 * items. Reading is not audited (no read is). The figures: services/dashboard.ts.
 */
import { dashboardScope, dashboardSummary } from '@ledger/domain/dashboard';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { forbidden } from '../../../lib/http-errors';
import { actorOf } from '../../../plugins/app/auth';
import { DashboardFigures } from '../../../services/dashboard';

const error = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).loose();

export interface DashboardRouteOptions {
  /** how long a computed summary is shared (DASHBOARD_CACHE_SECONDS); 0: every request computes */
  cacheMs?: number;
}

const dashboard: FastifyPluginAsyncZod<DashboardRouteOptions> = async (app, { cacheMs = 0 }) => {
  const figures = new DashboardFigures(app.db.prisma, cacheMs);
  app.get(
    '/api/dashboard/summary',
    {
      schema: {
        summary: '整改统计看板',
        description:
          '全区（或本单位）的统计口径、逾期与临期、各牵头单位、问题类别、污染类型与按周销号趋势；每个数字对应的台账筛选见 packages/domain/src/dashboard.ts 的 drillDown。',
        tags: ['dashboard'],
        response: { 200: dashboardSummary, 403: error },
      },
    },
    async (request) => {
      const scope = dashboardScope(actorOf(request));
      if (scope.kind === 'none') {
        throw forbidden('缺少权限: read:dashboard:own-unit', {
          missingPermission: 'read:dashboard:own-unit',
        });
      }
      return figures.summary(scope, app.ledgerToday());
    },
  );
};

export default dashboard;
