/**
 * The closure (销号) workflow through the API, on PostgreSQL with the demo ledger and its
 * accounts: the whole path for a task and for a petition case, and each rule the officials hold
 * to — the head's signature on record, no one verifying their own request, evidence required,
 * the notice period and its objections, the closed record, look-backs, extensions, concurrent
 * verifications — with one workflow event and one audit record per step, and the audit chain
 * intact at the end.
 */
import { verifyAuditChain } from '@ledger/db/audit';
import { hashPassword } from '@ledger/db/password';
import { DEMO_PASSWORD } from '@ledger/db/seed/accounts';
import { addDays, ledgerDate, noticePeriodDates, toIsoDate } from '@ledger/domain/calendar';
import type { ItemDetail } from '@ledger/domain/items';
import type { TodoGroupKey, TodoList } from '@ledger/domain/todo';
import type { WorkflowAction } from '@ledger/domain/workflow';
import { DEFAULT_SIGN_STATEMENT } from '@ledger/domain/workflow-inputs';
import { beforeAll, describe, expect, it } from 'vitest';

import { multipartForm, png } from './evidence-fixtures';
import { loadTodo } from '../src/services/todo';
import { SEED_TODAY, useSeedDayApp, useTestApp } from './helpers';

/** An error answer: the message, and what names the cause. */
interface Refusal {
  message: string;
  issues: { field: string; message: string }[];
  missingPermission?: string;
  status?: string;
  current?: ItemDetail;
}

/** What the app is configured with in this file, so that the default is seen to come from config. */
const NOTICE_WORKING_DAYS = 7;

