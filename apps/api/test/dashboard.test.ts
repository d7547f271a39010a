/**
 * 统计看板: the summary's figures against counts made here, independently, from the rows read
 * with Prisma and the domain's rules; every figure against the ledger list its drill-down opens;
 * the bucket rule in SQL against the same rule in TypeScript, item by item.
 */
import { Prisma } from '@ledger/db/client';
import { addDays, ledgerDate, toIsoDate } from '@ledger/domain/calendar';
import {
  drillDown,
  DUE_SOON_DAYS,
  reportBucketOf,
  taskReportBucketOf,
  type DashboardSummary,
  type LedgerDrillDown,
} from '@ledger/domain/dashboard';
import { handlingStateForStatus } from '@ledger/domain/handling-state';
import { deadlineFacts, listItemsSearch } from '@ledger/domain/items';
import {
  handlingState,
  itemStatus,
  pollutionType,
  problemCategory,
  taskReportBucket,
  timeLimitType,
} from '@ledger/domain/vocabulary';
import { beforeAll, describe, expect, it } from 'vitest';

import { taskReportBucketSql } from '../src/services/ledger';
import { SEED_TODAY, useSeedDayApp, useTestApp } from './helpers';

type Status = (typeof itemStatus.codes)[number];
type TimeLimitType = (typeof timeLimitType.codes)[number];
type PollutionType = (typeof pollutionType.codes)[number];
type Category = (typeof problemCategory.codes)[number];

const today = ledgerDate(SEED_TODAY);
const day = (offset: number) => addDays(today, offset);
/** An instant whose Asia/Shanghai date is `date` at `hour` o'clock there. */
const shanghai = (date: Date, hour: number) => new Date(date.getTime() + (hour - 8) * 3_600_000);
const monday = (date: Date) => addDays(date, -((date.getUTCDay() + 6) % 7));

