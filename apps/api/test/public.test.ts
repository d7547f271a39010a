/**
 * The public disclosure (公开信息) on the demo ledger: every endpoint answers without a login,
 * shows only published items and public files, and never lets a person's name, phone number,
 * contact or an internal comment through; objections are stored for the coordinator, checked,
 * audited and rate-limited.
 *
 * Closures in public notice are written with prisma directly (closure request in notice, notice
 * period, item status 公示中): the workflow that normally gets them there is not this test's subject.
 */
import { Readable } from 'node:stream';

import { addDays, toIsoDate } from '@ledger/domain/calendar';
import { accountabilityCounts } from '@ledger/domain/vocabulary';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';

import { EvidenceStorage } from '../src/services/storage';
import { pdf, png } from './evidence-fixtures';
import { loginAs, useTestApp } from './helpers';

type NoticeStatus = 'OPEN' | 'ENDED' | 'INTERRUPTED';

describe('public disclosure (公开信息)', () => {
  const context = useTestApp({ seed: true });
  const prisma = () => context.db.prisma;
  const inject = (options: InjectOptions) => context.app.inject(options);
  const get = (url: string) => inject({ method: 'GET', url });
  let day: (offset: number) => Date;

  /** A different client address per test, so that one test's objections never use up another's limit. */
  let addressCounter = 0;
  const nextAddress = () => `198.51.100.${++addressCounter}`;
  const object = (noticeId: string, payload: unknown, remoteAddress = nextAddress()) =>
    inject({
      method: 'POST',
      url: `/api/public/notices/${noticeId}/objections`,
      payload: payload as InjectOptions['payload'],
      remoteAddress,
    });

  /**
   * Items of the demo ledger still in progress, taken one at a time and published or not as asked
   * (the demo publishes the whole plan; an item registered for internal follow-up is not).
   */
  async function takeItem({ kind, isPublic }: { kind: 'TASK' | 'PETITION'; isPublic: boolean }) {
    const item = await prisma().ledgerItem.findFirstOrThrow({
      where: { kind, status: 'IN_PROGRESS', closureRequests: { none: {} } },
      orderBy: { number: 'asc' },
      select: { id: true, number: true, leadUnitId: true },
    });
    // Marks it taken: the next call finds another.
    await prisma().ledgerItem.update({
      where: { id: item.id },
      data: { status: 'CLOSURE_REQUESTED', isPublic },
    });
    return item;
  }

  /** Puts an item into public notice as the workflow would leave it; answers the notice id. */
  async function putInNotice(
    item: { id: string; leadUnitId: string },
    {
      status = 'OPEN',
      startsOn = day(0),
      endsOn = day(7),
    }: { status?: NoticeStatus; startsOn?: Date; endsOn?: Date } = {},
  ) {
    const [officer, head, coordinator] = await Promise.all([
      prisma().user.findFirstOrThrow({ where: { unitId: item.leadUnitId, role: 'UNIT_OFFICER' } }),
      prisma().user.findFirstOrThrow({ where: { unitId: item.leadUnitId, role: 'UNIT_HEAD' } }),
      prisma().user.findUniqueOrThrow({ where: { username: 'coordinator' } }),
    ]);
    await prisma().ledgerItem.update({
      where: { id: item.id },
      data: { status: status === 'INTERRUPTED' ? 'AWAITING_VERIFICATION' : 'PUBLIC_NOTICE' },
    });
    const request = await prisma().closureRequest.create({
      data: {
        itemId: item.id,
        status: 'IN_NOTICE',
        rectificationReport: `整改报告：已完成全部整改措施（${item.id.slice(-4)}）。`,
        requestedById: officer.id,
        signerId: head.id,
        signedAt: new Date(),
        signedStatement: '内部签字说明：本人对整改真实性负责（不公开）',
      },
    });
    const notice = await prisma().publicNoticePeriod.create({
      data: {
        closureRequestId: request.id,
        startsOn,
        endsOn,
        workingDays: 5,
        status,
        startedById: coordinator.id,
      },
    });
    return notice.id;
  }

  /** A stored evidence file of `itemId`, public or not, uploaded by the item's unit officer. */
  async function addEvidence(itemId: string, fileName: string, content: Buffer, isPublic: boolean) {
    const storage = await EvidenceStorage.open(context.evidenceDir);
    const received = await storage.receive(Readable.from([content]));
    const storageKey = await storage.keep(received);
    const item = await prisma().ledgerItem.findUniqueOrThrow({ where: { id: itemId } });
    const officer = await prisma().user.findFirstOrThrow({
      where: { unitId: item.leadUnitId, role: 'UNIT_OFFICER' },
    });
    return prisma().evidenceFile.create({
      data: {
        itemId,
        fileName,
        sizeBytes: BigInt(content.length),
        sha256: received.sha256,
        mediaType: fileName.endsWith('.png') ? 'image/png' : 'application/pdf',
        provesDate: day(-1),
        description: isPublic ? '整改后现场照片' : '内部材料：责任人谈话记录',
        storageKey,
        uploadedById: officer.id,
        isPublic,
      },
    });
  }

  const fixtures = {} as {
    /** a published petition in notice, with one public and one internal file */
    open: { id: string; number: string; leadUnitId: string; noticeId: string };
    publicFileId: string;
    internalFileId: string;
    /** an unpublished task in notice, with a file marked public */
    hidden: { id: string; number: string; noticeId: string; fileId: string };
    ended: string;
    interrupted: string;
    expired: string;
    notYet: string;
  };

  beforeAll(async () => {
    day = (offset) => addDays(context.app.ledgerToday(), offset);

    const open = await takeItem({ kind: 'PETITION', isPublic: true });
    fixtures.publicFileId = (await addEvidence(open.id, '整改后-公开.png', png, true)).id;
    fixtures.internalFileId = (await addEvidence(open.id, '内部-谈话记录.pdf', pdf, false)).id;
    fixtures.open = { ...open, noticeId: await putInNotice(open) };

    const hidden = await takeItem({ kind: 'TASK', isPublic: false });
    const hiddenFile = await addEvidence(hidden.id, '未公开事项的照片.png', png, true);
    fixtures.hidden = { ...hidden, noticeId: await putInNotice(hidden), fileId: hiddenFile.id };

    fixtures.ended = await putInNotice(await takeItem({ kind: 'PETITION', isPublic: true }), {
      status: 'ENDED',
      startsOn: day(-10),
      endsOn: day(-3),
    });
    fixtures.interrupted = await putInNotice(await takeItem({ kind: 'PETITION', isPublic: true }), {
      status: 'INTERRUPTED',
    });
    fixtures.expired = await putInNotice(await takeItem({ kind: 'PETITION', isPublic: true }), {
      startsOn: day(-9),
      endsOn: day(-1),
    });
    fixtures.notYet = await putInNotice(await takeItem({ kind: 'PETITION', isPublic: true }), {
      startsOn: day(2),
      endsOn: day(9),
    });
  });

  const endpoints = () => [
    '/api/public/summary',
    '/api/public/tasks',
    '/api/public/petitions',
    '/api/public/notices',
  ];

  it('answers every read endpoint without a login, while the internal ledger still asks for one', async () => {
    for (const url of endpoints()) {
      const response = await get(url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
    }
    const file = await get(`/api/public/evidence/${fixtures.publicFileId}`);
    expect(file.statusCode).toBe(200);
    expect((await get('/api/items')).statusCode).toBe(401);
  });

  it('counts only published items, by status, category and handling state, with the petitions’ accountability totals', async () => {
    const summary = (await get('/api/public/summary')).json();
    const published = { isPublic: true };
    const [tasks, allTasks, petitions, closedTasks, reboundTasks] = await Promise.all([
      prisma().ledgerItem.count({ where: { ...published, kind: 'TASK' } }),
      prisma().ledgerItem.count({ where: { kind: 'TASK' } }),
      prisma().ledgerItem.count({ where: { ...published, kind: 'PETITION' } }),
      prisma().ledgerItem.count({ where: { ...published, kind: 'TASK', status: 'CLOSED' } }),
      prisma().ledgerItem.count({ where: { ...published, kind: 'TASK', reboundCount: { gt: 0 } } }),
    ]);
    // The demo plan publishes a task once it reaches public notice, so some are not published.
    expect(tasks).toBeGreaterThan(0);
    expect(tasks).toBeLessThan(allTasks);

    expect(summary.asOf).toBe(toIsoDate(day(0)));
    expect(summary.tasks.total).toBe(tasks);
    expect(summary.tasks.closed).toBe(closedTasks);
    expect(summary.tasks.rebound).toBe(reboundTasks);
    const sum = (rows: { count: number }[]) => rows.reduce((total, row) => total + row.count, 0);
    expect(sum(summary.tasks.byStatus)).toBe(tasks);
    expect(sum(summary.tasks.byCategory)).toBe(tasks);
    expect(summary.tasks.byStatus.map((row: { status: string }) => row.status)).toEqual([
      'REGISTERED',
      'IN_PROGRESS',
      'CLOSURE_REQUESTED',
      'AWAITING_VERIFICATION',
      'VERIFIED',
      'PUBLIC_NOTICE',
      'AWAITING_SIGN_OFF',
      'CLOSED',
      'PHASE_COMPLETE',
    ]);
    expect(summary.tasks.byCategory).toHaveLength(8);

    expect(summary.petitions.total).toBe(petitions);
    expect(sum(summary.petitions.byHandlingState)).toBe(petitions);
    expect(sum(summary.petitions.byArea)).toBe(petitions);
    expect(summary.petitions.byArea[0]).toEqual({
      unitId: expect.any(String),
      name: expect.stringMatching(/街道$/),
      count: expect.any(Number),
    });
    const totals = await prisma().petitionDetail.aggregate({
      where: { item: published },
      _sum: { orderedToRectify: true, finesTenThousandYuan: true, interviews: true },
    });
    expect(summary.petitions.accountability).toMatchObject({
      orderedToRectify: totals._sum.orderedToRectify,
      finesTenThousandYuan: Number(totals._sum.finesTenThousandYuan),
      interviews: totals._sum.interviews,
    });
    expect(Object.keys(summary.petitions.accountability)).toEqual(accountabilityCounts.map((c) => c.field));
  });

  it('lists published tasks with the plan’s public fields, filters and pages them, and leaves unpublished ones out', async () => {
    const all = (await get('/api/public/tasks?pageSize=100')).json();
    const published = await prisma().ledgerItem.findMany({
      where: { kind: 'TASK', isPublic: true },
      orderBy: { number: 'asc' },
      select: { number: true },
    });
    expect(all.total).toBe(published.length);
    expect(all.tasks.map((task: { number: string }) => task.number)).toEqual(published.map((p) => p.number));
    expect(all.tasks.map((task: { number: string }) => task.number)).not.toContain(fixtures.hidden.number);

    const closed = all.tasks.find((task: { status: string }) => task.status === 'CLOSED');
    expect(Object.keys(closed).sort()).toEqual(
      [
        'number',
        'title',
        'feedbackText',
        'category',
        'target',
        'measures',
        'leadUnit',
        'cooperatingUnits',
        'timeLimitType',
        'deadline',
        'originalDeadline',
        'status',
        'closedOn',
        'reboundCount',
        'isSample',
        'evidence',
      ].sort(),
    );
    expect(closed.closedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(typeof closed.leadUnit).toBe('string');

    const notice = (await get('/api/public/tasks?status=PUBLIC_NOTICE')).json();
    expect(notice.tasks.length).toBeGreaterThan(0);
    expect(notice.tasks.every((task: { status: string }) => task.status === 'PUBLIC_NOTICE')).toBe(true);

    const water = (await get('/api/public/tasks?category=WATER&pageSize=100')).json();
    expect(water.tasks.every((task: { category: string }) => task.category === 'WATER')).toBe(true);
    expect(water.total).toBe(
      await prisma().ledgerItem.count({
        where: { kind: 'TASK', isPublic: true, task: { category: 'WATER' } },
      }),
    );

    const second = (await get('/api/public/tasks?pageSize=2&page=2')).json();
    expect(second.tasks.map((task: { number: string }) => task.number)).toEqual(
      published.slice(2, 4).map((p) => p.number),
    );

    const byNumber = (await get(`/api/public/tasks?q=${encodeURIComponent(published[0]!.number)}`)).json();
    expect(byNumber.tasks.map((task: { number: string }) => task.number)).toEqual([published[0]!.number]);
    const hiddenByNumber = (
      await get(`/api/public/tasks?q=${encodeURIComponent(fixtures.hidden.number)}`)
    ).json();
    expect(hiddenByNumber.total).toBe(0);

    const refused = await get('/api/public/tasks?pageSize=500&status=NOPE');
    expect(refused.statusCode).toBe(400);
    expect(
      refused
        .json()
        .issues.map((issue: { field: string }) => issue.field)
        .sort(),
    ).toEqual(['querystring.pageSize', 'querystring.status']);
  });

  it('shows the petition cases with exactly the official public table’s columns, filterable by street', async () => {
    const page = (await get('/api/public/petitions?pageSize=100')).json();
    expect(page.total).toBe(await prisma().ledgerItem.count({ where: { kind: 'PETITION', isPublic: true } }));
    const row = page.petitions[0];
    expect(Object.keys(row).sort()).toEqual(
      [
        'number',
        'batch',
        'complaintSummary',
        'area',
        'pollutionTypes',
        'investigationFindings',
        'verdict',
        'handling',
        'accountability',
        'handlingState',
        'isSample',
      ].sort(),
    );
    const stored = await prisma().petitionDetail.findFirstOrThrow({
      where: { item: { number: row.number } },
      include: { area: true },
    });
    expect(row).toMatchObject({
      complaintSummary: stored.complaintSummary,
      area: stored.area.name,
      pollutionTypes: stored.pollutionTypes,
      verdict: stored.verdict,
      accountability: {
        orderedToRectify: stored.orderedToRectify,
        finesTenThousandYuan: Number(stored.finesTenThousandYuan),
      },
    });

    const summary = (await get('/api/public/summary')).json();
    const street = summary.petitions.byArea[0];
    const inStreet = (await get(`/api/public/petitions?areaUnitId=${street.unitId}&pageSize=100`)).json();
    expect(inStreet.total).toBe(street.count);
    expect(inStreet.petitions.every((petition: { area: string }) => petition.area === street.name)).toBe(
      true,
    );

    const concluded = (await get('/api/public/petitions?handlingState=CONCLUDED&pageSize=100')).json();
    expect(concluded.petitions.every((p: { handlingState: string }) => p.handlingState === 'CONCLUDED')).toBe(
      true,
    );
    const noise = (await get('/api/public/petitions?pollutionType=NOISE&pageSize=100')).json();
    expect(
      noise.petitions.every((p: { pollutionTypes: string[] }) => p.pollutionTypes.includes('NOISE')),
    ).toBe(true);
  });

  it('lists the running notices of published items with their period and public files only', async () => {
    const { notices } = (await get('/api/public/notices')).json();
    const ids = notices.map((notice: { id: string }) => notice.id);
    expect(ids).toContain(fixtures.open.noticeId);
    expect(ids).toContain(fixtures.expired);
    expect(ids).not.toContain(fixtures.hidden.noticeId);
    expect(ids).not.toContain(fixtures.ended);
    expect(ids).not.toContain(fixtures.interrupted);

    const notice = notices.find((candidate: { id: string }) => candidate.id === fixtures.open.noticeId);
    expect(notice).toMatchObject({
      item: { kind: 'PETITION', number: fixtures.open.number },
      startsOn: toIsoDate(day(0)),
      endsOn: toIsoDate(day(7)),
      workingDays: 5,
      url: null,
      acceptingObjections: true,
    });
    expect(notice.rectification).toMatch(/^整改报告/);
    expect(notice.evidence).toEqual([
      {
        id: fixtures.publicFileId,
        fileName: '整改后-公开.png',
        mediaType: 'image/png',
        sizeBytes: png.length,
        provesDate: toIsoDate(day(-1)),
        description: '整改后现场照片',
        url: `/api/public/evidence/${fixtures.publicFileId}`,
      },
    ]);
    const expired = notices.find((candidate: { id: string }) => candidate.id === fixtures.expired);
    expect(expired.acceptingObjections).toBe(false);
    const notYet = notices.find((candidate: { id: string }) => candidate.id === fixtures.notYet);
    expect(notYet.acceptingObjections).toBe(false);
  });

  it('serves a public file of a published item, and answers 404 for every other file', async () => {
    const file = await get(`/api/public/evidence/${fixtures.publicFileId}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(png)).toBe(true);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(String(file.headers['content-disposition'])).toMatch(/^inline; /);

    for (const id of [
      fixtures.internalFileId,
      fixtures.hidden.fileId,
      '0199a1b2-0000-7000-8000-000000000000',
    ]) {
      const refused = await get(`/api/public/evidence/${id}`);
      expect(refused.statusCode, id).toBe(404);
      expect(refused.json().message).toBe('文件不存在或未公开');
    }
    expect((await get('/api/public/evidence/not-a-uuid')).statusCode).toBe(400);
  });

  it('publishes a file when the coordinator marks it public, and takes it off again', async () => {
    const url = `/api/items/${fixtures.open.id}/evidence/${fixtures.internalFileId}`;
    const publish = async (username: string, isPublic: boolean) =>
      inject({
        method: 'PATCH',
        url,
        headers: { cookie: (await loginAs(context, username)).cookie },
        payload: { isPublic },
      });
    const audited = () => prisma().auditLog.count({ where: { entityId: fixtures.internalFileId } });
    const before = await audited();

    // Only whoever may edit the item decides what of it is published.
    const refused = await publish('auditor', true);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().missingPermission).toBe('update:item:any');
    expect((await get(`/api/public/evidence/${fixtures.internalFileId}`)).statusCode).toBe(404);

    const published = await publish('coordinator', true);
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ id: fixtures.internalFileId, isPublic: true });
    const file = await get(`/api/public/evidence/${fixtures.internalFileId}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(pdf)).toBe(true);
    const notice = (await get('/api/public/notices'))
      .json()
      .notices.find((candidate: { id: string }) => candidate.id === fixtures.open.noticeId);
    expect(notice.evidence.map((entry: { id: string }) => entry.id)).toContain(fixtures.internalFileId);

    expect((await publish('coordinator', false)).json()).toMatchObject({ isPublic: false });
    expect((await get(`/api/public/evidence/${fixtures.internalFileId}`)).statusCode).toBe(404);
    const records = await prisma().auditLog.findMany({
      where: { entityId: fixtures.internalFileId },
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    expect(await audited()).toBe(before + 2);
    expect(records.slice(-2).map((record) => record.action)).toEqual([
      'evidence.publish',
      'evidence.unpublish',
    ]);
  });

  it('stores an objection with its contact and address for the coordinator, with one audit record, and never returns the contact', async () => {
    const before = await prisma().auditLog.count();
    const content = '该处河道仍有污水直排，整改并未到位，请复核。';
    const contact = '13900001111';
    const response = await object(fixtures.open.noticeId, { content, contact }, '203.0.113.77');
    expect(response.statusCode, response.body).toBe(201);
    const receipt = response.json();
    expect(receipt).toEqual({ id: expect.any(String), message: '异议已提交，我们将及时核实处理' });
    expect(response.body).not.toContain(contact);

    const stored = await prisma().objection.findUniqueOrThrow({ where: { id: receipt.id } });
    expect(stored).toMatchObject({
      noticePeriodId: fixtures.open.noticeId,
      content,
      contact,
      status: 'OPEN',
      ip: '203.0.113.77',
    });

    expect(await prisma().auditLog.count()).toBe(before + 1);
    const audit = await prisma().auditLog.findFirstOrThrow({ where: { entityId: receipt.id } });
    expect(audit).toMatchObject({
      action: 'objection.create',
      entityType: 'Objection',
      actorId: null,
      actorName: null,
      ip: '203.0.113.77',
      outcome: 'SUCCESS',
      after: { noticePeriodId: fixtures.open.noticeId, itemNumber: fixtures.open.number, contactGiven: true },
    });
    expect(JSON.stringify(audit.after)).not.toContain(contact);

    // The coordinator sees it on the item; the public notice stays as it was.
    const { cookie } = await loginAs(context, 'coordinator');
    const detail = (
      await inject({ method: 'GET', url: `/api/items/${fixtures.open.id}`, headers: { cookie } })
    ).json();
    expect(JSON.stringify(detail.timeline)).toContain(content);
    expect(JSON.stringify(detail)).not.toContain(contact);
  });

  it('accepts an objection without contact, and trims a blank contact to none', async () => {
    const response = await object(fixtures.open.noticeId, { content: '反映问题仍存在。', contact: '   ' });
    expect(response.statusCode, response.body).toBe(201);
    const stored = await prisma().objection.findUniqueOrThrow({ where: { id: response.json().id } });
    expect(stored.contact).toBeNull();
  });

  it('refuses a missing or too long content, a too long contact and unknown fields, naming the field', async () => {
    const cases: [unknown, string][] = [
      [{}, 'body.content'],
      [{ content: '   ' }, 'body.content'],
      [{ content: '字'.repeat(1001) }, 'body.content'],
      [{ content: '有异议', contact: '1'.repeat(101) }, 'body.contact'],
      [{ content: '有异议', name: '张三' }, 'body'],
    ];
    const before = await prisma().objection.count();
    for (const [payload, field] of cases) {
      const response = await object(fixtures.open.noticeId, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().issues.map((issue: { field: string }) => issue.field)).toContain(field);
    }
    const longest = await object(fixtures.open.noticeId, {
      content: '字'.repeat(1000),
      contact: '1'.repeat(100),
    });
    expect(longest.statusCode, longest.body).toBe(201);
    expect(await prisma().objection.count()).toBe(before + 1);
  });

  it('takes objections only while the notice runs: 409 with the reason otherwise, 404 for unpublished or unknown notices', async () => {
    const refusals: [string, number, RegExp][] = [
      [fixtures.ended, 409, /已结束/],
      [fixtures.interrupted, 409, /已因异议中止/],
      [fixtures.expired, 409, new RegExp(`已于 ${toIsoDate(day(-1))} 期满`)],
      [fixtures.notYet, 409, new RegExp(`将于 ${toIsoDate(day(2))} 开始`)],
      [fixtures.hidden.noticeId, 404, /公示不存在/],
      ['0199a1b2-0000-7000-8000-000000000000', 404, /公示不存在/],
    ];
    const before = await prisma().objection.count();
    for (const [noticeId, status, message] of refusals) {
      const response = await object(noticeId, { content: '有异议' });
      expect(response.statusCode, noticeId).toBe(status);
      expect(response.json().message).toMatch(message);
    }
    expect(await prisma().objection.count()).toBe(before);
  });

  it('limits objections to 5 per address in 10 minutes: the 6th is 429 in Chinese, another address still gets through', async () => {
    const address = '192.0.2.50';
    for (let n = 1; n <= 5; n++) {
      const response = await object(fixtures.open.noticeId, { content: `第 ${n} 条异议` }, address);
      expect(response.statusCode, response.body).toBe(201);
    }
    const before = await prisma().objection.count();
    const limited = await object(fixtures.open.noticeId, { content: '第 6 条异议' }, address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({
      statusCode: 429,
      message: expect.stringMatching(/^提交过于频繁，请 \d+ 分钟后再试$/),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await prisma().objection.count()).toBe(before);

    // Reads are not limited, and other people are not held up.
    expect(
      (await inject({ method: 'GET', url: '/api/public/notices', remoteAddress: address })).statusCode,
    ).toBe(200);
    expect(
      (await object(fixtures.open.noticeId, { content: '另一位市民的异议' }, '192.0.2.51')).statusCode,
    ).toBe(201);
  });

  it('lets no personal field or internal text through any public endpoint', async () => {
    // Something to find if it leaked: a contact on record, a resolved objection's resolution.
    const contact = 'leak-check@example.com';
    const filed = await object(fixtures.open.noticeId, { content: '泄露检查用异议', contact });
    expect(filed.statusCode).toBe(201);

    const [users, items, petitions, objections, requests, verifications, signOffs, progress, internalFiles] =
      await Promise.all([
        prisma().user.findMany({ select: { username: true, displayName: true, phone: true } }),
        prisma().ledgerItem.findMany({
          select: { responsiblePersonName: true, responsiblePersonPhone: true, leadLeaderName: true },
        }),
        prisma().petitionDetail.findMany({ select: { signerName: true } }),
        prisma().objection.findMany({ select: { contact: true, ip: true, content: true } }),
        prisma().closureRequest.findMany({ select: { signedStatement: true, returnReason: true } }),
        prisma().verification.findMany({ select: { conclusion: true } }),
        prisma().signOff.findMany({ select: { statement: true } }),
        prisma().progressEntry.findMany({ select: { content: true } }),
        prisma().evidenceFile.findMany({
          where: { isPublic: false },
          select: { fileName: true, description: true },
        }),
      ]);
    expect(objections.some((objection) => objection.contact === contact)).toBe(true);
    const secrets = new Set(
      [
        ...users.flatMap((user) => [
          user.username,
          user.displayName,
          user.phone,
          user.displayName.split(' ').at(-1),
        ]),
        ...items.flatMap((item) => [
          item.responsiblePersonName,
          item.responsiblePersonPhone,
          item.leadLeaderName,
        ]),
        ...petitions.map((petition) => petition.signerName),
        ...objections.flatMap((objection) => [objection.contact, objection.ip, objection.content]),
        ...requests.flatMap((request) => [request.signedStatement, request.returnReason]),
        ...verifications.map((verification) => verification.conclusion),
        ...signOffs.map((signOff) => signOff.statement),
        ...progress.map((entry) => entry.content),
        ...internalFiles.flatMap((file) => [file.fileName, file.description]),
      ].filter((value): value is string => typeof value === 'string' && value.trim().length >= 2),
    );
    expect(secrets.size).toBeGreaterThan(100);

    const forbiddenKey =
      /phone|contact|responsible|signer|signed|author|uploaded|displayName|username|leadLeader|actor|resolution|^ip$|createdBy|startedBy|verifier/i;
    const leaks: string[] = [];
    const visit = (value: unknown, path: string) => {
      if (typeof value === 'string') {
        for (const secret of secrets) {
          if (value === secret || value.includes(secret))
            leaks.push(`${path} = ${value.slice(0, 60)} ⊇ ${secret}`);
        }
      } else if (Array.isArray(value)) {
        value.forEach((element, index) => visit(element, `${path}[${index}]`));
      } else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if (forbiddenKey.test(key)) leaks.push(`${path}.${key} (key)`);
          visit(child, `${path}.${key}`);
        }
      }
    };

    const pagesOf = async (url: string, listKey: string) => {
      const first = (await get(`${url}?pageSize=100`)).json();
      const pages = [first];
      for (let page = 2; (page - 1) * 100 < first.total; page++) {
        pages.push((await get(`${url}?pageSize=100&page=${page}`)).json());
      }
      expect(pages.flatMap((answer) => answer[listKey]).length).toBe(first.total);
      return pages;
    };
    const answers: Record<string, unknown> = {
      summary: (await get('/api/public/summary')).json(),
      tasks: await pagesOf('/api/public/tasks', 'tasks'),
      petitions: await pagesOf('/api/public/petitions', 'petitions'),
      notices: (await get('/api/public/notices')).json(),
    };
    for (const [name, answer] of Object.entries(answers)) visit(answer, name);
    expect(leaks).toEqual([]);

    // The crawl did cover the rows those secrets belong to: the notice under objection among them.
    expect(JSON.stringify(answers.notices)).toContain(fixtures.open.number);
  });

  it('documents the public endpoints in the OpenAPI document', async () => {
    const { cookie } = await loginAs(context, 'auditor');
    const document = (await inject({ method: 'GET', url: '/api/docs/json', headers: { cookie } })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/public/summary',
        '/api/public/tasks',
        '/api/public/petitions',
        '/api/public/notices',
        '/api/public/evidence/{id}',
        '/api/public/notices/{noticeId}/objections',
      ]),
    );
  });
});
