import { verifyAuditChain } from '@ledger/db/audit';
import { addDays, ledgerDate, toIsoDate } from '@ledger/domain/calendar';
import { reportBucketOf } from '@ledger/domain/dashboard';
import { listItemsQuery, type ItemDetail, type ItemSummary } from '@ledger/domain/items';
import { reportBucket } from '@ledger/domain/vocabulary';
import { beforeAll, describe, expect, it } from 'vitest';

import { findLedgerPage } from '../src/services/ledger';
import { SEED_TODAY, useSeedDayApp, useTestApp } from './helpers';

describe('the ledger (台账)', () => {
  const context = useTestApp({ seed: true });
  // The seed lays its dates around SEED_TODAY; the app counts overdue and due soon from the same
  // day, so that these tests mean the same on any day they run.
  const { units, login, inject } = useSeedDayApp(context);
  const today = ledgerDate(SEED_TODAY);
  /** every item as the coordinator lists it: the ground truth the filters are checked against */
  let everything: ItemSummary[];

  const list = async (username: string, query: string) => {
    const response = await inject(username, { method: 'GET', url: `/api/items?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: ItemSummary[]; total: number; page: number; pageSize: number }>();
  };
  const detail = async (username: string, id: string) => {
    const response = await inject(username, { method: 'GET', url: `/api/items/${id}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ItemDetail>();
  };
  const auditCount = (action: string) => context.db.prisma.auditLog.count({ where: { action } });
  const involves = (item: ItemSummary, unitId: string) =>
    item.leadUnit.id === unitId || item.cooperatingUnits.some((unit) => unit.id === unitId);

  beforeAll(async () => {
    for (const username of ['coordinator', 'officer.hushu', 'auditor', 'admin', 'leader']) {
      await login(username);
    }
    everything = (await list('coordinator', 'pageSize=200')).items;
  });

  describe('GET /api/items', () => {
    it('lists every item for the coordinator, 20 to a page by default, deadline first', async () => {
      const page = await list('coordinator', '');
      expect(page).toMatchObject({ total: 103, page: 1, pageSize: 20 });
      expect(page.items).toHaveLength(20);
      expect(everything).toHaveLength(103);
      expect(page.items).toEqual(everything.slice(0, 20));
    });

    it('counts matches exactly up to the cap, and says when there are more', async () => {
      const response = await list('coordinator', 'kind=task');
      expect(response).toMatchObject({ total: 30, totalCapped: false });
      const prisma = context.db.prisma;
      const query = listItemsQuery.parse({ kind: 'task' });
      const capped = await findLedgerPage(prisma, query, { kind: 'any' }, SEED_TODAY, 10);
      expect(capped).toMatchObject({ total: 10, totalCapped: true });
      // The page is not cut by the cap of the count.
      expect(capped.ids).toHaveLength(20);
      const exact = await findLedgerPage(prisma, query, { kind: 'any' }, SEED_TODAY, 30);
      expect(exact).toMatchObject({ total: 30, totalCapped: false });
    });

    it('filters by kind', async () => {
      const tasks = await list('coordinator', 'kind=task&pageSize=200');
      const petitions = await list('coordinator', 'kind=petition&pageSize=200');
      expect(tasks.total).toBe(30);
      expect(petitions.total).toBe(73);
      expect(tasks.items.every((item) => item.kind === 'TASK')).toBe(true);
      expect(petitions.items.every((item) => item.kind === 'PETITION')).toBe(true);
    });

    it('filters by one status or several', async () => {
      const closed = await list('coordinator', 'status=CLOSED&pageSize=200');
      expect(closed.total).toBe(everything.filter((item) => item.status === 'CLOSED').length);
      expect(closed.items.every((item) => item.status === 'CLOSED')).toBe(true);
      const open = await list('coordinator', 'status=REGISTERED&status=IN_PROGRESS&pageSize=200');
      expect(open.total).toBe(
        everything.filter((item) => ['REGISTERED', 'IN_PROGRESS'].includes(item.status)).length,
      );
      expect(open.total).toBeGreaterThan(0);
    });

    it('filters by unit: the items it leads or cooperates on', async () => {
      const ecology = units['dept-ecology']!;
      const result = await list('coordinator', `unitId=${ecology}&pageSize=200`);
      expect(result.total).toBe(everything.filter((item) => involves(item, ecology)).length);
      expect(result.items.some((item) => item.leadUnit.id !== ecology)).toBe(true);
      expect(result.items.every((item) => involves(item, ecology))).toBe(true);
    });

    it('filters by problem category and by pollution type', async () => {
      const water = await list('coordinator', 'category=WATER&pageSize=200');
      expect(water.total).toBe(everything.filter((item) => item.category === 'WATER').length);
      expect(water.total).toBeGreaterThan(0);
      const fumes = await list('coordinator', 'pollutionType=CATERING_FUMES&pageSize=200');
      expect(fumes.total).toBe(
        everything.filter((item) => item.pollutionTypes.includes('CATERING_FUMES')).length,
      );
      expect(fumes.total).toBeGreaterThan(0);
    });

    it('filters by a deadline range', async () => {
      const from = toIsoDate(addDays(today, -30));
      const to = toIsoDate(addDays(today, 30));
      const result = await list('coordinator', `deadlineFrom=${from}&deadlineTo=${to}&pageSize=200`);
      expect(result.total).toBe(
        everything.filter((item) => item.deadline >= from && item.deadline <= to).length,
      );
      expect(result.total).toBeGreaterThan(0);
    });

    it("filters by the dashboard's drill-downs: lead unit, reporting bucket, rebound, original deadline, closure date", async () => {
      const ids = (items: ItemSummary[]) => items.map((item) => item.id).sort();
      const expectFilter = async (query: string, expected: ItemSummary[]) => {
        const result = await list('coordinator', `${query}&pageSize=200`);
        expect(ids(result.items), query).toEqual(ids(expected));
        expect(result.total, query).toBe(expected.length);
      };

      // 牵头单位 only, unlike unitId, which also finds what the unit cooperates on.
      const ecology = units['dept-ecology']!;
      const led = everything.filter((item) => item.leadUnit.id === ecology);
      expect(led.length).toBeGreaterThan(0);
      expect(led.length).toBeLessThan(everything.filter((item) => involves(item, ecology)).length);
      await expectFilter(`leadUnitId=${ecology}`, led);

      // Buckets: each item in exactly one of its kind's, as the domain's rule decides.
      const rows = await context.db.prisma.ledgerItem.findMany({
        select: {
          id: true,
          kind: true,
          status: true,
          timeLimitType: true,
          latestProgressPercent: true,
          createdAt: true,
          deadline: true,
          closedOn: true,
        },
      });
      const bucketOf = new Map(
        rows.map((row) => [
          row.id,
          reportBucketOf({ ...row, registeredOn: ledgerDate(row.createdAt) }, today),
        ]),
      );
      let bucketed = 0;
      for (const bucket of reportBucket.codes) {
        const expected = everything.filter((item) => bucketOf.get(item.id) === bucket);
        await expectFilter(`bucket=${bucket}`, expected);
        bucketed += expected.length;
      }
      expect(bucketed).toBe(everything.length);
      await expectFilter(
        'bucket=CONCLUDED&kind=task',
        [], // a petition's bucket with tasks: nothing
      );

      const rebounded = everything.filter((item) => item.reboundCount > 0);
      expect(rebounded.length).toBeGreaterThan(0);
      await expectFilter('rebound=true', rebounded);
      await expectFilter(
        'rebound=false',
        everything.filter((item) => item.reboundCount === 0),
      );

      const from = toIsoDate(addDays(today, -60));
      const to = toIsoDate(addDays(today, -1));
      const planned = everything.filter(
        (item) => item.originalDeadline >= from && item.originalDeadline <= to,
      );
      expect(planned.length).toBeGreaterThan(0);
      await expectFilter(`originalDeadlineFrom=${from}&originalDeadlineTo=${to}`, planned);

      const closedOn = new Map(rows.map((row) => [row.id, row.closedOn && toIsoDate(row.closedOn)]));
      const closedIn = (lo: string, hi: string) =>
        everything.filter((item) => {
          const on = closedOn.get(item.id);
          return on !== null && on !== undefined && on >= lo && on <= hi;
        });
      const yearAgo = toIsoDate(addDays(today, -365));
      expect(closedIn(yearAgo, toIsoDate(today)).length).toBeGreaterThan(0);
      await expectFilter(
        `closedFrom=${yearAgo}&closedTo=${toIsoDate(today)}`,
        closedIn(yearAgo, toIsoDate(today)),
      );
      await expectFilter(`closedFrom=${yearAgo}`, closedIn(yearAgo, '9999-12-31'));

      const refused = await inject('coordinator', {
        method: 'GET',
        url: '/api/items?bucket=DONE&rebound=yes&closedFrom=2026-13-01',
      });
      expect(refused.statusCode).toBe(400);
      const fields = (refused.json().issues as { field: string }[]).map((issue) => issue.field).sort();
      expect(fields).toEqual(['querystring.bucket', 'querystring.closedFrom', 'querystring.rebound']);
    });

    it('derives overdue and due soon from today, and filters by them', async () => {
      const overdue = await list('coordinator', 'overdue=true&pageSize=200');
      const expected = everything.filter(
        (item) => item.deadline < toIsoDate(today) && item.status !== 'CLOSED',
      );
      expect(overdue.total).toBe(expected.length);
      expect(overdue.total).toBeGreaterThan(0);
      expect(overdue.items.every((item) => item.overdue && item.daysLeft < 0)).toBe(true);
      const notOverdue = await list('coordinator', 'overdue=false&pageSize=200');
      expect(notOverdue.total).toBe(103 - overdue.total);

      const dueSoon = await list('coordinator', 'dueWithinDays=7&pageSize=200');
      expect(dueSoon.total).toBe(
        everything.filter((item) => item.status !== 'CLOSED' && item.daysLeft >= 0 && item.daysLeft <= 7)
          .length,
      );
      expect(dueSoon.total).toBeGreaterThan(0);
      // The seed's warning dates are 7 days before the deadline (15 for long-term tasks).
      expect(dueSoon.items.every((item) => item.dueSoon && !item.overdue)).toBe(true);
    });

    it('finds a two-character Chinese word anywhere in the texts (q=油烟)', async () => {
      const fumesCase = await context.db.prisma.petitionDetail.findFirstOrThrow({
        where: { complaintSummary: { contains: '油烟' } },
        select: { itemId: true },
      });
      const result = await list('coordinator', `q=${encodeURIComponent('油烟')}&pageSize=200`);
      expect(result.items.map((item) => item.id)).toContain(fumesCase.itemId);
      const texts = await context.db.prisma.ledgerItem.findMany({
        where: { id: { in: result.items.map((item) => item.id) } },
        select: { searchText: true },
      });
      expect(texts.every((text) => text.searchText.includes('油烟'))).toBe(true);
      const all = await context.db.prisma.ledgerItem.count({ where: { searchText: { contains: '油烟' } } });
      expect(result.total).toBe(all);
    });

    it('finds longer phrases, one character, task measures and numbers; an unknown word finds nothing', async () => {
      const phrase = await list('coordinator', `q=${encodeURIComponent('油烟直排')}&pageSize=200`);
      expect(phrase.total).toBeGreaterThan(0);
      expect(phrase.total).toBeLessThanOrEqual(
        (await list('coordinator', `q=${encodeURIComponent('油烟')}`)).total,
      );

      const one = await list('coordinator', `q=${encodeURIComponent('烟')}&pageSize=200`);
      expect(one.total).toBeGreaterThanOrEqual(phrase.total);

      const task = await context.db.prisma.taskDetail.findFirstOrThrow({
        select: { itemId: true, measures: true },
      });
      const measure = await list('coordinator', `q=${encodeURIComponent(task.measures[0]!)}`);
      expect(measure.items.map((item) => item.id)).toContain(task.itemId);

      const byNumber = await list('coordinator', 'q=gs-zg-007');
      expect(byNumber.items.map((item) => item.number)).toEqual(['GS-ZG-007']);

      expect((await list('coordinator', `q=${encodeURIComponent('查无此词')}`)).total).toBe(0);
      expect((await list('coordinator', `q=${encodeURIComponent('%_')}`)).total).toBe(0);
    });

    it('sorts by deadline, last update and number, either way', async () => {
      const sorted = (values: string[], order: 'asc' | 'desc') =>
        [...values].sort((a, b) => (order === 'asc' ? a.localeCompare(b) : b.localeCompare(a)));
      for (const order of ['asc', 'desc'] as const) {
        const byDeadline = await list('coordinator', `sort=deadline&order=${order}&pageSize=200`);
        const deadlines = byDeadline.items.map((item) => item.deadline);
        expect(deadlines).toEqual(sorted(deadlines, order));
        const byNumber = await list('coordinator', `sort=number&order=${order}&pageSize=200`);
        const numbers = byNumber.items.map((item) => item.number);
        expect(numbers).toEqual(sorted(numbers, order));
        const byUpdate = await list('coordinator', `sort=updatedAt&order=${order}&pageSize=200`);
        const updates = byUpdate.items.map((item) => item.updatedAt);
        expect(updates).toEqual(sorted(updates, order));
      }
    });

    it('pages through the same order without gaps or repeats', async () => {
      const pages = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((page) => list('coordinator', `sort=number&pageSize=20&page=${page}`)),
      );
      const numbers = pages.flatMap((page) => page.items.map((item) => item.number));
      expect(numbers).toHaveLength(103);
      expect(new Set(numbers).size).toBe(103);
      expect(pages[5]!.items).toHaveLength(3);
      expect(pages[5]).toMatchObject({ page: 6, pageSize: 20, total: 103 });
      expect((await list('coordinator', 'page=100')).items).toEqual([]);
    });

    it('refuses a page size over 200 and bad filters, naming the parameter', async () => {
      const tooBig = await inject('coordinator', { method: 'GET', url: '/api/items?pageSize=201' });
      expect(tooBig.statusCode).toBe(400);
      expect(tooBig.json().issues).toEqual([expect.objectContaining({ field: 'querystring.pageSize' })]);
      for (const [query, field] of [
        ['status=OPEN', 'querystring.status'],
        ['unitId=hushu', 'querystring.unitId'],
        ['deadlineFrom=2026-02-30', 'querystring.deadlineFrom'],
        ['sort=title', 'querystring.sort'],
        ['colour=red', 'querystring'],
      ] as const) {
        const response = await inject('coordinator', { method: 'GET', url: `/api/items?${query}` });
        expect(response.statusCode, query).toBe(400);
        expect(response.json().message, query).toContain(field);
      }
    });
  });

  describe('unit scope', () => {
    it('shows an officer only the items their unit leads or cooperates on', async () => {
      const hushu = units['street-hushu']!;
      const result = await list('officer.hushu', 'pageSize=200');
      expect(result.total).toBe(everything.filter((item) => involves(item, hushu)).length);
      expect(result.total).toBeGreaterThan(0);
      expect(result.items.every((item) => involves(item, hushu))).toBe(true);
      expect(result.items.some((item) => item.leadUnit.id !== hushu)).toBe(true);
      // A unit filter cannot widen the scope.
      const other = await list('officer.hushu', `unitId=${units['street-banshan']}&pageSize=200`);
      expect(other.items.every((item) => involves(item, hushu))).toBe(true);
    });

    it("answers 404 for another unit's item, as for one that does not exist", async () => {
      const foreign = everything.find((item) => !involves(item, units['street-hushu']!))!;
      const response = await inject('officer.hushu', { method: 'GET', url: `/api/items/${foreign.id}` });
      expect(response.statusCode).toBe(404);
      const unknown = await inject('officer.hushu', {
        method: 'GET',
        url: '/api/items/00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().message).toBe(response.json().message);
    });

    it('refuses the admin with 403 naming the missing permission', async () => {
      const listing = await inject('admin', { method: 'GET', url: '/api/items' });
      expect(listing.statusCode).toBe(403);
      expect(listing.json()).toMatchObject({ missingPermission: 'read:item:own-unit' });
      const one = await inject('admin', { method: 'GET', url: `/api/items/${everything[0]!.id}` });
      expect(one.statusCode).toBe(403);
      expect(one.json().message).toContain('read:item:own-unit');
    });

    it('lets the auditor read everything and change nothing', async () => {
      expect((await list('auditor', 'pageSize=1')).total).toBe(103);
      const item = await detail('auditor', everything[0]!.id);
      expect(item.allowedActions).toEqual(['read']);
      const patch = await inject('auditor', {
        method: 'PATCH',
        url: `/api/items/${item.id}`,
        payload: { version: item.version, title: '审计不能改' },
      });
      expect(patch.statusCode).toBe(403);
      expect(patch.json()).toMatchObject({ missingPermission: 'update:item:any' });
    });
  });

  describe('GET /api/items/:id', () => {
    it("shows a task's fields, its units, its timeline and what the caller may do", async () => {
      const row = await context.db.prisma.ledgerItem.findFirstOrThrow({
        // 湖墅街道 cooperates on it (the lead unit alone may ask for closure or an extension), and it
        // is not 长期坚持 (which the coordinator could mark phase complete).
        where: {
          kind: 'TASK',
          status: 'IN_PROGRESS',
          progressEntries: { some: {} },
          cooperatingUnits: { some: { unitId: units['street-hushu'] } },
          timeLimitType: { not: 'LONG_TERM' },
        },
        select: { id: true },
      });
      const item = await detail('officer.hushu', row.id);
      expect(item.task).toMatchObject({ measures: expect.any(Array), category: expect.any(String) });
      expect(item.task!.measures.length).toBeGreaterThan(0);
      expect(item.petition).toBeNull();
      expect(item.leadUnit.name).toEqual(expect.any(String));
      expect(item.responsiblePersonPhone).toMatch(/^0571-/);
      expect(item.timeline[0]).toMatchObject({ type: 'registered' });
      const progress = item.timeline.filter((entry) => entry.type === 'progress');
      expect(progress.length).toBeGreaterThan(0);
      expect(item.latestPercent).toBe(progress.at(-1)!.percent);
      expect(item.scheduleState).not.toBe('NOT_STARTED');
      expect(item.allowedActions).toEqual(['read', 'create:progress', 'upload:evidence']);

      const coordinatorView = await detail('coordinator', row.id);
      expect(coordinatorView.allowedActions).toEqual(['read', 'update']);
    });

    it("shows a closed petition's fields and its whole closure chain, read-only", async () => {
      const row = await context.db.prisma.ledgerItem.findFirstOrThrow({
        where: { kind: 'PETITION', status: 'CLOSED' },
        select: { id: true },
      });
      const item = await detail('coordinator', row.id);
      expect(item.task).toBeNull();
      expect(item.petition).toMatchObject({
        complaintSummary: expect.any(String),
        area: { id: expect.any(String), name: expect.any(String) },
        pollutionTypes: expect.any(Array),
        handlingState: 'CONCLUDED',
      });
      expect(item.closedOn).toEqual(expect.any(String));
      expect(item.overdue).toBe(false);
      expect(item.scheduleState).toBe('ON_SCHEDULE');
      const types = item.timeline.map((entry) => entry.type);
      for (const type of [
        'registered',
        'closure-requested',
        'closure-signed',
        'verification',
        'public-notice',
        'sign-off',
      ]) {
        expect(types).toContain(type);
      }
      expect(types.indexOf('closure-requested')).toBeLessThan(types.indexOf('sign-off'));
      // Read-only but for the look-back (回头看), the one step that may reopen it.
      expect(item.allowedActions).toEqual(['read', 'record_lookback']);
      expect(item.closure).toMatchObject({ status: 'APPROVED', signer: { displayName: expect.any(String) } });
      expect(item.closure!.signedStatement).toEqual(expect.any(String));
    });
  });

  const newTask = (number: string) => ({
    kind: 'TASK',
    number,
    title: '沿街餐饮油烟净化设施专项检查',
    leadUnitId: units['street-hushu'],
    cooperatingUnitIds: [units['dept-market-regulation'], units['dept-ecology']],
    responsiblePersonName: '周涛',
    responsiblePersonPhone: '0571-88880000',
    deadline: toIsoDate(addDays(today, 90)),
    warningDate: toIsoDate(addDays(today, 80)),
    timeLimitType: 'SHORT_TERM',
    task: {
      inspectionRound: 'LOOK_BACK',
      feedbackText: '部分沿街餐饮店油烟净化设施未正常运行。',
      category: 'AIR',
      target: '餐饮油烟净化设施全部正常运行。',
      measures: ['逐店排查净化设施', '建立清洗台账'],
      closureStandard: '抽查合格率达到 100%。',
    },
  });

  describe('POST /api/items', () => {
    it('registers a task (201) with one item.create audit record', async () => {
      const before = await auditCount('item.create');
      const response = await inject('coordinator', {
        method: 'POST',
        url: '/api/items',
        payload: newTask('T-2026-001'),
      });
      expect(response.statusCode, response.body).toBe(201);
      const item = response.json<ItemDetail>();
      expect(item).toMatchObject({
        kind: 'TASK',
        number: 'T-2026-001',
        status: 'REGISTERED',
        version: 1,
        originalDeadline: item.deadline,
        scheduleState: 'NOT_STARTED',
        task: { inspectionRound: 'LOOK_BACK', measures: ['逐店排查净化设施', '建立清洗台账'] },
        petition: null,
      });
      expect(item.cooperatingUnits.map((unit) => unit.id).sort()).toEqual(
        [units['dept-market-regulation'], units['dept-ecology']].sort(),
      );
      expect(item.timeline.map((entry) => entry.type)).toEqual(['registered']);
      expect(await auditCount('item.create')).toBe(before + 1);
      const record = await context.db.prisma.auditLog.findFirstOrThrow({
        where: { action: 'item.create', entityId: item.id },
      });
      expect(record).toMatchObject({ entityType: 'LedgerItem', outcome: 'SUCCESS', ip: '127.0.0.1' });
      expect(record.after).toMatchObject({ number: 'T-2026-001', kind: 'TASK' });
      // The new item is searchable at once, by its measures too.
      const found = await list('coordinator', `q=${encodeURIComponent('清洗台账')}`);
      expect(found.items.map((found) => found.id)).toContain(item.id);
    });

    it('registers a petition case (201)', async () => {
      const response = await inject('coordinator', {
        method: 'POST',
        url: '/api/items',
        payload: {
          kind: 'PETITION',
          number: 'X330000201712310001',
          title: '反映某小区夜间施工噪声扰民',
          leadUnitId: units['street-hushu'],
          deadline: toIsoDate(addDays(today, 30)),
          timeLimitType: 'IMMEDIATE',
          isPublic: true,
          petition: {
            batch: 21,
            handedOverOn: toIsoDate(today),
            complaintSummary: '反映某小区旁工地夜间施工噪声扰民。',
            areaUnitId: units['street-hushu'],
            pollutionTypes: ['NOISE'],
          },
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json<ItemDetail>()).toMatchObject({
        kind: 'PETITION',
        task: null,
        pollutionTypes: ['NOISE'],
        handlingState: 'NOT_CONCLUDED',
        petition: { batch: 21, isKeyCase: false, orderedToRectify: 0, area: { id: units['street-hushu'] } },
      });
    });

    it('refuses an officer with 403 naming create:item:any', async () => {
      const response = await inject('officer.hushu', {
        method: 'POST',
        url: '/api/items',
        payload: newTask('T-2026-002'),
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ missingPermission: 'create:item:any' });
    });

    it('refuses bad fields, unknown units and a taken number, naming the field, and writes nothing', async () => {
      const before = await context.db.prisma.ledgerItem.count();
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...newTask('T-2026-003'), deadline: '2026-13-01' }, 400, 'body.deadline'],
        [{ ...newTask('T-2026-003'), title: '  ' }, 400, 'body.title'],
        [
          { ...newTask('T-2026-003'), task: { ...newTask('').task, measures: [] } },
          400,
          'body.task.measures',
        ],
        [
          { ...newTask('T-2026-003'), leadUnitId: '00000000-0000-4000-8000-000000000000' },
          400,
          'body.leadUnitId',
        ],
        [
          { ...newTask('T-2026-003'), cooperatingUnitIds: ['00000000-0000-4000-8000-000000000001'] },
          400,
          'body.cooperatingUnitIds.0',
        ],
        [newTask('GS-ZG-001'), 409, 'body.number'],
      ];
      for (const [payload, status, field] of cases) {
        const response = await inject('coordinator', { method: 'POST', url: '/api/items', payload });
        expect(response.statusCode, field).toBe(status);
        expect(response.json().issues, field).toEqual(
          expect.arrayContaining([expect.objectContaining({ field })]),
        );
      }
      expect(await context.db.prisma.ledgerItem.count()).toBe(before);
    });
  });

  describe('PATCH /api/items/:id', () => {
    const openTask = () => everything.find((item) => item.kind === 'TASK' && item.status === 'IN_PROGRESS')!;

    it('changes only the fields sent, bumps the version and writes one item.update record', async () => {
      const current = await detail('coordinator', openTask().id);
      const before = await auditCount('item.update');
      const response = await inject('coordinator', {
        method: 'PATCH',
        url: `/api/items/${current.id}`,
        payload: {
          version: current.version,
          title: `${current.title}（修订）`,
          task: { target: '新的整改目标' },
        },
      });
      expect(response.statusCode, response.body).toBe(200);
      const updated = response.json<ItemDetail>();
      expect(updated).toMatchObject({
        version: current.version + 1,
        title: `${current.title}（修订）`,
        task: { ...current.task, target: '新的整改目标' },
        cooperatingUnits: current.cooperatingUnits,
        isPublic: current.isPublic,
        deadline: current.deadline,
      });
      expect(await auditCount('item.update')).toBe(before + 1);
      const record = await context.db.prisma.auditLog.findFirstOrThrow({
        where: { action: 'item.update', entityId: current.id },
        orderBy: { id: 'desc' },
      });
      expect(record.before).toEqual({
        title: current.title,
        task: { target: current.task!.target },
        version: current.version,
      });
      expect(record.after).toEqual({
        title: `${current.title}（修订）`,
        task: { target: '新的整改目标' },
        version: current.version + 1,
      });
      const found = await list('coordinator', `q=${encodeURIComponent('（修订）')}`);
      expect(found.items.map((item) => item.id)).toEqual([current.id]);
    });

    it('answers 409 with the current record for a stale version, and changes nothing', async () => {
      const current = await detail('coordinator', openTask().id);
      const audits = await context.db.prisma.auditLog.count();
      const response = await inject('coordinator', {
        method: 'PATCH',
        url: `/api/items/${current.id}`,
        payload: { version: current.version - 1, title: '基于旧版本的修改' },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().current).toMatchObject({
        id: current.id,
        version: current.version,
        title: current.title,
      });
      expect(await detail('coordinator', current.id)).toMatchObject({
        version: current.version,
        title: current.title,
      });
      expect(await context.db.prisma.auditLog.count()).toBe(audits);
    });

    it('lets exactly one of two concurrent edits of the same version win', async () => {
      const current = await detail('coordinator', openTask().id);
      const edit = (title: string) =>
        inject('coordinator', {
          method: 'PATCH',
          url: `/api/items/${current.id}`,
          payload: { version: current.version, title },
        });
      const responses = await Promise.all([edit('并发修改甲'), edit('并发修改乙')]);
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
      const winner = responses.find((response) => response.statusCode === 200)!.json<ItemDetail>();
      expect(await detail('coordinator', current.id)).toMatchObject({
        version: current.version + 1,
        title: winner.title,
      });
    });

    it('refuses fields of the other kind, a lead unit that cooperates, and a closed item', async () => {
      const task = await detail('coordinator', openTask().id);
      const wrongKind = await inject('coordinator', {
        method: 'PATCH',
        url: `/api/items/${task.id}`,
        payload: { version: task.version, petition: { handling: '不适用' } },
      });
      expect(wrongKind.statusCode).toBe(400);
      expect(wrongKind.json().issues).toEqual([expect.objectContaining({ field: 'body.petition' })]);

      const cooperating = task.cooperatingUnits[0];
      if (cooperating) {
        const leadTwice = await inject('coordinator', {
          method: 'PATCH',
          url: `/api/items/${task.id}`,
          payload: { version: task.version, leadUnitId: cooperating.id },
        });
        expect(leadTwice.statusCode).toBe(400);
        expect(leadTwice.json().issues).toEqual([
          expect.objectContaining({ field: 'body.cooperatingUnitIds' }),
        ]);
      }

      const closed = everything.find((item) => item.status === 'CLOSED')!;
      const response = await inject('coordinator', {
        method: 'PATCH',
        url: `/api/items/${closed.id}`,
        payload: { version: closed.version, title: '已销号还想改' },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ status: 'CLOSED', message: expect.stringContaining('已销号') });
      const unchanged = await inject('coordinator', { method: 'GET', url: `/api/items/${closed.id}` });
      expect(unchanged.json()).toMatchObject({ title: closed.title, version: closed.version });
    });

    it('refuses an officer with 403 naming update:item:any', async () => {
      const own = (await list('officer.hushu', 'pageSize=1')).items[0]!;
      const response = await inject('officer.hushu', {
        method: 'PATCH',
        url: `/api/items/${own.id}`,
        payload: { version: own.version, title: '经办人不能改' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ missingPermission: 'update:item:any' });
    });
  });

  describe('POST /api/items/bulk', () => {
    const openItems = () => everything.filter((item) => item.status === 'IN_PROGRESS').slice(-3);

    it('writes nothing when one id is bad, naming it', async () => {
      const ids = openItems().map((item) => item.id);
      const rowsBefore = await context.db.prisma.ledgerItem.findMany({
        where: { id: { in: ids } },
        select: { id: true, deadline: true, leadUnitId: true, version: true },
      });
      const audits = await context.db.prisma.auditLog.count();
      const response = await inject('coordinator', {
        method: 'POST',
        url: '/api/items/bulk',
        payload: { itemIds: [...ids, '00000000-0000-4000-8000-000000000000'], deadline: '2027-06-30' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().issues).toEqual([expect.objectContaining({ field: 'body.itemIds.3' })]);
      const closed = everything.find((item) => item.status === 'CLOSED')!;
      const withClosed = await inject('coordinator', {
        method: 'POST',
        url: '/api/items/bulk',
        payload: { itemIds: [closed.id, ...ids], leadUnitId: units['street-xiaohe'] },
      });
      expect(withClosed.statusCode).toBe(400);
      expect(withClosed.json().issues).toEqual([expect.objectContaining({ field: 'body.itemIds.0' })]);
      expect(
        await context.db.prisma.ledgerItem.findMany({
          where: { id: { in: ids } },
          select: { id: true, deadline: true, leadUnitId: true, version: true },
        }),
      ).toEqual(rowsBefore);
      expect(await context.db.prisma.auditLog.count()).toBe(audits);
    });

    it('moves many items to a new lead unit and deadline at once, with one item.bulk-update record', async () => {
      const targets = openItems();
      const xiaohe = units['street-xiaohe']!;
      const before = await auditCount('item.bulk-update');
      const response = await inject('coordinator', {
        method: 'POST',
        url: '/api/items/bulk',
        payload: { itemIds: targets.map((item) => item.id), leadUnitId: xiaohe, deadline: '2027-06-30' },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ updated: 3 });
      for (const target of targets) {
        const item = await detail('coordinator', target.id);
        expect(item).toMatchObject({
          leadUnit: { id: xiaohe },
          deadline: '2027-06-30',
          originalDeadline: target.originalDeadline,
          version: target.version + 1,
        });
        expect(item.cooperatingUnits.map((unit) => unit.id)).not.toContain(xiaohe);
        if (item.warningDate) expect(item.warningDate <= item.deadline).toBe(true);
      }
      expect(await auditCount('item.bulk-update')).toBe(before + 1);
      const record = await context.db.prisma.auditLog.findFirstOrThrow({
        where: { action: 'item.bulk-update' },
        orderBy: { id: 'desc' },
      });
      expect((record.after as { items: unknown[] }).items).toHaveLength(3);
      // Unit scope follows the new lead unit at once.
      const xiaoheList = await list('coordinator', `unitId=${xiaohe}&pageSize=200`);
      expect(xiaoheList.items.map((item) => item.id)).toEqual(
        expect.arrayContaining(targets.map((item) => item.id)),
      );
    });

    it('refuses an officer and the auditor with 403', async () => {
      for (const username of ['officer.hushu', 'auditor']) {
        const response = await inject(username, {
          method: 'POST',
          url: '/api/items/bulk',
          payload: { itemIds: [everything[0]!.id], deadline: '2027-06-30' },
        });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ missingPermission: 'bulk-update:item:any' });
      }
    });
  });

  it('leaves an unbroken audit chain', async () => {
    expect(await verifyAuditChain(context.db.prisma)).toMatchObject({ ok: true });
  });
});
