/**
 * 三色督办 through the API, on PostgreSQL with the demo ledger and its accounts: issuing on one
 * item and on a unit's overdue items (all or nothing), the suggestions, who sees and who answers
 * a notice, the response with its evidence, the daily overdue flag, escalation from yellow to red,
 * closing — each step with exactly one audit record, on the item's timeline and in the to-do lists.
 */
import { verifyAuditChain } from '@ledger/db/audit';
import { addDays, ledgerDate, toIsoDate } from '@ledger/domain/calendar';
import type { ItemDetail } from '@ledger/domain/items';
import type { SupervisionNoticeView } from '@ledger/domain/supervision';
import type { BatchIssueResult, NoticeList, SupervisionSuggestions } from '@ledger/domain/supervision-inputs';
import type { TodoList } from '@ledger/domain/todo';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';

import { flagOverdueNotices } from '../src/services/supervision';
import { multipartForm, png } from './evidence-fixtures';
import { SEED_TODAY, useSeedDayApp, useTestApp } from './helpers';

interface Refusal {
  message: string;
  issues?: { field: string; message: string }[];
  missingPermission?: string;
}

describe('supervision notices (三色督办)', () => {
  const context = useTestApp({ seed: true });
  const { units, userIds, login, inject } = useSeedDayApp(context);
  const today = ledgerDate(SEED_TODAY);
  const todayIso = toIsoDate(today);
  const prisma = () => context.db.prisma;
  let serial = 0;

  beforeAll(async () => {
    for (const username of [
      'coordinator',
      'auditor',
      'officer.hushu',
      'head.hushu',
      'officer.banshan',
      'officer.xiaohe',
    ]) {
      await login(username);
    }
  });

  // ───────────── Factories ─────────────

  /** An item of 湖墅街道 (半山街道 cooperating), overdue by default. */
  async function register(overrides: { deadline?: string; leadUnit?: string } = {}): Promise<ItemDetail> {
    const response = await inject('coordinator', {
      method: 'POST',
      url: '/api/items',
      payload: {
        kind: 'TASK',
        number: `SV-${++serial}`,
        title: '运河沿线餐饮油烟直排',
        leadUnitId: units[overrides.leadUnit ?? 'street-hushu'],
        cooperatingUnitIds: [units['street-banshan']],
        deadline: overrides.deadline ?? toIsoDate(addDays(today, -10)),
        timeLimitType: 'SHORT_TERM',
        task: {
          inspectionRound: 'FIRST_ROUND',
          feedbackText: '运河沿线部分餐饮企业油烟直排，群众反映强烈。',
          category: 'AIR',
          target: '沿线餐饮企业油烟净化设施安装率达到 100%。',
          measures: ['全面排查沿线餐饮企业'],
          closureStandard: '净化设施全部安装并正常运行。',
        },
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  const yellow = (overrides: Record<string, unknown> = {}) => ({
    level: 'YELLOW',
    reason: '该事项已超过整改时限，请加快推进并按期反馈。',
    responseDueOn: toIsoDate(addDays(today, 5)),
    ...overrides,
  });

  const escalation = { reason: '逾期未反馈，升级为挂牌督办。', responseDueOn: toIsoDate(addDays(today, 3)) };

  /**
   * A request that changes something: on success exactly one more audit record, of `auditAction`
   * by the caller; on a refusal none, and no notice or event written.
   */
  async function mutate<T>(
    username: string,
    options: InjectOptions,
    expectedStatus: number,
    auditAction?: string,
  ): Promise<T> {
    const audits = await prisma().auditLog.count();
    const notices = await prisma().supervisionNotice.count();
    const events = await prisma().workflowEvent.count();
    const response = await inject(username, options);
    expect(response.statusCode, response.body).toBe(expectedStatus);
    if (expectedStatus >= 400) {
      expect(await prisma().auditLog.count()).toBe(audits);
      expect(await prisma().supervisionNotice.count()).toBe(notices);
      expect(await prisma().workflowEvent.count()).toBe(events);
    } else {
      expect(await prisma().auditLog.count()).toBe(audits + 1);
      const record = await prisma().auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(record).toMatchObject({
        action: auditAction,
        entityType: 'SupervisionNotice',
        actorId: userIds[username],
        outcome: 'SUCCESS',
      });
    }
    return response.json<T>();
  }

  const issue = (itemId: string, body = yellow(), username = 'coordinator', status = 201) =>
    mutate<SupervisionNoticeView & Refusal>(
      username,
      { method: 'POST', url: `/api/items/${itemId}/supervision-notices`, payload: body },
      status,
      'supervision.issue',
    );

  const step = <T = SupervisionNoticeView & Refusal>(
    username: string,
    noticeId: string,
    action: 'respond' | 'escalate' | 'close',
    body: Record<string, unknown>,
    status: number,
  ) =>
    mutate<T>(
      username,
      { method: 'POST', url: `/api/supervision-notices/${noticeId}/${action}`, payload: body },
      status,
      `supervision.${action}`,
    );

  async function read<T>(username: string, url: string, status = 200): Promise<T> {
    const response = await inject(username, { method: 'GET', url });
    expect(response.statusCode, response.body).toBe(status);
    return response.json<T>();
  }

  async function upload(itemId: string, username = 'officer.hushu') {
    const form = multipartForm({ provesDate: todayIso, description: '整改现场照片' }, [
      { name: '现场.png', content: png, type: 'image/png' },
    ]);
    const response = await inject(username, {
      method: 'POST',
      url: `/api/items/${itemId}/evidence`,
      headers: form.headers,
      payload: form.payload,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  }

  // ───────────── Issuing ─────────────

  it('issues a yellow notice on one item to its lead unit, on the timeline and in the audit', async () => {
    const item = await register();
    const notice = await issue(item.id);
    expect(notice).toMatchObject({
      item: { id: item.id, number: item.number },
      unit: { id: units['street-hushu'], name: '湖墅街道' },
      level: 'YELLOW',
      status: 'ISSUED',
      overdue: false,
      late: false,
      batchId: null,
      issuedBy: { id: userIds.coordinator },
      allowedActions: [],
    });
    const record = await prisma().auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(record.entityId).toBe(notice.id);

    const detail = await read<ItemDetail>('officer.hushu', `/api/items/${item.id}`);
    expect(detail.supervision.notices.map((n) => [n.id, n.allowedActions])).toEqual([
      [notice.id, ['respond']],
    ]);
    expect(detail.timeline.at(-1)).toMatchObject({
      type: 'supervision-notice',
      title: `下发督办（${toIsoDate(addDays(today, 5))} 前反馈）`,
      detail: '该事项已超过整改时限，请加快推进并按期反馈。',
      actor: { id: userIds.coordinator },
    });
    // The coordinator may not put a second notice beside it.
    expect((await read<ItemDetail>('coordinator', `/api/items/${item.id}`)).supervision.canIssue).toBe(false);
  });

  it('refuses a second open notice and a closed item with 409 saying why', async () => {
    const item = await register();
    await issue(item.id);
    const again = await issue(item.id, yellow({ level: 'RED' }), 'coordinator', 409);
    expect(again.message).toContain('已有未办结的督办');

    const closed = await prisma().ledgerItem.findFirstOrThrow({ where: { status: 'CLOSED' } });
    const refused = await issue(closed.id, yellow(), 'coordinator', 409);
    expect(refused.message).toBe('该事项已销号，不能督办');
  });

  it('validates the input, names the field, and lets only the coordinator issue', async () => {
    const item = await register();
    const past = await issue(
      item.id,
      yellow({ responseDueOn: toIsoDate(addDays(today, -1)) }),
      'coordinator',
      400,
    );
    expect(past.message).toContain('要求反馈日期不能早于今天');
    const empty = await issue(item.id, yellow({ reason: ' ' }), 'coordinator', 400);
    expect(empty.message).toContain('督办事由不能为空');

    const officer = await issue(item.id, yellow(), 'officer.hushu', 403);
    expect(officer.missingPermission).toBe('issue:supervision:any');
    await issue(item.id, yellow(), 'officer.xiaohe', 404);
    await issue('00000000-0000-7000-8000-000000000000', yellow(), 'coordinator', 404);
  });

  it('issues a batch on a unit’s overdue items all or nothing, naming the item that does not fit', async () => {
    const overdue = [await register(), await register()];
    const notYetDue = await register({ deadline: toIsoDate(addDays(today, 30)) });
    const otherUnit = await register({ leadUnit: 'street-xiaohe' });
    const batch = (itemIds: string[], status: number) =>
      mutate<BatchIssueResult & Refusal>(
        'coordinator',
        {
          method: 'POST',
          url: '/api/supervision-notices/batch',
          payload: { unitId: units['street-hushu'], itemIds, ...yellow() },
        },
        status,
        'supervision.issue-batch',
      );

    const refused = await batch([...overdue.map((item) => item.id), notYetDue.id, otherUnit.id], 400);
    expect(refused.issues).toEqual([
      { field: 'body.itemIds.2', message: `事项 ${notYetDue.number} 未逾期，不能按逾期事项批量督办` },
      { field: 'body.itemIds.3', message: `事项 ${otherUnit.number} 不是该单位牵头的事项` },
    ]);
    expect(
      await prisma().supervisionNotice.count({ where: { itemId: { in: overdue.map((i) => i.id) } } }),
    ).toBe(0);

    const done = await batch(
      overdue.map((item) => item.id),
      201,
    );
    expect(done.notices.map((notice) => [notice.item.id, notice.batchId, notice.unit.name])).toEqual(
      overdue.map((item) => [item.id, done.batchId, '湖墅街道']),
    );
    const record = await prisma().auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(record.after).toMatchObject({ batchId: done.batchId, notices: [{}, {}] });

    // Now they have a notice waiting: a second batch names them.
    const twice = await batch([overdue[0]!.id], 400);
    expect(twice.issues?.[0]?.message).toContain('已有未办结的督办');
    expect(
      (
        await inject('officer.hushu', {
          method: 'POST',
          url: '/api/supervision-notices/batch',
          payload: { unitId: units['street-hushu'], itemIds: [overdue[0]!.id], ...yellow() },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('suggests overdue items without a waiting notice, by lead unit, and drops them once issued', async () => {
    const item = await register();
    const hushu = async () =>
      (
        await read<SupervisionSuggestions>(
          'coordinator',
          `/api/supervision-notices/suggestions?unitId=${units['street-hushu']}&pageSize=100`,
        )
      ).groups[0]!;
    const before = await hushu();
    expect(before.unit.name).toBe('湖墅街道');
    expect(before.items.map((candidate) => candidate.id)).toContain(item.id);
    expect(
      before.items.every((candidate) => candidate.overdue && candidate.leadUnit.name === '湖墅街道'),
    ).toBe(true);

    await issue(item.id);
    const after = await hushu();
    expect(after.total).toBe(before.total - 1);
    expect(after.items.map((candidate) => candidate.id)).not.toContain(item.id);

    const all = await read<SupervisionSuggestions>('coordinator', '/api/supervision-notices/suggestions');
    expect(all.total).toBe(all.groups.reduce((sum, group) => sum + group.total, 0));
    expect(all.groups.find((group) => group.unit.id === units['street-hushu'])?.total).toBe(after.total);
    await read('officer.hushu', '/api/supervision-notices/suggestions', 403);
  });

  // ───────────── Who sees, who answers ─────────────

  it('shows a unit its notices only: another unit gets 404, a cooperating unit reads but may not answer', async () => {
    const item = await register();
    const notice = await issue(item.id);

    await read('officer.xiaohe', `/api/supervision-notices/${notice.id}`, 404);
    const list = await read<NoticeList>('officer.xiaohe', '/api/supervision-notices?pageSize=100');
    expect(list.notices.map((n) => n.id)).not.toContain(notice.id);
    await step('officer.xiaohe', notice.id, 'respond', { responseText: '已整改' }, 404);

    // 半山街道 cooperates on the item: it reads the notice, the lead unit answers it.
    const seen = await read<SupervisionNoticeView>(
      'officer.banshan',
      `/api/supervision-notices/${notice.id}`,
    );
    expect(seen.allowedActions).toEqual([]);
    const refused = await step('officer.banshan', notice.id, 'respond', { responseText: '已整改' }, 403);
    expect(refused.missingPermission).toBe('respond:supervision:lead-unit');

    const auditor = await read<NoticeList>('auditor', `/api/supervision-notices?itemId=${item.id}`);
    expect(auditor.notices.map((n) => [n.id, n.allowedActions])).toEqual([[notice.id, []]]);
    await step('auditor', notice.id, 'close', {}, 403);
  });

  it('takes the unit’s response with evidence of the item, linking the files', async () => {
    const item = await register();
    const other = await register();
    const notice = await issue(item.id);
    const evidenceId = await upload(item.id);
    const foreign = await upload(other.id);

    const wrong = await step(
      'officer.hushu',
      notice.id,
      'respond',
      { responseText: '已整改', evidenceIds: [foreign] },
      400,
    );
    expect(wrong.issues).toEqual([{ field: 'body.evidenceIds.0', message: '佐证材料不存在或不属于本事项' }]);

    const answered = await step(
      'head.hushu',
      notice.id,
      'respond',
      {
        responseText: '已完成油烟净化设施安装，附现场照片。',
        evidenceIds: [evidenceId],
      },
      200,
    );
    expect(answered).toMatchObject({
      status: 'RESPONDED',
      late: false,
      responseText: '已完成油烟净化设施安装，附现场照片。',
      respondedBy: { id: userIds['head.hushu'] },
      evidence: [
        { id: evidenceId, fileName: '现场.png', url: `/api/items/${item.id}/evidence/${evidenceId}` },
      ],
    });
    const file = await prisma().evidenceFile.findUniqueOrThrow({ where: { id: evidenceId } });
    expect(file.supervisionNoticeId).toBe(notice.id);

    // Answered once: the same answer again is refused by the status.
    const again = await step('officer.hushu', notice.id, 'respond', { responseText: '补充说明' }, 409);
    expect(again.message).toBe('督办当前状态为「已反馈，待审核」，不能「反馈督办」');
  });

  // ───────────── Overdue, escalation, closing ─────────────

  it('flags unanswered notices past their date once, audited by the system, and shows them overdue before that', async () => {
    const item = await register();
    const notice = await issue(item.id, yellow({ responseDueOn: todayIso }));
    // The date passes: the lists say so before any run has flagged it.
    await prisma().supervisionNotice.update({
      where: { id: notice.id },
      data: { responseDueOn: addDays(today, -1) },
    });
    const derived = await read<NoticeList>(
      'coordinator',
      `/api/supervision-notices?itemId=${item.id}&overdue=true`,
    );
    expect(derived.notices.map((n) => [n.id, n.status, n.overdue, n.late])).toEqual([
      [notice.id, 'OVERDUE', true, true],
    ]);
    expect((await prisma().supervisionNotice.findUniqueOrThrow({ where: { id: notice.id } })).status).toBe(
      'ISSUED',
    );

    const audits = await prisma().auditLog.count();
    const first = await flagOverdueNotices(prisma(), today);
    expect(first.flagged).toBeGreaterThanOrEqual(1);
    expect(await prisma().auditLog.count()).toBe(audits + first.flagged);
    const record = await prisma().auditLog.findFirstOrThrow({
      where: { action: 'supervision.overdue', entityId: notice.id },
    });
    expect(record).toMatchObject({
      actorId: null,
      before: { status: 'ISSUED' },
      after: { status: 'OVERDUE' },
    });
    const row = await prisma().supervisionNotice.findUniqueOrThrow({ where: { id: notice.id } });
    expect(row.status).toBe('OVERDUE');
    expect(row.overdueAt).not.toBeNull();

    expect((await flagOverdueNotices(prisma(), today)).flagged).toBe(0);
    expect(await prisma().auditLog.count()).toBe(audits + first.flagged);
    expect(
      await prisma().auditLog.count({ where: { action: 'supervision.overdue', entityId: notice.id } }),
    ).toBe(1);

    // A late answer is accepted and stays marked late.
    const late = await step(
      'officer.hushu',
      notice.id,
      'respond',
      { responseText: '因施工延误，现已整改完毕。' },
      200,
    );
    expect(late).toMatchObject({
      status: 'RESPONDED',
      late: true,
      overdue: false,
      overdueAt: row.overdueAt!.toISOString(),
    });
  });

  it('escalates an overdue yellow notice to a red one that keeps the chain; red goes no further', async () => {
    const item = await register();
    const notice = await issue(item.id, yellow({ responseDueOn: todayIso }));
    // Within its date the unit still has time: no escalation yet.
    const early = await step('coordinator', notice.id, 'escalate', escalation, 409);
    expect(early.message).toBe('督办当前状态为「已下发，待反馈」，不能「升级为挂牌督办」');

    await prisma().supervisionNotice.update({
      where: { id: notice.id },
      data: { responseDueOn: addDays(today, -1) },
    });
    const officer = await step('officer.hushu', notice.id, 'escalate', escalation, 403);
    expect(officer.missingPermission).toBe('issue:supervision:any');
    const red = await step('coordinator', notice.id, 'escalate', escalation, 201);
    expect(red).toMatchObject({
      level: 'RED',
      status: 'ISSUED',
      escalatedFromId: notice.id,
      unit: { name: '湖墅街道' },
    });
    const escalated = await read<SupervisionNoticeView>(
      'coordinator',
      `/api/supervision-notices/${notice.id}`,
    );
    // Escalated before the daily run flagged it: the lateness is on record all the same.
    expect(escalated).toMatchObject({ status: 'ESCALATED', escalatedToId: red.id, late: true });

    await prisma().supervisionNotice.update({
      where: { id: red.id },
      data: { responseDueOn: addDays(today, -1) },
    });
    const top = await step('coordinator', red.id, 'escalate', escalation, 409);
    expect(top.message).toBe('挂牌督办已是最高等级，不能再升级');

    const detail = await read<ItemDetail>('coordinator', `/api/items/${item.id}`);
    expect(detail.supervision.notices.map((n) => [n.level, n.status])).toEqual([
      ['YELLOW', 'ESCALATED'],
      ['RED', 'OVERDUE'],
    ]);
    expect(
      detail.timeline.filter((entry) => entry.type === 'supervision-notice').map((entry) => entry.title),
    ).toEqual([`下发督办（${todayIso} 前反馈）`, `升级为挂牌督办（${toIsoDate(addDays(today, 3))} 前反馈）`]);
  });

  it('closes a responded notice, and the timeline and to-do lists follow every step', async () => {
    const item = await register();
    const notice = await issue(item.id);
    const notAnswered = await step('coordinator', notice.id, 'close', {}, 409);
    expect(notAnswered.message).toBe('督办当前状态为「已下发，待反馈」，不能「审核办结」');

    const officerTodo = await read<TodoList>('officer.hushu', '/api/todo');
    const toRespond = officerTodo.supervision.find((group) => group.key === 'supervision-to-respond')!;
    expect(toRespond.notices.map((n) => n.id)).toContain(notice.id);
    expect(officerTodo.supervision.map((group) => group.key)).toEqual(['supervision-to-respond']);

    await step('officer.hushu', notice.id, 'respond', { responseText: '已全部整改到位。' }, 200);
    const coordinatorTodo = await read<TodoList>('coordinator', '/api/todo');
    expect(coordinatorTodo.supervision.map((group) => group.key)).toEqual([
      'supervision-to-review',
      'supervision-to-escalate',
    ]);
    expect(coordinatorTodo.supervision[0]!.notices.map((n) => n.id)).toContain(notice.id);

    const closed = await step('coordinator', notice.id, 'close', { note: '反馈属实，予以办结。' }, 200);
    expect(closed.status).toBe('CLOSED');
    expect(closed.closedAt).not.toBeNull();
    const after = await read<TodoList>('coordinator', '/api/todo');
    expect(after.supervision[0]!.notices.map((n) => n.id)).not.toContain(notice.id);

    const timeline = (await read<ItemDetail>('officer.hushu', `/api/items/${item.id}`)).timeline.filter(
      (entry) => entry.type === 'supervision-notice',
    );
    expect(timeline.map((entry) => [entry.title, entry.detail, entry.actor?.id])).toEqual([
      [
        `下发督办（${toIsoDate(addDays(today, 5))} 前反馈）`,
        '该事项已超过整改时限，请加快推进并按期反馈。',
        userIds.coordinator,
      ],
      ['反馈督办', '已全部整改到位。', userIds['officer.hushu']],
      ['督办审核办结', '反馈属实，予以办结。', userIds.coordinator],
    ]);
    // Closed: a new notice may be issued on the item again.
    expect((await read<ItemDetail>('coordinator', `/api/items/${item.id}`)).supervision.canIssue).toBe(true);
  });

  it('shows the demo notices in every state, and the audit chain holds', async () => {
    const demo = await read<NoticeList>(
      'coordinator',
      '/api/supervision-notices?unitId=' + units['street-hushu'],
    );
    expect(demo.total).toBeGreaterThan(0);
    const statuses = new Set(
      (
        await prisma().supervisionNotice.findMany({
          where: { issuedById: userIds.coordinator },
          select: { status: true },
        })
      ).map((row) => row.status),
    );
    expect([...statuses].sort()).toEqual(['CLOSED', 'ESCALATED', 'ISSUED', 'OVERDUE', 'RESPONDED']);
    const verification = await verifyAuditChain(prisma());
    expect(verification.ok).toBe(true);
  });
});