describe('the closure workflow (销号流程)', () => {
  const context = useTestApp({ seed: true });
  // A fixed today (a Sunday): notice periods and deadlines mean the same on any day the tests run.
  const seedDay = useSeedDayApp(context, { noticeWorkingDays: NOTICE_WORKING_DAYS });
  const { units, userIds, login, inject } = seedDay;
  const today = ledgerDate(SEED_TODAY);
  const todayIso = toIsoDate(today);
  const prisma = () => context.db.prisma;
  let serial = 0;

  /** An account beyond the demo ones, with the demo password. */
  async function createAccount(
    username: string,
    displayName: string,
    role: 'COORDINATOR' | 'UNIT_OFFICER' | 'UNIT_HEAD',
    unitCode: string,
  ) {
    const user = await prisma().user.create({
      data: {
        username,
        displayName,
        passwordHash: await hashPassword(DEMO_PASSWORD),
        role,
        unitId: units[unitCode]!,
      },
    });
    userIds[username] = user.id;
    await login(username);
  }

  beforeAll(async () => {
    for (const username of [
      'coordinator',
      'leader',
      'auditor',
      'admin',
      'officer.hushu',
      'head.hushu',
      'officer.banshan',
    ]) {
      await login(username);
    }
    // A second verifier, for two verifications at the same moment.
    await createAccount('coordinator.b', '协调小组 刘晓东', 'COORDINATOR', 'coordination-group');
  });

  // ───────────── Factories ─────────────

  const deadline = toIsoDate(addDays(today, 120));

  function taskPayload(overrides: Record<string, unknown> = {}) {
    return {
      kind: 'TASK',
      number: `WF-T-${++serial}`,
      title: '运河沿线餐饮油烟直排',
      leadUnitId: units['street-hushu'],
      deadline,
      warningDate: toIsoDate(addDays(today, 113)),
      timeLimitType: 'SHORT_TERM',
      task: {
        inspectionRound: 'FIRST_ROUND',
        feedbackText: '运河沿线部分餐饮企业油烟直排，群众反映强烈。',
        category: 'AIR',
        target: '沿线餐饮企业油烟净化设施安装率达到 100%。',
        measures: ['全面排查沿线餐饮企业', '督促安装油烟净化设施'],
        closureStandard: '净化设施全部安装并正常运行，经第三方检测达标。',
      },
      ...overrides,
    };
  }

  function petitionPayload(overrides: Record<string, unknown> = {}) {
    return {
      kind: 'PETITION',
      number: `WF-P-${++serial}`,
      title: '反映某小区旁工地夜间施工噪声扰民',
      leadUnitId: units['street-hushu'],
      deadline,
      timeLimitType: 'IMMEDIATE',
      petition: {
        batch: 21,
        handedOverOn: todayIso,
        complaintSummary: '反映某小区旁工地夜间施工噪声扰民。',
        areaUnitId: units['street-hushu'],
        pollutionTypes: ['NOISE'],
      },
      ...overrides,
    };
  }

  async function register(payload: Record<string, unknown>): Promise<ItemDetail> {
    const response = await inject('coordinator', { method: 'POST', url: '/api/items', payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  async function detail(username: string, itemId: string): Promise<ItemDetail> {
    const response = await inject(username, { method: 'GET', url: `/api/items/${itemId}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  async function upload(itemId: string, username = 'officer.hushu') {
    const form = multipartForm({ provesDate: todayIso, description: '整改后现场照片' }, [
      { name: '整改后.png', content: png, type: 'image/png' },
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

  function reportProgress(itemId: string, username = 'officer.hushu') {
    return inject(username, {
      method: 'POST',
      url: `/api/items/${itemId}/progress`,
      payload: {
        reportedOn: todayIso,
        content: '已完成沿线餐饮企业排查，正在安装油烟净化设施。',
        percent: 60,
      },
    });
  }

  const currentVersion = async (itemId: string) =>
    (await prisma().ledgerItem.findUniqueOrThrow({ where: { id: itemId }, select: { version: true } }))
      .version;
  const workflowEvents = (itemId: string) =>
    prisma().workflowEvent.findMany({ where: { itemId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

  const post = (username: string, itemId: string, action: string, payload: Record<string, unknown>) =>
    inject(username, { method: 'POST', url: `/api/items/${itemId}/actions/${action}`, payload });

  /**
   * Takes an action with the item's current version and checks what every step must leave: on
   * success exactly one workflow event and one audit record (`item.workflow.<action>`, with the
   * states before and after); on a refusal, neither.
   */
  async function act(
    username: string,
    itemId: string,
    action: WorkflowAction,
    body?: Record<string, unknown>,
  ): Promise<ItemDetail>;
  async function act(
    username: string,
    itemId: string,
    action: WorkflowAction,
    body: Record<string, unknown>,
    expectedStatus: 400 | 403 | 404 | 409,
  ): Promise<Refusal>;
  async function act(
    username: string,
    itemId: string,
    action: WorkflowAction,
    body: Record<string, unknown> = {},
    expectedStatus = 200,
  ): Promise<ItemDetail | Refusal> {
    const audits = await prisma().auditLog.count();
    const events = await prisma().workflowEvent.count({ where: { itemId } });
    const before = await prisma().ledgerItem.findUniqueOrThrow({
      where: { id: itemId },
      select: { status: true, version: true },
    });
    const response = await post(username, itemId, action, { version: before.version, ...body });
    expect(response.statusCode, response.body).toBe(expectedStatus);
    if (expectedStatus !== 200) {
      expect(await prisma().auditLog.count()).toBe(audits);
      expect(await prisma().workflowEvent.count({ where: { itemId } })).toBe(events);
      return response.json<Refusal>();
    }
    const item = response.json<ItemDetail>();
    expect(item.version).toBe(before.version + 1);
    expect(await prisma().auditLog.count()).toBe(audits + 1);
    const record = await prisma().auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(record).toMatchObject({
      action: `item.workflow.${action}`,
      entityType: 'LedgerItem',
      entityId: itemId,
      actorId: userIds[username],
      outcome: 'SUCCESS',
      before: { status: before.status, version: before.version },
      after: { status: item.status, version: before.version + 1 },
    });
    const recorded = await workflowEvents(itemId);
    expect(recorded).toHaveLength(events + 1);
    expect(recorded.at(-1)).toMatchObject({
      action,
      fromStatus: before.status,
      toStatus: item.status,
      actorId: userIds[username],
    });
    return item;
  }

  const steps = {
    requestClosure: (itemId: string, evidenceIds: string[], username = 'officer.hushu') =>
      act(username, itemId, 'request_closure', {
        report: '经自查，沿线 12 家餐饮企业均已安装油烟净化设施并正常运行，达到销号标准。',
        evidenceIds,
      }),
    sign: (itemId: string, username = 'head.hushu') =>
      act(username, itemId, 'sign', { statement: DEFAULT_SIGN_STATEMENT }),
    verify: (itemId: string, result: 'PASSED' | 'FAILED' = 'PASSED', username = 'coordinator') =>
      act(username, itemId, 'verify', {
        result,
        conclusion:
          result === 'PASSED'
            ? '经现场核查，整改到位，验收通过。'
            : '现场仍有 2 家餐饮企业油烟直排，验收不通过。',
        onSite: true,
        verifiedOn: todayIso,
      }),
    /** 0 working days by default, so that the notice may end at once; null for the configured length */
    startNotice: (itemId: string, workingDays: number | null = 0) =>
      act('coordinator', itemId, 'start_notice', workingDays === null ? {} : { workingDays }),
    closeNotice: (itemId: string) => act('coordinator', itemId, 'close_notice'),
    signOff: (itemId: string, decision: 'APPROVED' | 'RETURNED' = 'APPROVED') =>
      act('leader', itemId, 'sign_off', {
        decision,
        statement: decision === 'APPROVED' ? '同意销号。' : '请补充第三方检测报告后重新验收。',
      }),
  };

  const pathTo = [
    'IN_PROGRESS',
    'CLOSURE_REQUESTED',
    'AWAITING_VERIFICATION',
    'VERIFIED',
    'PUBLIC_NOTICE',
    'AWAITING_SIGN_OFF',
    'CLOSED',
  ] as const;

  /** A fresh item of 湖墅街道, taken along the happy path up to `status`. */
  async function itemAt(status: (typeof pathTo)[number], payload: Record<string, unknown> = taskPayload()) {
    const item = await register(payload);
    expect((await reportProgress(item.id)).statusCode).toBe(201);
    const evidenceId = await upload(item.id);
    const reach = pathTo.indexOf(status);
    let current = await detail('coordinator', item.id);
    if (reach >= 1) current = await steps.requestClosure(item.id, [evidenceId]);
    if (reach >= 2) current = await steps.sign(item.id);
    if (reach >= 3) current = await steps.verify(item.id);
    if (reach >= 4) current = await steps.startNotice(item.id);
    if (reach >= 5) current = await steps.closeNotice(item.id);
    if (reach >= 6) current = await steps.signOff(item.id);
    expect(current.status).toBe(status);
    return { id: item.id, evidenceId };
  }

  async function todo(username: string): Promise<TodoList> {
    const response = await inject(username, { method: 'GET', url: '/api/todo' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }
  const todoIds = async (username: string, key: TodoGroupKey) =>
    ((await todo(username)).groups.find((group) => group.key === key)?.items ?? []).map((item) => item.id);

  // ───────────── The whole path ─────────────

  it('takes a task from 挂账 to 已销号 with the demo accounts, each step offered to the next person', async () => {
    const item = await register(taskPayload());
    expect(item.status).toBe('REGISTERED');
    expect((await detail('officer.hushu', item.id)).allowedActions).toContain('start');
    expect(await todoIds('officer.hushu', 'to-start')).toContain(item.id);

    // The first progress report starts the work, with its own event and audit record.
    const audits = await prisma().auditLog.count({
      where: { entityId: item.id, action: 'item.workflow.start' },
    });
    expect((await reportProgress(item.id)).statusCode).toBe(201);
    const started = await detail('officer.hushu', item.id);
    expect(started.status).toBe('IN_PROGRESS');
    expect(started.version).toBe(item.version + 1);
    expect((await workflowEvents(item.id)).map((event) => event.action)).toEqual(['start']);
    expect(
      await prisma().auditLog.count({ where: { entityId: item.id, action: 'item.workflow.start' } }),
    ).toBe(audits + 1);
    expect(started.timeline).toContainEqual(
      expect.objectContaining({
        type: 'workflow',
        action: 'start',
        title: '开始整改',
        actor: expect.objectContaining({ id: userIds['officer.hushu'] }),
      }),
    );
    expect(await todoIds('officer.hushu', 'to-start')).not.toContain(item.id);

    const evidenceId = await upload(item.id);
    expect(started.allowedActions).toContain('request_closure');
    const requested = await steps.requestClosure(item.id, [evidenceId]);
    expect(requested.status).toBe('CLOSURE_REQUESTED');
    expect(requested.closure).toMatchObject({
      status: 'AWAITING_SIGNATURE',
      requestedBy: { id: userIds['officer.hushu'] },
      evidenceIds: [evidenceId],
      signer: null,
      signedAt: null,
      signedStatement: null,
    });
    expect((await detail('head.hushu', item.id)).allowedActions).toEqual(
      expect.arrayContaining(['sign', 'return_request']),
    );
    expect(await todoIds('head.hushu', 'to-sign')).toContain(item.id);
    expect(await todoIds('officer.banshan', 'to-sign')).not.toContain(item.id);

    const signed = await steps.sign(item.id);
    expect(signed.status).toBe('AWAITING_VERIFICATION');
    expect((await detail('coordinator', item.id)).allowedActions).toContain('verify');
    expect(await todoIds('coordinator', 'to-verify')).toContain(item.id);

    const verified = await steps.verify(item.id);
    expect(verified.status).toBe('VERIFIED');
    expect(verified.allowedActions).toContain('start_notice');
    expect(await todoIds('coordinator', 'to-start-notice')).toContain(item.id);

    const inNotice = await steps.startNotice(item.id, 0);
    expect(inNotice.status).toBe('PUBLIC_NOTICE');
    expect(inNotice.closure!.notice).toMatchObject({
      startsOn: todayIso,
      endsOn: toIsoDate(addDays(today, -1)),
      workingDays: 0,
      status: 'OPEN',
      openObjections: 0,
    });
    expect(inNotice.allowedActions).toContain('close_notice');
    expect(await todoIds('coordinator', 'notice-to-handle')).toContain(item.id);

    const noticeEnded = await steps.closeNotice(item.id);
    expect(noticeEnded.status).toBe('AWAITING_SIGN_OFF');
    expect((await detail('leader', item.id)).allowedActions).toContain('sign_off');
    expect(await todoIds('leader', 'to-sign-off')).toContain(item.id);

    const closed = await steps.signOff(item.id);
    expect(closed.status).toBe('CLOSED');
    expect(closed.closedOn).toBe(todayIso);
    expect(closed.closure).toMatchObject({
      status: 'APPROVED',
      evidenceIds: [evidenceId],
      signer: { id: userIds['head.hushu'], displayName: '湖墅街道 张建国' },
      signedStatement: DEFAULT_SIGN_STATEMENT,
      verifications: [
        { result: 'PASSED', onSite: true, verifiedOn: todayIso, verifier: { id: userIds.coordinator } },
      ],
      notice: { status: 'ENDED' },
      signOffs: [{ decision: 'APPROVED', statement: '同意销号。', leader: { id: userIds.leader } }],
    });
    expect(await todoIds('leader', 'to-sign-off')).not.toContain(item.id);

    // Every step is recorded in order, and on the timeline with who took it.
    const path = ['start', 'request_closure', 'sign', 'verify', 'start_notice', 'close_notice', 'sign_off'];
    expect((await workflowEvents(item.id)).map((event) => event.action)).toEqual(path);
    const actions = closed.timeline.flatMap((entry) => (entry.action ? [entry.action] : []));
    expect([...actions].sort()).toEqual([...path].sort());
    expect(closed.timeline.find((entry) => entry.action === 'sign_off')).toMatchObject({
      type: 'sign-off',
      title: '审签：同意销号',
      detail: '同意销号。',
      actor: { id: userIds.leader },
    });
    // Read-only now: nothing but a look-back for the coordinator, nothing at all for the unit.
    expect((await detail('coordinator', item.id)).allowedActions).toEqual(['read', 'record_lookback']);
    expect((await detail('officer.hushu', item.id)).allowedActions).toEqual(['read']);
  });

  it('takes a petition case along the same path, its 办结状态 following the status to 已办结', async () => {
    const item = await register(petitionPayload());
    expect(item.petition!.handlingState).toBe('NOT_CONCLUDED');
    expect((await reportProgress(item.id)).statusCode).toBe(201);
    const evidenceId = await upload(item.id);
    const handling = async () =>
      (await prisma().petitionDetail.findUniqueOrThrow({ where: { itemId: item.id } })).handlingState;

    await steps.requestClosure(item.id, [evidenceId]);
    expect(await handling()).toBe('NOT_CONCLUDED');
    const signed = await steps.sign(item.id);
    // 签字人 of the official table is the head who signed.
    expect(signed.petition!.signerName).toBe('湖墅街道 张建国');
    await steps.verify(item.id);
    await steps.startNotice(item.id, 0);
    await steps.closeNotice(item.id);
    expect(await handling()).toBe('NOT_CONCLUDED');
    const closed = await steps.signOff(item.id);
    expect(closed).toMatchObject({ status: 'CLOSED', handlingState: 'CONCLUDED', closedOn: todayIso });
    expect(closed.petition!.handlingState).toBe('CONCLUDED');
    expect(await handling()).toBe('CONCLUDED');

    // A rebound reopens the case: 未办结 again.
    await act('coordinator', item.id, 'record_lookback', {
      result: 'REBOUND',
      findings: '回访发现夜间施工噪声再次出现。',
      inspectedOn: todayIso,
    });
    expect(await handling()).toBe('NOT_CONCLUDED');
  });

  // ───────────── Each rule ─────────────

  it('keeps the head’s signature — who, when and the exact text — and shows it to every reader', async () => {
    const { id } = await itemAt('CLOSURE_REQUESTED');
    const statement = '本单位已完成整改，情况属实。本人对以上内容负责。（湖墅街道 张建国）';
    await act('head.hushu', id, 'sign', { statement });
    const row = await prisma().closureRequest.findFirstOrThrow({ where: { itemId: id } });
    expect(row).toMatchObject({
      status: 'SIGNED',
      signerId: userIds['head.hushu'],
      signedStatement: statement,
    });
    expect(row.signedAt).toBeInstanceOf(Date);
    for (const reader of ['auditor', 'officer.hushu', 'leader']) {
      const view = await detail(reader, id);
      expect(view.closure).toMatchObject({
        signer: { id: userIds['head.hushu'], displayName: '湖墅街道 张建国' },
        signedAt: row.signedAt!.toISOString(),
        signedStatement: statement,
      });
      expect(view.timeline).toContainEqual(
        expect.objectContaining({
          type: 'closure-signed',
          action: 'sign',
          detail: statement,
          actor: expect.objectContaining({ id: userIds['head.hushu'] }),
        }),
      );
    }
  });

  it('lets only the lead unit’s head sign, and refuses an empty statement naming the field', async () => {
    const { id } = await itemAt('CLOSURE_REQUESTED');
    const officer = await act('officer.hushu', id, 'sign', { statement: DEFAULT_SIGN_STATEMENT }, 403);
    expect(officer).toMatchObject({ missingPermission: 'sign:closure:lead-unit' });
    const empty = await act('head.hushu', id, 'sign', { statement: '   ' }, 400);
    expect(empty.issues.map((issue: { field: string }) => issue.field)).toContain('body.statement');
    expect(
      (await act('officer.banshan', id, 'sign', { statement: DEFAULT_SIGN_STATEMENT }, 404)).message,
    ).toContain('不存在');
  });

  it('does not let the person who requested or signed a closure verify it (403)', async () => {
    // Two people of 湖墅街道 who later join the coordination group (a transfer, done by the admin).
    await createAccount('officer2.hushu', '湖墅街道 陈晨', 'UNIT_OFFICER', 'street-hushu');
    await createAccount('head2.hushu', '湖墅街道 黄海', 'UNIT_HEAD', 'street-hushu');
    const item = await register(taskPayload());
    expect((await reportProgress(item.id, 'officer2.hushu')).statusCode).toBe(201);
    const evidenceId = await upload(item.id, 'officer2.hushu');
    await steps.requestClosure(item.id, [evidenceId], 'officer2.hushu');
    await steps.sign(item.id, 'head2.hushu');
    for (const username of ['officer2.hushu', 'head2.hushu']) {
      const transfer = await inject('admin', {
        method: 'PATCH',
        url: `/api/users/${userIds[username]}`,
        payload: { role: 'COORDINATOR', unitId: units['coordination-group'] },
      });
      expect(transfer.statusCode, transfer.body).toBe(200);
      await login(username);
      expect((await detail(username, item.id)).allowedActions).not.toContain('verify');
      expect(await todoIds(username, 'to-verify')).not.toContain(item.id);
      const refused = await act(
        username,
        item.id,
        'verify',
        { result: 'PASSED', conclusion: '验收通过。', onSite: false, verifiedOn: todayIso },
        403,
      );
      expect(refused.message).toBe('验收人不能是该销号申请的申请人或签字人');
    }
    expect(await prisma().verification.count({ where: { closureRequest: { itemId: item.id } } })).toBe(0);
    // Another coordinator may.
    expect((await detail('coordinator', item.id)).allowedActions).toContain('verify');
    expect((await steps.verify(item.id)).status).toBe('VERIFIED');
  });

  it('refuses a closure request without evidence of the item, naming the field (400), and writes nothing', async () => {
    const item = await register(taskPayload());
    expect((await reportProgress(item.id)).statusCode).toBe(201);
    const own = await upload(item.id);
    const other = await register(taskPayload());
    const foreign = await upload(other.id);
    const report = '经自查，整改已完成，申请销号。';
    const fields = (body: { issues: { field: string }[] }) => body.issues.map((issue) => issue.field);

    const none = await act('officer.hushu', item.id, 'request_closure', { report, evidenceIds: [] }, 400);
    expect(fields(none)).toContain('body.evidenceIds');
    expect(none.message).toContain('佐证材料');
    const missing = await act('officer.hushu', item.id, 'request_closure', { report }, 400);
    expect(fields(missing)).toContain('body.evidenceIds');
    const wrongItem = await act(
      'officer.hushu',
      item.id,
      'request_closure',
      { report, evidenceIds: [own, foreign] },
      400,
    );
    expect(wrongItem.issues).toEqual([
      { field: 'body.evidenceIds.1', message: '佐证材料不存在或不属于本事项' },
    ]);
    const noReport = await act(
      'officer.hushu',
      item.id,
      'request_closure',
      { report: ' ', evidenceIds: [own] },
      400,
    );
    expect(fields(noReport)).toContain('body.report');
    expect(await prisma().closureRequest.count({ where: { itemId: item.id } })).toBe(0);
    expect((await detail('officer.hushu', item.id)).status).toBe('IN_PROGRESS');

    // The cooperating unit reads the item but may not ask for its closure.
    const cooperated = await register(
      taskPayload({ leadUnitId: units['street-banshan'], cooperatingUnitIds: [units['street-hushu']] }),
    );
    expect((await reportProgress(cooperated.id, 'officer.banshan')).statusCode).toBe(201);
    const theirs = await upload(cooperated.id, 'officer.banshan');
    const refused = await act(
      'officer.hushu',
      cooperated.id,
      'request_closure',
      { report, evidenceIds: [theirs] },
      403,
    );
    expect(refused).toMatchObject({ missingPermission: 'request:closure:lead-unit' });
  });

  it('lets the unit withdraw its request and the head return it, each with the reason on record', async () => {
    const { id, evidenceId } = await itemAt('CLOSURE_REQUESTED');
    const withdrawn = await act('officer.hushu', id, 'withdraw_closure', {
      reason: '发现佐证材料不全，撤回补充。',
    });
    expect(withdrawn.status).toBe('IN_PROGRESS');
    expect(withdrawn.closure).toMatchObject({
      status: 'WITHDRAWN',
      returnReason: '发现佐证材料不全，撤回补充。',
    });

    // The same evidence may go with the next request.
    await steps.requestClosure(id, [evidenceId]);
    const returned = await act('head.hushu', id, 'return_request', {
      reason: '整改报告未写明检测结果，退回补充。',
    });
    expect(returned.status).toBe('IN_PROGRESS');
    expect(returned.closure).toMatchObject({
      status: 'RETURNED',
      returnReason: '整改报告未写明检测结果，退回补充。',
    });
    expect(returned.timeline).toContainEqual(
      expect.objectContaining({
        action: 'return_request',
        title: '退回申请',
        detail: '整改报告未写明检测结果，退回补充。',
      }),
    );
    expect(await todoIds('officer.hushu', 'to-rework')).toContain(id);
    expect(await todoIds('head.hushu', 'to-rework')).toContain(id);
  });

  it('sends a failed verification back to 整改中 with the reason on the timeline', async () => {
    const { id, evidenceId } = await itemAt('AWAITING_VERIFICATION');
    const failed = await steps.verify(id, 'FAILED');
    expect(failed.status).toBe('IN_PROGRESS');
    expect(failed.closure).toMatchObject({
      status: 'VERIFICATION_FAILED',
      verifications: [{ result: 'FAILED', conclusion: '现场仍有 2 家餐饮企业油烟直排，验收不通过。' }],
    });
    expect(failed.timeline.find((entry) => entry.action === 'verify')).toMatchObject({
      type: 'verification',
      action: 'verify',
      title: '验收：验收不通过（现场核查）',
      detail: '现场仍有 2 家餐饮企业油烟直排，验收不通过。',
      on: todayIso,
      actor: { id: userIds.coordinator },
    });
    expect(await todoIds('officer.hushu', 'to-rework')).toContain(id);

    // Reworked and asked again: no longer waiting for rework.
    const again = await steps.requestClosure(id, [evidenceId]);
    expect(again.closure).toMatchObject({ status: 'AWAITING_SIGNATURE', evidenceIds: [evidenceId] });
    expect(await todoIds('officer.hushu', 'to-rework')).not.toContain(id);
  });

  it('lets only one of two coordinators verifying at the same moment succeed', async () => {
    const { id } = await itemAt('AWAITING_VERIFICATION');
    const version = await currentVersion(id);
    const audits = await prisma().auditLog.count({ where: { entityId: id, action: 'item.workflow.verify' } });
    const body = { version, result: 'PASSED', conclusion: '验收通过。', onSite: false, verifiedOn: todayIso };
    const responses = await Promise.all([
      post('coordinator', id, 'verify', body),
      post('coordinator.b', id, 'verify', body),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    const lost = responses.find((response) => response.statusCode === 409)!.json();
    expect(lost.message).toContain('重新操作');
    expect(lost.current).toMatchObject({ id, status: 'VERIFIED', version: version + 1 });
    expect(await prisma().verification.count({ where: { closureRequest: { itemId: id } } })).toBe(1);
    expect(await prisma().auditLog.count({ where: { entityId: id, action: 'item.workflow.verify' } })).toBe(
      audits + 1,
    );
    expect((await workflowEvents(id)).filter((event) => event.action === 'verify')).toHaveLength(1);
  });

  it('answers 409 naming the state for an action the state does not allow, and 404 for an unknown action', async () => {
    const { id } = await itemAt('IN_PROGRESS');
    const early = await act('head.hushu', id, 'sign', { statement: DEFAULT_SIGN_STATEMENT }, 409);
    expect(early).toMatchObject({
      status: 'IN_PROGRESS',
      message: '事项当前状态为「整改中」，不能「签字确认」',
    });
    const unknown = await post('coordinator', id, 'close', { version: 1 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain('request_closure');
    expect((await post('coordinator', id, 'verify', {})).statusCode).toBe(400);
  });

  it('starts the notice for the configured working days and keeps it open until the last one has passed (409)', async () => {
    const { id } = await itemAt('VERIFIED');
    const started = await steps.startNotice(id, null);
    const expected = noticePeriodDates(today, NOTICE_WORKING_DAYS);
    // Started on a Sunday: the period begins on Monday.
    expect(started.closure!.notice).toMatchObject({
      workingDays: NOTICE_WORKING_DAYS,
      startsOn: toIsoDate(addDays(today, 1)),
      endsOn: toIsoDate(expected.endsOn),
      status: 'OPEN',
      startedBy: { id: userIds.coordinator },
    });
    expect(started.allowedActions).not.toContain('close_notice');
    // A notice is public: the item goes on the disclosure page with it, even if it was not there.
    expect(started.isPublic).toBe(true);
    const notices = await context.app.inject({ method: 'GET', url: '/api/public/notices' });
    expect(
      notices.json().notices.map((notice: { item: { number: string } }) => notice.item.number),
    ).toContain(started.number);
    const early = await act('coordinator', id, 'close_notice', {}, 409);
    expect(early.message).toBe(`公示期至 ${toIsoDate(expected.endsOn)} 结束，期满后方可提交审签`);
    expect(await todoIds('coordinator', 'notice-to-handle')).not.toContain(id);

    // A holiday in the working calendar lengthens the next notice.
    const other = await itemAt('VERIFIED');
    await prisma().calendarDay.create({
      data: { day: addDays(today, 2), isWorkingDay: false, note: '测试假日' },
    });
    try {
      const withHoliday = await steps.startNotice(other.id, 5);
      expect(withHoliday.closure!.notice!.endsOn).toBe(toIsoDate(addDays(today, 8)));
    } finally {
      await prisma().calendarDay.delete({ where: { day: addDays(today, 2) } });
    }
  });

  it('does not end a notice with an objection open; dismissing it lets the notice end', async () => {
    const { id } = await itemAt('PUBLIC_NOTICE');
    const notice = await prisma().publicNoticePeriod.findFirstOrThrow({
      where: { closureRequest: { itemId: id }, status: 'OPEN' },
    });
    // As the public files one on the disclosure page.
    const objection = await prisma().objection.create({
      data: { noticePeriodId: notice.id, content: '餐馆晚上仍有油烟排放。', contact: '13800000000' },
    });
    const refused = await act('coordinator', id, 'close_notice', {}, 409);
    expect(refused.message).toBe('公示期内有 1 条异议待处理，处理后方可提交审签');
    const view = await detail('coordinator', id);
    expect(view.closure!.notice).toMatchObject({
      openObjections: 1,
      objections: [{ id: objection.id, content: '餐馆晚上仍有油烟排放。', status: 'OPEN' }],
    });
    expect(JSON.stringify(view)).not.toContain('13800000000');
    expect(view.allowedActions).toEqual(expect.arrayContaining(['object', 'dismiss_objection']));
    expect(await todoIds('coordinator', 'notice-to-handle')).toContain(id);

    const unknown = await act(
      'coordinator',
      id,
      'dismiss_objection',
      { objectionId: '01890a5d-ac96-774b-bcce-b302099a8057', resolution: '不成立。' },
      400,
    );
    expect(unknown.issues).toEqual([
      { field: 'body.objectionId', message: '异议不存在、不属于本次公示或已处理' },
    ]);
    const dismissed = await act('coordinator', id, 'dismiss_objection', {
      objectionId: objection.id,
      resolution: '经核查，该店已安装净化设施，排放达标，异议不成立。',
    });
    expect(dismissed.status).toBe('PUBLIC_NOTICE');
    expect(dismissed.closure!.notice).toMatchObject({
      openObjections: 0,
      objections: [{ status: 'DISMISSED', resolvedBy: { id: userIds.coordinator } }],
    });
    expect((await steps.closeNotice(id)).status).toBe('AWAITING_SIGN_OFF');
  });

  it('sends the request back to verification on an upheld objection, filed by the public or received otherwise', async () => {
    const { id } = await itemAt('PUBLIC_NOTICE');
    const notice = await prisma().publicNoticePeriod.findFirstOrThrow({
      where: { closureRequest: { itemId: id }, status: 'OPEN' },
    });
    const objection = await prisma().objection.create({
      data: { noticePeriodId: notice.id, content: '河道排口仍有污水。' },
    });
    const both = await act(
      'coordinator',
      id,
      'object',
      { objectionId: objection.id, content: '另一条', resolution: '异议成立。' },
      400,
    );
    expect(both.issues.map((issue) => issue.field)).toEqual(['body.content']);
    const upheld = await act('coordinator', id, 'object', {
      objectionId: objection.id,
      resolution: '经核查异议属实，退回重新验收。',
    });
    expect(upheld.status).toBe('AWAITING_VERIFICATION');
    expect(upheld.closure).toMatchObject({
      status: 'SIGNED',
      notice: { id: notice.id, status: 'INTERRUPTED', objections: [{ status: 'UPHELD' }] },
    });
    expect(await todoIds('coordinator', 'to-verify')).toContain(id);

    // Verified again, a new notice; an objection received by letter is recorded as it is upheld.
    await steps.verify(id);
    const second = await steps.startNotice(id, 0);
    expect(second.closure!.notice!.id).not.toBe(notice.id);
    const recorded = await act('coordinator', id, 'object', {
      content: '来信反映夜间仍有异味。',
      resolution: '异议成立，退回重新验收。',
    });
    expect(recorded.status).toBe('AWAITING_VERIFICATION');
    expect(recorded.closure!.notice!.objections).toEqual([
      expect.objectContaining({ content: '来信反映夜间仍有异味。', status: 'UPHELD' }),
    ]);
    expect(recorded.timeline.filter((entry) => entry.action === 'object').at(-1)).toMatchObject({
      type: 'objection',
      action: 'object',
      detail: '来信反映夜间仍有异味。\n异议成立，退回重新验收。',
    });
  });

  it('lets the leader return a closure at sign-off, back to verification', async () => {
    const { id } = await itemAt('AWAITING_SIGN_OFF');
    const returned = await steps.signOff(id, 'RETURNED');
    expect(returned.status).toBe('AWAITING_VERIFICATION');
    expect(returned.closure).toMatchObject({ status: 'SIGNED', signOffs: [{ decision: 'RETURNED' }] });
    expect(returned.closedOn).toBeNull();
  });

  it('makes a closed item read-only; only a look-back reopens it, counting the rebound', async () => {
    const { id, evidenceId } = await itemAt('CLOSED');
    const closed = await detail('coordinator', id);
    const patch = await inject('coordinator', {
      method: 'PATCH',
      url: `/api/items/${id}`,
      payload: { version: closed.version, title: '已销号后修改' },
    });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().message).toContain('已销号');
    expect((await reportProgress(id)).statusCode).toBe(409);
    const form = multipartForm({ provesDate: todayIso }, [{ name: '补充.png', content: png }]);
    const uploaded = await inject('officer.hushu', {
      method: 'POST',
      url: `/api/items/${id}/evidence`,
      headers: form.headers,
      payload: form.payload,
    });
    expect(uploaded.statusCode).toBe(409);
    const extension = await act(
      'officer.hushu',
      id,
      'request_extension',
      { newDeadline: toIsoDate(addDays(today, 200)), reason: '补充整改' },
      409,
    );
    expect(extension.status).toBe('CLOSED');

    const kept = await act('coordinator', id, 'record_lookback', {
      result: 'KEPT',
      findings: '回头看现场检查，整改成果保持良好。',
      inspectedOn: todayIso,
    });
    expect(kept).toMatchObject({ status: 'CLOSED', reboundCount: 0, closedOn: todayIso });

    const future = await act(
      'coordinator',
      id,
      'record_lookback',
      { result: 'KEPT', findings: '计划检查', inspectedOn: toIsoDate(addDays(today, 3)) },
      400,
    );
    expect(future.issues[0]).toMatchObject({ field: 'body.inspectedOn', message: '检查日期不能晚于今天' });

    const rebound = await act('coordinator', id, 'record_lookback', {
      result: 'REBOUND',
      findings: '回头看发现 3 家餐饮企业油烟净化设施停用，问题反弹。',
      inspectedOn: todayIso,
    });
    expect(rebound).toMatchObject({ status: 'IN_PROGRESS', reboundCount: 1, closedOn: null });
    expect(rebound.closure!.status).toBe('REOPENED');
    const row = await prisma().ledgerItem.findUniqueOrThrow({ where: { id } });
    expect(row.lastReboundAt).toBeInstanceOf(Date);
    const lookBacks = rebound.timeline.filter((entry) => entry.type === 'look-back');
    expect(lookBacks.map((entry) => entry.title)).toEqual(['回头看：整改成果保持', '回头看：反弹']);
    expect(lookBacks[1]).toMatchObject({
      action: 'record_lookback',
      detail: '回头看发现 3 家餐饮企业油烟净化设施停用，问题反弹。',
      actor: { id: userIds.coordinator },
    });
    expect(await todoIds('officer.hushu', 'to-rework')).toContain(id);

    // The closed request keeps its evidence; the new request needs new proof.
    const reused = await act(
      'officer.hushu',
      id,
      'request_closure',
      { report: '已重新整改。', evidenceIds: [evidenceId] },
      400,
    );
    expect(reused.issues.map((issue) => issue.field)).toEqual(['body.evidenceIds.0']);
    expect((await steps.requestClosure(id, [await upload(id)])).status).toBe('CLOSURE_REQUESTED');
  });

  it('moves the deadline on an approved extension, keeping the original deadline on record', async () => {
    const item = await register(taskPayload());
    const tooEarly = await act(
      'officer.hushu',
      item.id,
      'request_extension',
      { newDeadline: deadline, reason: '施工受汛期影响。' },
      400,
    );
    expect(tooEarly.issues).toEqual([
      { field: 'body.newDeadline', message: `申请延期至须晚于当前整改时限（${deadline}）` },
    ]);
    const later = toIsoDate(addDays(today, 180));
    const requested = await act('officer.hushu', item.id, 'request_extension', {
      newDeadline: later,
      reason: '施工受汛期影响，申请延期两个月。',
    });
    expect(requested).toMatchObject({ status: 'REGISTERED', deadline, originalDeadline: deadline });
    expect(requested.extensions).toEqual([
      expect.objectContaining({
        status: 'REQUESTED',
        originalDeadline: deadline,
        requestedDeadline: later,
        requestedBy: expect.objectContaining({ id: userIds['officer.hushu'] }),
        decidedBy: null,
      }),
    ]);
    expect(
      (await act('head.hushu', item.id, 'request_extension', { newDeadline: later, reason: '再申请' }, 409))
        .message,
    ).toBe('已有一份延期申请待审批');
    expect(await todoIds('leader', 'extensions-to-decide')).toContain(item.id);

    const approved = await act('leader', item.id, 'approve_extension', { note: '同意延期，请抓紧推进。' });
    expect(approved).toMatchObject({
      deadline: later,
      originalDeadline: deadline,
      // The warning date keeps its week before the deadline.
      warningDate: toIsoDate(addDays(today, 173)),
    });
    expect(approved.extensions[0]).toMatchObject({
      status: 'APPROVED',
      decidedBy: { id: userIds.leader },
      decisionNote: '同意延期，请抓紧推进。',
    });
    expect(await todoIds('leader', 'extensions-to-decide')).not.toContain(item.id);

    // A second extension, refused: the deadline stays; the first deadline is still the original.
    await act('officer.hushu', item.id, 'request_extension', {
      newDeadline: toIsoDate(addDays(today, 365)),
      reason: '仍需延期。',
    });
    const refused = await act('leader', item.id, 'refuse_extension', { reason: '理由不充分，请按期完成。' });
    expect(refused).toMatchObject({ deadline: later, originalDeadline: deadline });
    expect(refused.extensions.map((extension) => [extension.status, extension.originalDeadline])).toEqual([
      ['APPROVED', deadline],
      ['REFUSED', later],
    ]);
    expect(refused.timeline.flatMap((entry) => (entry.type === 'extension' ? [entry.title] : []))).toEqual([
      `申请延期：${deadline} → ${later}`,
      `批准延期：整改时限延至 ${later}`,
      `申请延期：${later} → ${toIsoDate(addDays(today, 365))}`,
      '不予批准延期',
    ]);
    const decide = await act('leader', item.id, 'approve_extension', {}, 409);
    expect(decide.message).toBe('没有待审批的延期申请');
  });

  it('marks a long-term item phase complete (阶段性办结 for a petition case), from where it may still close', async () => {
    const shortTerm = await itemAt('IN_PROGRESS');
    expect(
      (await act('coordinator', shortTerm.id, 'mark_phase_complete', { conclusion: '阶段目标已完成。' }, 409))
        .message,
    ).toBe('只有“长期坚持”类事项可认定阶段性完成');

    const { id, evidenceId } = await itemAt('IN_PROGRESS', petitionPayload({ timeLimitType: 'LONG_TERM' }));
    const phase = await act('coordinator', id, 'mark_phase_complete', {
      conclusion: '阶段目标已完成，转入长效管理。',
    });
    expect(phase).toMatchObject({ status: 'PHASE_COMPLETE', handlingState: 'PHASE_CONCLUDED' });
    expect(phase.timeline.find((entry) => entry.action === 'mark_phase_complete')).toMatchObject({
      action: 'mark_phase_complete',
      detail: '阶段目标已完成，转入长效管理。',
    });
    expect((await steps.requestClosure(id, [evidenceId])).status).toBe('CLOSURE_REQUESTED');
    expect((await detail('auditor', id)).handlingState).toBe('NOT_CONCLUDED');
  });

  it('starts a registered item on request, by a unit that leads or cooperates on it', async () => {
    const item = await register(
      taskPayload({ leadUnitId: units['street-banshan'], cooperatingUnitIds: [units['street-hushu']] }),
    );
    expect(await todoIds('officer.hushu', 'to-start')).toContain(item.id);
    expect((await act('coordinator', item.id, 'start', {}, 403)).missingPermission).toBe(
      'create:progress:own-unit',
    );
    expect((await act('officer.hushu', item.id, 'start')).status).toBe('IN_PROGRESS');
  });

  it('answers each role its own to-do groups', async () => {
    const groupsOf = async (username: string) => (await todo(username)).groups.map((group) => group.key);
    expect(await groupsOf('officer.hushu')).toEqual(['to-start', 'to-rework']);
    expect(await groupsOf('head.hushu')).toEqual(['to-start', 'to-rework', 'to-sign']);
    expect(await groupsOf('coordinator')).toEqual(['to-verify', 'to-start-notice', 'notice-to-handle']);
    expect(await groupsOf('leader')).toEqual(['to-sign-off', 'extensions-to-decide']);
    expect(await groupsOf('auditor')).toEqual([]);
    expect(await groupsOf('admin')).toEqual([]);
    const leader = await todo('leader');
    const extensions = leader.groups.find((group) => group.key === 'extensions-to-decide')!;
    // The demo ledger's pending extension is among them.
    expect(extensions).toMatchObject({
      label: '待审批的延期申请',
      actions: ['approve_extension', 'refuse_extension'],
    });
    expect(extensions.total).toBe(extensions.items.length);
    expect(extensions.total).toBeGreaterThan(0);
    // A unit sees only its own unit's items.
    for (const group of (await todo('officer.banshan')).groups) {
      expect(
        group.items.every(
          (item) =>
            item.leadUnit.id === units['street-banshan'] ||
            item.cooperatingUnits.some((unit) => unit.id === units['street-banshan']),
        ),
      ).toBe(true);
    }
    expect((await seedDay.app.inject({ method: 'GET', url: '/api/todo' })).statusCode).toBe(401);
  });

  it('stops counting a to-do group at its cap, keeping the same items in the same order', async () => {
    const prisma = context.db.prisma;
    const people = await prisma.user.findMany({
      where: { username: { in: ['officer.hushu', 'head.hushu', 'coordinator', 'leader'] } },
      select: { id: true, role: true, unitId: true, username: true },
    });
    let cappedSomewhere = false;
    for (const person of people) {
      const exact = await loadTodo(prisma, person, today, Number.POSITIVE_INFINITY);
      expect(exact.groups.every((group) => !group.totalCapped)).toBe(true);
      // Small caps read the candidates a few at a time: pages of cap + 1, judged one page after another.
      for (const cap of [1, 2, 3]) {
        const capped = await loadTodo(prisma, person, today, cap);
        expect(capped.groups.map((group) => group.key)).toEqual(exact.groups.map((group) => group.key));
        for (const [index, group] of capped.groups.entries()) {
          const full = exact.groups[index]!;
          expect(group, `${person.username} ${group.key} cap ${cap}`).toMatchObject({
            total: Math.min(full.total, cap),
            totalCapped: full.total > cap,
          });
          expect(group.items.map((item) => item.id)).toEqual(full.items.slice(0, cap).map((item) => item.id));
          cappedSomewhere ||= group.totalCapped;
        }
      }
    }
    // The demo ledger has groups of more than one item, so the cap was met at least once.
    expect(cappedSomewhere).toBe(true);
  });

  it('leaves the audit chain intact after all of it', async () => {
    const verification = await verifyAuditChain(prisma());
    expect(verification.ok).toBe(true);
    expect(await prisma().auditLog.count({ where: { action: { startsWith: 'item.workflow.' } } })).toBe(
      await prisma().workflowEvent.count(),
    );
  });
});