describe('the dashboard (统计看板)', () => {
  const context = useTestApp({ seed: true });
  const seedDay = useSeedDayApp(context);
  const { units, login, inject } = seedDay;
  const prisma = () => context.db.prisma;

  const summaryOf = async (username: string) => {
    const response = await inject(username, { method: 'GET', url: '/api/dashboard/summary' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<DashboardSummary>();
  };
  const ledgerTotal = async (username: string, filter: LedgerDrillDown) => {
    const search = listItemsSearch({ ...filter, pageSize: 1 });
    const response = await inject(username, { method: 'GET', url: `/api/items?${search}` });
    expect(response.statusCode, `${search}: ${response.body}`).toBe(200);
    const list = response.json<{ total: number; totalCapped: boolean }>();
    expect(list.totalCapped).toBe(false);
    return list.total;
  };

  let serial = 0;
  /** An item written with Prisma, as registration would leave it, plus the state it has reached. */
  async function addItem(spec: {
    kind?: 'TASK' | 'PETITION';
    status?: Status;
    timeLimitType?: TimeLimitType;
    registeredAt: Date;
    deadline: Date;
    originalDeadline?: Date;
    percent?: number | null;
    lead: string;
    cooperating?: string[];
    category?: Category;
    pollutionTypes?: PollutionType[];
    closedOn?: Date;
    reboundCount?: number;
  }) {
    const kind = spec.kind ?? 'TASK';
    const number = `DB-${kind}-${++serial}`;
    const coordinator = await prisma().user.findUniqueOrThrow({ where: { username: 'coordinator' } });
    const item = await prisma().ledgerItem.create({
      data: {
        kind,
        number,
        title: `看板测试事项 ${number}`,
        leadUnitId: units[spec.lead]!,
        deadline: spec.deadline,
        originalDeadline: spec.originalDeadline ?? spec.deadline,
        timeLimitType: spec.timeLimitType ?? 'SHORT_TERM',
        status: spec.status ?? 'IN_PROGRESS',
        closedOn: spec.closedOn ?? null,
        reboundCount: spec.reboundCount ?? 0,
        createdAt: spec.registeredAt,
        createdById: coordinator.id,
        cooperatingUnits: { create: (spec.cooperating ?? []).map((code) => ({ unitId: units[code]! })) },
        ...(kind === 'TASK'
          ? {
              task: {
                create: {
                  inspectionRound: 'FIRST_ROUND',
                  feedbackText: '看板测试反馈问题',
                  category: spec.category ?? 'AIR',
                  target: '整改到位',
                  measures: ['落实整改'],
                  closureStandard: '验收合格',
                },
              },
            }
          : {
              petition: {
                create: {
                  batch: 99,
                  handedOverOn: spec.registeredAt,
                  complaintSummary: '看板测试信访件',
                  areaUnitId: units[spec.lead]!,
                  pollutionTypes: spec.pollutionTypes ?? ['NOISE'],
                  handlingState: handlingStateForStatus(spec.status ?? 'IN_PROGRESS'),
                },
              },
            }),
      },
    });
    if (spec.percent !== undefined && spec.percent !== null) {
      // Through a progress entry, as a unit reports it: the trigger keeps latestProgressPercent.
      await prisma().progressEntry.create({
        data: {
          itemId: item.id,
          unitId: units[spec.lead]!,
          authorId: coordinator.id,
          reportedOn: today,
          content: '看板测试进展',
          percent: spec.percent,
        },
      });
    }
    return item.id;
  }

  beforeAll(async () => {
    for (const username of ['coordinator', 'leader', 'auditor', 'admin', 'officer.hushu', 'head.hushu']) {
      await login(username);
    }

    // 序时进度 at its boundary: registered 2026-11-19 (Shanghai), due 2026-12-09, today is day 10
    // of 20 → 50 % expected.
    const registeredMorning = shanghai(day(-10), 10);
    await addItem({ registeredAt: registeredMorning, deadline: day(10), percent: 50, lead: 'street-hushu' });
    await addItem({ registeredAt: registeredMorning, deadline: day(10), percent: 49, lead: 'street-hushu' });
    // Registered at 00:30 Shanghai time, still the previous day in UTC: 19 days, 9 elapsed → 47.4 %.
    const registeredAfterMidnight = shanghai(day(-9), 0.5);
    await addItem({
      registeredAt: registeredAfterMidnight,
      deadline: day(10),
      percent: 48,
      lead: 'street-xiaohe',
    });
    await addItem({
      registeredAt: registeredAfterMidnight,
      deadline: day(10),
      percent: 47,
      lead: 'street-xiaohe',
    });
    // No progress: behind once the deadline has passed, not on the day itself.
    await addItem({ registeredAt: shanghai(day(-60), 9), deadline: day(-1), lead: 'street-hushu' });
    await addItem({
      registeredAt: shanghai(day(-60), 9),
      deadline: day(0),
      lead: 'street-banshan',
      category: 'WATER',
    });
    await addItem({
      registeredAt: shanghai(day(-60), 9),
      deadline: day(8),
      lead: 'street-banshan',
      category: 'WATER',
    });
    // 基本完成 and 长期坚持 come before being late.
    await addItem({
      registeredAt: shanghai(day(-90), 9),
      deadline: day(-5),
      percent: 90,
      lead: 'dept-ecology',
    });
    await addItem({
      registeredAt: shanghai(day(-90), 9),
      deadline: day(-5),
      percent: 10,
      timeLimitType: 'LONG_TERM',
      lead: 'dept-ecology',
      cooperating: ['street-hushu'],
      category: 'ECOLOGY',
    });
    // An extension: due in a week now, planned three weeks ago.
    await addItem({
      registeredAt: shanghai(day(-100), 9),
      deadline: day(DUE_SOON_DAYS),
      originalDeadline: day(-20),
      percent: 30,
      lead: 'dept-construction',
      cooperating: ['street-hushu'],
      category: 'SOLID_WASTE',
    });
    await addItem({
      registeredAt: shanghai(day(-30), 9),
      deadline: day(-2),
      status: 'AWAITING_VERIFICATION',
      lead: 'street-hushu',
    });
    await addItem({
      registeredAt: shanghai(day(-200), 9),
      deadline: day(-50),
      status: 'CLOSED',
      closedOn: day(-55),
      reboundCount: 2,
      lead: 'street-hushu',
      category: 'NOISE',
    });
    // Petitions: a type entered twice counts once; a case on the closure path is not concluded.
    await addItem({
      kind: 'PETITION',
      registeredAt: shanghai(day(-40), 9),
      deadline: day(-3),
      status: 'PHASE_COMPLETE',
      timeLimitType: 'LONG_TERM',
      pollutionTypes: ['WATER', 'WATER', 'NOISE'],
      lead: 'street-hushu',
    });
    await addItem({
      kind: 'PETITION',
      registeredAt: shanghai(day(-40), 9),
      deadline: day(-3),
      status: 'AWAITING_SIGN_OFF',
      pollutionTypes: ['HEAVY_METAL'],
      lead: 'street-banshan',
      cooperating: ['street-hushu'],
    });

    // A rebound found by a look-back, through the API, on a closed item of the demo ledger.
    const closed = await prisma().ledgerItem.findFirstOrThrow({
      where: { status: 'CLOSED', reboundCount: 0, kind: 'TASK' },
      orderBy: { number: 'asc' },
    });
    const lookBack = await inject('coordinator', {
      method: 'POST',
      url: `/api/items/${closed.id}/actions/record_lookback`,
      payload: {
        version: closed.version,
        result: 'REBOUND',
        findings: '回头看发现问题反弹。',
        inspectedOn: toIsoDate(today),
      },
    });
    expect(lookBack.statusCode, lookBack.body).toBe(200);
  }, 60_000);

  /** The summary counted here from the rows, with the domain's rules, for the items `unitId` is involved in (or all). */
  async function countedHere(unitId?: string): Promise<Omit<DashboardSummary, 'asOf' | 'scope'>> {
    const rows = (
      await prisma().ledgerItem.findMany({
        select: {
          kind: true,
          status: true,
          timeLimitType: true,
          latestProgressPercent: true,
          createdAt: true,
          deadline: true,
          originalDeadline: true,
          warningDate: true,
          closedOn: true,
          reboundCount: true,
          leadUnitId: true,
          cooperatingUnits: { select: { unitId: true } },
          task: { select: { category: true } },
          petition: { select: { pollutionTypes: true } },
        },
      })
    ).filter(
      (row) =>
        unitId === undefined ||
        row.leadUnitId === unitId ||
        row.cooperatingUnits.some((unit) => unit.unitId === unitId),
    );
    const facts = rows.map((row) => {
      const { overdue, daysLeft } = deadlineFacts(row, today);
      return {
        row,
        overdue,
        dueSoon: row.status !== 'CLOSED' && daysLeft >= 0 && daysLeft <= DUE_SOON_DAYS,
        bucket: reportBucketOf({ ...row, registeredOn: ledgerDate(row.createdAt) }, today),
      };
    });
    const count = (predicate: (fact: (typeof facts)[number]) => boolean) => facts.filter(predicate).length;

    const tasks = facts.filter((fact) => fact.row.kind === 'TASK');
    const petitions = facts.filter((fact) => fact.row.kind === 'PETITION');
    const unitRows = await prisma().unit.findMany();
    const unitsExpected = unitRows
      .map((unit) => {
        const led = facts.filter((fact) => fact.row.leadUnitId === unit.id);
        const closed = led.filter((fact) => fact.row.status === 'CLOSED').length;
        return {
          unit,
          figures: {
            unitId: unit.id,
            unitName: unit.name,
            unitType: unit.type,
            assigned: led.length,
            closed,
            overdue: led.filter((fact) => fact.overdue).length,
            rebound: led.filter((fact) => fact.row.reboundCount > 0).length,
            completionRate: led.length === 0 ? 0 : closed / led.length,
          },
        };
      })
      .filter(({ figures }) => figures.assigned > 0)
      .sort(
        (a, b) =>
          b.figures.overdue - a.figures.overdue ||
          a.figures.completionRate - b.figures.completionRate ||
          a.unit.sortOrder - b.unit.sortOrder ||
          a.unit.id.localeCompare(b.unit.id),
      )
      .map(({ figures }) => figures);

    // Burn-up: every Monday from the first registration, plan or closure to the last plan or today.
    const events = facts.flatMap((fact) => [
      ledgerDate(fact.row.createdAt),
      fact.row.originalDeadline,
      ...(fact.row.closedOn ? [fact.row.closedOn] : []),
    ]);
    const first = monday(new Date(Math.min(...events.map((date) => date.getTime()))));
    const lastEvent = [
      ...facts.map((fact) => fact.row.originalDeadline),
      ...facts.flatMap((f) => f.row.closedOn ?? []),
      today,
    ];
    const last = monday(new Date(Math.max(...lastEvent.map((date) => date.getTime()))));
    const trend: DashboardSummary['trend'] = [];
    let cumulativeClosed = 0;
    let cumulativePlanned = 0;
    for (let week = first; week <= last; week = addDays(week, 7)) {
      const inWeek = (date: Date | null) => date !== null && date >= week && date < addDays(week, 7);
      const closed = count((fact) => inWeek(fact.row.closedOn));
      const planned = count((fact) => inWeek(fact.row.originalDeadline));
      cumulativeClosed += closed;
      cumulativePlanned += planned;
      trend.push({ weekStart: toIsoDate(week), closed, planned, cumulativeClosed, cumulativePlanned });
    }

    return {
      today: toIsoDate(today),
      tasks: {
        total: tasks.length,
        buckets: Object.fromEntries(
          taskReportBucket.codes.map((code) => [code, tasks.filter((fact) => fact.bucket === code).length]),
        ) as DashboardSummary['tasks']['buckets'],
      },
      petitions: {
        total: petitions.length,
        buckets: Object.fromEntries(
          handlingState.codes.map((code) => [code, petitions.filter((fact) => fact.bucket === code).length]),
        ) as DashboardSummary['petitions']['buckets'],
      },
      deadlines: { overdue: count((fact) => fact.overdue), dueSoon: count((fact) => fact.dueSoon) },
      units: unitsExpected,
      categories: problemCategory.codes
        .map((category) => {
          const of = tasks.filter((fact) => fact.row.task?.category === category);
          return {
            category,
            total: of.length,
            closed: of.filter((fact) => fact.row.status === 'CLOSED').length,
            overdue: of.filter((fact) => fact.overdue).length,
          };
        })
        .filter((row) => row.total > 0),
      pollutionTypes: pollutionType.codes
        .map((type) => {
          const of = petitions.filter((fact) => fact.row.petition?.pollutionTypes.includes(type));
          return {
            pollutionType: type,
            total: of.length,
            concluded: of.filter((fact) => fact.bucket === 'CONCLUDED').length,
            overdue: of.filter((fact) => fact.overdue).length,
          };
        })
        .filter((row) => row.total > 0),
      trend,
    };
  }

  it('gives the district figures to the coordinator, equal to counts made independently', async () => {
    const summary = await summaryOf('coordinator');
    const { asOf, scope, ...figures } = summary;
    expect(new Date(asOf).getTime()).toBeLessThanOrEqual(Date.now());
    expect(scope).toEqual({ kind: 'district', unitId: null, unitName: null });
    expect(figures).toEqual(await countedHere());

    // The added items reach the buckets and figures they were made for.
    expect(summary.tasks.total).toBe(30 + 12);
    expect(summary.petitions.total).toBe(73 + 2);
    for (const bucket of taskReportBucket.codes)
      expect(summary.tasks.buckets[bucket], bucket).toBeGreaterThan(0);
    for (const state of handlingState.codes)
      expect(summary.petitions.buckets[state], state).toBeGreaterThan(0);
    expect(summary.units.some((unit) => unit.rebound > 0)).toBe(true);
    // Worst first: the unit with the most overdue items leads.
    expect(summary.units[0]!.overdue).toBe(Math.max(...summary.units.map((unit) => unit.overdue)));
    const week = summary.trend.find((point) => point.weekStart === toIsoDate(monday(day(-20))))!;
    expect(week.planned).toBeGreaterThan(0);
    // The leader and the auditor read the same district figures.
    for (const username of ['leader', 'auditor']) {
      const { asOf: _, ...same } = await summaryOf(username);
      expect(same).toEqual({ scope, ...figures });
    }
  });

  it('links every figure to exactly the ledger rows behind it', async () => {
    for (const username of ['coordinator', 'officer.hushu']) {
      const summary = await summaryOf(username);
      const figures: [LedgerDrillDown, number][] = [
        [drillDown.tasks(), summary.tasks.total],
        [drillDown.petitions(), summary.petitions.total],
        ...taskReportBucket.codes.map((bucket): [LedgerDrillDown, number] => [
          drillDown.bucket(bucket),
          summary.tasks.buckets[bucket],
        ]),
        ...handlingState.codes.map((state): [LedgerDrillDown, number] => [
          drillDown.bucket(state),
          summary.petitions.buckets[state],
        ]),
        [drillDown.overdue(), summary.deadlines.overdue],
        [drillDown.dueSoon(), summary.deadlines.dueSoon],
        ...summary.units.flatMap((unit) =>
          (['assigned', 'closed', 'overdue', 'rebound'] as const).map((column): [LedgerDrillDown, number] => [
            drillDown.unit(unit.unitId, column),
            unit[column],
          ]),
        ),
        ...summary.categories.flatMap((row) =>
          (['total', 'closed', 'overdue'] as const).map((column): [LedgerDrillDown, number] => [
            drillDown.category(row.category, column),
            row[column],
          ]),
        ),
        ...summary.pollutionTypes.flatMap((row) =>
          (['total', 'concluded', 'overdue'] as const).map((column): [LedgerDrillDown, number] => [
            drillDown.pollutionType(row.pollutionType, column),
            row[column],
          ]),
        ),
        ...summary.trend.flatMap((point): [LedgerDrillDown, number][] => [
          ...(point.closed > 0
            ? [[drillDown.closedInWeek(point.weekStart), point.closed] as [LedgerDrillDown, number]]
            : []),
          ...(point.planned > 0
            ? [[drillDown.plannedInWeek(point.weekStart), point.planned] as [LedgerDrillDown, number]]
            : []),
        ]),
      ];
      expect(figures.length).toBeGreaterThan(50);
      for (const [filter, figure] of figures) {
        expect(
          await ledgerTotal(username, filter),
          `${username}: ${listItemsSearch(filter).toString()}`,
        ).toBe(figure);
      }
      // The burn-up's weeks add up to the items closed and planned.
      const last = summary.trend.at(-1)!;
      expect(last.cumulativePlanned).toBe(summary.tasks.total + summary.petitions.total);
      expect(last.cumulativeClosed).toBe(await ledgerTotal(username, { closedFrom: '2000-01-01' }));
    }
  });

  it("gives a unit's officers and head the figures of their own unit's items only", async () => {
    const hushu = units['street-hushu']!;
    const expected = await countedHere(hushu);
    for (const username of ['officer.hushu', 'head.hushu']) {
      const { asOf: _, scope, ...figures } = await summaryOf(username);
      expect(scope).toEqual({ kind: 'unit', unitId: hushu, unitName: '湖墅街道' });
      expect(figures).toEqual(expected);
    }
    // Items it cooperates on count too, under their lead unit.
    expect(expected.units.map((unit) => unit.unitName)).toEqual(
      expect.arrayContaining(['湖墅街道', '生态环境拱墅分局', '区住建局', '半山街道']),
    );
    const district = await summaryOf('coordinator');
    expect(expected.tasks.total + expected.petitions.total).toBeLessThan(
      district.tasks.total + district.petitions.total,
    );
  });

  it('refuses those who may read no dashboard, naming the permission', async () => {
    const response = await inject('admin', { method: 'GET', url: '/api/dashboard/summary' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      message: '缺少权限: read:dashboard:own-unit',
      missingPermission: 'read:dashboard:own-unit',
    });
    const anonymous = await seedDay.app.inject({ method: 'GET', url: '/api/dashboard/summary' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('decides the bucket in SQL as the domain does in TypeScript, item by item, to the boundary day', async () => {
    // Generated items over every status and time-limit type, registered at any hour (around
    // Shanghai's midnight too), with periods of 0–60 days and percents on both sides of the
    // time-proportional expectation; judged on several days.
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    const items = Array.from({ length: 4_000 }, (_, n) => {
      const registeredAt = new Date(today.getTime() - Math.floor(random() * 80 * 86_400_000));
      const registeredOn = ledgerDate(registeredAt);
      const period = Math.floor(random() * 62) - 1;
      const deadline = addDays(registeredOn, period);
      const judgedOn = addDays(registeredOn, Math.floor(random() * (period + 4)) - 1);
      const elapsed = Math.min(
        Math.max((judgedOn.getTime() - registeredOn.getTime()) / 86_400_000, 0),
        Math.max(period, 1),
      );
      const expected = (elapsed / Math.max(period, 1)) * 100;
      const percent = pick([
        null,
        Math.floor(expected),
        Math.ceil(expected),
        Math.max(Math.floor(expected) - 1, 0),
        Math.min(Math.ceil(expected) + 1, 100),
        89,
        90,
        Math.floor(random() * 101),
      ]);
      return {
        n,
        status: pick(itemStatus.codes),
        timeLimitType: random() < 0.15 ? ('LONG_TERM' as const) : pick(timeLimitType.codes),
        latestProgressPercent: percent,
        createdAt: registeredAt,
        deadline,
        judgedOn,
      };
    });
    const byDay = new Map<string, typeof items>();
    for (const item of items) {
      const key = toIsoDate(item.judgedOn);
      byDay.set(key, [...(byDay.get(key) ?? []), item]);
    }
    let compared = 0;
    for (const [isoDay, group] of byDay) {
      const judgedOn = new Date(`${isoDay}T00:00:00Z`);
      const records = group.map((item) => ({
        n: item.n,
        status: item.status,
        timeLimitType: item.timeLimitType,
        latestProgressPercent: item.latestProgressPercent,
        createdAt: item.createdAt.toISOString(),
        deadline: toIsoDate(item.deadline),
      }));
      const rows = await prisma().$queryRaw<{ n: number; bucket: string }[]>(Prisma.sql`
        SELECT i."n", ${taskReportBucketSql(judgedOn)} AS "bucket"
        FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS i("n" int, "status" "ItemStatus",
          "timeLimitType" "TimeLimitType", "latestProgressPercent" int, "createdAt" timestamptz(3), "deadline" date)`);
      const inSql = new Map(rows.map((row) => [row.n, row.bucket]));
      for (const item of group) {
        const inTypeScript = taskReportBucketOf(
          { ...item, registeredOn: ledgerDate(item.createdAt) },
          judgedOn,
        );
        expect(inSql.get(item.n), JSON.stringify({ ...item, judgedOn: isoDay })).toBe(inTypeScript);
        compared += 1;
      }
    }
    expect(compared).toBe(items.length);
    // The generated items reach every bucket, and the schedule rule both ways.
    const buckets = new Set(
      items.map((item) =>
        taskReportBucketOf({ ...item, registeredOn: ledgerDate(item.createdAt) }, item.judgedOn),
      ),
    );
    expect([...buckets].sort()).toEqual([...taskReportBucket.codes].sort());
  });
});

describe('the dashboard shared between requests (DASHBOARD_CACHE_SECONDS)', () => {
  const SHARED_MS = 5_000;
  const context = useTestApp({ seed: true });
  const { login, inject } = useSeedDayApp(context, { dashboardCacheMs: SHARED_MS });
  beforeAll(async () => {
    for (const username of ['coordinator', 'officer.hushu']) await login(username);
  });
  const summaryOf = async (username: string) => {
    const response = await inject(username, { method: 'GET', url: '/api/dashboard/summary' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<DashboardSummary>();
  };

  it('answers the same figures within the time, fresh ones after it, and one computation to concurrent asks', async () => {
    const prisma = context.db.prisma;
    const first = await summaryOf('coordinator');
    const unitFirst = await summaryOf('officer.hushu');
    expect(unitFirst.scope).toMatchObject({ kind: 'unit' });
    // An open item of the district falls overdue behind the shared figures' back.
    const item = await prisma.ledgerItem.findFirstOrThrow({
      where: { status: 'IN_PROGRESS', deadline: { gte: today } },
      select: { id: true },
    });
    await prisma.ledgerItem.update({ where: { id: item.id }, data: { deadline: day(-3) } });

    // Within the time: the figures computed before, as their asOf says; each scope its own.
    expect(await summaryOf('coordinator')).toEqual(first);
    expect(await summaryOf('officer.hushu')).toEqual(unitFirst);

    await new Promise((resolve) => setTimeout(resolve, SHARED_MS + 100));
    // After it: computed again, once for five requests at the same moment.
    const together = await Promise.all(Array.from({ length: 5 }, () => summaryOf('coordinator')));
    expect(new Set(together.map((summary) => summary.asOf)).size).toBe(1);
    expect(together[0]!.asOf > first.asOf).toBe(true);
    expect(together[0]!.deadlines.overdue).toBe(first.deadlines.overdue + 1);
  });
});
