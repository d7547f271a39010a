import type { ItemDetail } from '@ledger/domain/items';
import { DEFAULT_SIGN_STATEMENT } from '@ledger/domain/workflow-inputs';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { ledgerToday } from '@/lib/format';
import { apiError, ok, startApiServer, type ApiServer } from '@/testing/api-server';
import {
  buildClosure,
  buildEvidenceFile,
  buildSessionUser,
  buildTaskDetail,
  buildTimelineEntry,
  people,
} from '@/testing/data';
import { formControls } from '@/testing/form-controls';
import { renderApp, setupUser } from '@/testing/test-utils';

/** The card (field group or timeline) with this title. */
const card = (title: string) =>
  screen.getByText(title, { selector: '.ant-card-head-title' }).closest('.ant-card') as HTMLElement;

const officerActions: ItemDetail['allowedActions'] = [
  'read',
  'create:progress',
  'upload:evidence',
  'request_closure',
  'request_extension',
];

/** The buttons in the row under the item's title. */
const actionButtons = async () => {
  const row = (await screen.findByRole('button', { name: /填报进展/ })).parentElement!;
  return within(row)
    .getAllByRole('button')
    .map((button) => button.textContent);
};

/**
 * A fake API holding one item: GET answers it as it stands, and the action under test answers
 * with `after(body)` — the item as the real API would answer after the step.
 */
async function serveItem(
  item: ItemDetail,
  action: string,
  after: (body: Record<string, unknown>) => ItemDetail,
  role: Parameters<typeof buildSessionUser>[0] = 'UNIT_OFFICER',
) {
  let current = item;
  const server = await startApiServer({
    'GET /api/auth/me': ok({ user: buildSessionUser(role) }),
    [`GET /api/items/${item.id}`]: () => ok(current),
    [`POST /api/items/${item.id}/actions/${action}`]: ({ body }) => {
      current = after(body as Record<string, unknown>);
      return ok(current);
    },
  });
  return { server, current: () => current };
}

describe('the workflow actions on an item', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('only the actions the item allows are offered, in the order of the path', async () => {
    const item = buildTaskDetail({ allowedActions: officerActions });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }),
      [`GET /api/items/${item.id}`]: ok(item),
    });
    renderApp(`/ledger/${item.id}`);

    expect(await actionButtons()).toEqual(['填报进展', '申请销号', '申请延期']);
    for (const absent of ['签字确认', '验收', '启动公示', '审签', '开始整改']) {
      expect(screen.queryByRole('button', { name: absent })).not.toBeInTheDocument();
    }
  });

  test('a head is offered to sign or return a request, and nothing of the coordinator’s', async () => {
    const item = buildTaskDetail({
      status: 'CLOSURE_REQUESTED',
      closure: buildClosure(),
      allowedActions: ['read', 'create:progress', 'upload:evidence', 'sign', 'return_request'],
    });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_HEAD') }),
      [`GET /api/items/${item.id}`]: ok(item),
    });
    renderApp(`/ledger/${item.id}`);

    expect(await actionButtons()).toEqual(['填报进展', '签字确认', '退回申请']);
  });

  test('a closure request needs the report and at least one evidence file; both are sent', async () => {
    const photo = buildEvidenceFile({ fileName: '油烟净化设施.png' });
    const report = buildEvidenceFile({ fileName: '第三方检测报告.pdf', mediaType: 'application/pdf' });
    const item = buildTaskDetail({ evidence: [photo, report], allowedActions: officerActions, version: 4 });
    const fake = await serveItem(item, 'request_closure', (body) => ({
      ...item,
      status: 'CLOSURE_REQUESTED',
      version: 5,
      closure: buildClosure({ report: body.report as string, evidenceIds: body.evidenceIds as string[] }),
      allowedActions: ['read', 'create:progress', 'upload:evidence', 'withdraw_closure'],
    }));
    server = fake.server;
    const user = setupUser();
    renderApp(`/ledger/${item.id}`);

    await user.click(await screen.findByRole('button', { name: '申请销号' }));
    const drawer = await screen.findByRole('dialog', { name: '申请销号' });
    const form = formControls(user, drawer);
    // Every file of the item is offered, ticked; the officer leaves all of them out.
    await user.click(within(drawer).getByRole('checkbox', { name: /油烟净化设施\.png/ }));
    await user.click(within(drawer).getByRole('checkbox', { name: /第三方检测报告\.pdf/ }));
    await user.click(within(drawer).getByRole('button', { name: '申请销号' }));

    expect(await within(drawer).findByText('整改报告不能为空')).toBeInTheDocument();
    expect(within(drawer).getByText('销号申请须附至少一份佐证材料')).toBeInTheDocument();
    expect(server.calls('POST /api/items/:id/actions/request_closure')).toEqual([]);

    await form.fill('整改报告', '20 家餐饮企业净化设施全部安装，检测达标。');
    await user.click(within(drawer).getByRole('checkbox', { name: /第三方检测报告\.pdf/ }));
    expect(within(drawer).getByText('提交后事项状态：「申请销号」')).toBeInTheDocument();
    await user.click(within(drawer).getByRole('button', { name: '申请销号' }));

    expect(await screen.findByText('已办理「申请销号」')).toBeInTheDocument();
    expect(server.calls('POST /api/items/:id/actions/request_closure')[0]?.body).toEqual({
      version: 4,
      report: '20 家餐饮企业净化设施全部安装，检测达标。',
      evidenceIds: [report.id],
    });
    // The page shows the request, awaiting the head's signature, and the next step offered.
    const closure = await screen.findByRole('region', { name: '销号办理' });
    expect(within(closure).getByText('待单位负责人签字')).toBeInTheDocument();
    expect(within(closure).getByText('尚未签字')).toBeInTheDocument();
    expect(within(closure).getByText('第三方检测报告.pdf', { exact: false })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '撤回销号申请' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '申请销号' })).not.toBeInTheDocument();
  });

  test('without evidence on the item, the request says where to upload it and is not sent', async () => {
    const item = buildTaskDetail({ evidence: [], allowedActions: officerActions });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }),
      [`GET /api/items/${item.id}`]: ok(item),
    });
    const user = setupUser();
    renderApp(`/ledger/${item.id}`);

    await user.click(await screen.findByRole('button', { name: '申请销号' }));
    const drawer = await screen.findByRole('dialog', { name: '申请销号' });
    expect(within(drawer).getByText(/本事项还没有佐证材料/)).toBeInTheDocument();
    await formControls(user, drawer).fill('整改报告', '已完成整改。');
    await user.click(within(drawer).getByRole('button', { name: '申请销号' }));

    expect(await within(drawer).findByText('销号申请须附至少一份佐证材料')).toBeInTheDocument();
    expect(server.calls('POST /api/items/:id/actions/request_closure')).toEqual([]);
  });

  test('the head signs the statement offered, and the signature shows who, when and what', async () => {
    const attached = buildEvidenceFile({ fileName: '第三方检测报告.pdf', mediaType: 'application/pdf' });
    const item = buildTaskDetail({
      status: 'CLOSURE_REQUESTED',
      version: 7,
      evidence: [attached, buildEvidenceFile({ fileName: '旧照片.png' })],
      closure: buildClosure({ report: '油烟净化设施全部安装到位。', evidenceIds: [attached.id] }),
      allowedActions: ['read', 'sign', 'return_request'],
    });
    const fake = await serveItem(
      item,
      'sign',
      (body) => ({
        ...item,
        status: 'AWAITING_VERIFICATION',
        version: 8,
        closure: buildClosure({
          ...item.closure,
          status: 'SIGNED',
          signer: people.head,
          signedAt: '2026-11-21T01:30:00.000Z',
          signedStatement: body.statement as string,
        }),
        allowedActions: ['read'],
      }),
      'UNIT_HEAD',
    );
    server = fake.server;
    const user = setupUser();
    renderApp(`/ledger/${item.id}`);

    await user.click(await screen.findByRole('button', { name: '签字确认' }));
    const drawer = await screen.findByRole('dialog', { name: '签字确认' });
    // What is signed is in front of the signer.
    expect(within(drawer).getByText('油烟净化设施全部安装到位。')).toBeInTheDocument();
    expect(within(drawer).getByRole('link', { name: /第三方检测报告\.pdf/ })).toBeInTheDocument();
    expect(within(drawer).queryByRole('img', { name: '旧照片.png' })).not.toBeInTheDocument();
    expect(within(drawer).getByLabelText('签字内容')).toHaveValue(DEFAULT_SIGN_STATEMENT);
    expect(within(drawer).getByText(/谁签字，谁负责/)).toBeInTheDocument();
    await user.click(within(drawer).getByRole('button', { name: '签字确认' }));

    expect(await screen.findByText('已办理「签字确认」')).toBeInTheDocument();
    expect(server.calls('POST /api/items/:id/actions/sign')[0]?.body).toEqual({
      version: 7,
      statement: DEFAULT_SIGN_STATEMENT,
    });
    const closure = await screen.findByRole('region', { name: '销号办理' });
    expect(await within(closure).findByText('湖墅街道 张建国')).toBeInTheDocument();
    expect(within(closure).getByText('2026-11-21 09:30')).toBeInTheDocument();
    expect(within(closure).getByText(DEFAULT_SIGN_STATEMENT)).toBeInTheDocument();
  });

  test.each([
    ['验收通过', 'PASSED', '验收通过'],
    ['验收不通过', 'FAILED', '整改中'],
  ] as const)('the coordinator verifies: %s', async (choice, result, nextState) => {
    const item = buildTaskDetail({
      status: 'AWAITING_VERIFICATION',
      version: 3,
      closure: buildClosure({ status: 'SIGNED', signer: people.head, signedAt: '2026-11-21T01:30:00.000Z' }),
      allowedActions: ['read', 'verify'],
    });
    const fake = await serveItem(
      item,
      'verify',
      () => ({ ...item, status: result === 'PASSED' ? 'VERIFIED' : 'IN_PROGRESS', version: 4 }),
      'COORDINATOR',
    );
    server = fake.server;
    const user = setupUser();
    renderApp(`/ledger/${item.id}`);

    await user.click(await screen.findByRole('button', { name: '验收' }));
    const drawer = await screen.findByRole('dialog', { name: '验收' });
    // No conclusion is chosen for the verifier.
    await user.click(within(drawer).getByRole('button', { name: '验收' }));
    expect(await within(drawer).findByText('请选择验收结论')).toBeInTheDocument();
    expect(within(drawer).getByText('验收意见不能为空')).toBeInTheDocument();

    await user.click(within(drawer).getByRole('radio', { name: choice }));
    expect(await within(drawer).findByText(`提交后事项状态：「${nextState}」`)).toBeInTheDocument();
    await formControls(user, drawer).fill('验收意见', '现场检查 20 家，设施运行正常。');
    await user.click(within(drawer).getByRole('switch', { name: '现场核查' }));
    await user.click(within(drawer).getByRole('button', { name: '验收' }));

    expect(await screen.findByText('已办理「验收」')).toBeInTheDocument();
    expect(server.calls('POST /api/items/:id/actions/verify')[0]?.body).toEqual({
      version: 3,
      result,
      conclusion: '现场检查 20 家，设施运行正常。',
      onSite: true,
      verifiedOn: ledgerToday(),
    });
  });

  test('an objection is dismissed by choosing one of the notice’s open objections', async () => {
    const objection = (id: string, status: 'OPEN' | 'DISMISSED', content: string) => ({
      id,
      content,
      status,
      resolution: status === 'OPEN' ? null : '已核实，不属实。',
      resolvedBy: status === 'OPEN' ? null : people.coordinator,
      resolvedAt: status === 'OPEN' ? null : '2026-11-27T06:00:00.000Z',
      receivedAt: '2026-11-27T12:00:00.000Z',
    });
    const openId = '30000000-0000-4000-8000-000000000001';
    const item = buildTaskDetail({
      status: 'PUBLIC_NOTICE',
      version: 9,
      closure: buildClosure({
        status: 'IN_NOTICE',
        notice: {
          id: 'n1',
          startsOn: '2026-11-26',
          endsOn: '2026-12-02',
          workingDays: 5,
          url: null,
          status: 'OPEN',
          startedBy: people.coordinator,
          openObjections: 1,
          objections: [
            objection('30000000-0000-4000-8000-000000000002', 'DISMISSED', '早已处理的异议'),
            objection(openId, 'OPEN', '夜间仍闻到油烟味'),
          ],
        },
      }),
      allowedActions: ['read', 'object', 'dismiss_objection'],
    });
    const fake = await serveItem(item, 'dismiss_objection', () => ({ ...item, version: 10 }), 'COORDINATOR');
    server = fake.server;
    const user = setupUser();
    renderApp(`/ledger/${item.id}`);

    await user.click(await screen.findByRole('button', { name: '异议不成立' }));
    const drawer = await screen.findByRole('dialog', { name: '异议不成立' });
    const form = formControls(user, drawer);
    await user.click(within(drawer).getByRole('button', { name: '异议不成立' }));
    expect(await within(drawer).findByText('请选择要处理的异议')).toBeInTheDocument();

    await user.click(within(drawer).getByRole('combobox', { name: '异议' }));
    const open = await screen.findByTitle('2026-11-27 20:00 夜间仍闻到油烟味');
    // Only the open one can be decided; the dismissed one is not offered again.
    expect(screen.queryByTitle(/早已处理的异议/)).not.toBeInTheDocument();
    await user.click(open);
    await form.fill('处理意见', '经夜间复查，系居民自家厨房油烟。');
    await user.click(within(drawer).getByRole('button', { name: '异议不成立' }));

    expect(await screen.findByText('已办理「异议不成立」')).toBeInTheDocument();
    expect(server.calls('POST /api/items/:id/actions/dismiss_objection')[0]?.body).toEqual({
      version: 9,
      objectionId: openId,
      resolution: '经夜间复查，系居民自家厨房油烟。',
    });
  });

  test('a 409 is said in the form, and the page shows the record as it now stands', async () => {
    const item = buildTaskDetail({
      status: 'CLOSURE_REQUESTED',
      version: 7,
      closure: buildClosure(),
      allowedActions: ['read', 'sign', 'return_request'],
    });
    const signedElsewhere: ItemDetail = {
      ...item,
      status: 'AWAITING_VERIFICATION',
      version: 8,
      closure: buildClosure({
        status: 'SIGNED',
        signer: { id: 'someone-else', displayName: '湖墅街道 李副主任' },
        signedAt: '2026-11-21T01:30:00.000Z',
        signedStatement: '情况属实。',
      }),
      allowedActions: ['read'],
    };
    const message = '该事项已有新的变化（可能他人刚刚处理过），请在当前记录的基础上重新操作';
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_HEAD') }),
      [`GET /api/items/${item.id}`]: () =>
        ok(server!.calls('POST /api/items/:id/actions/sign').length ? signedElsewhere : item),
      [`POST /api/items/${item.id}/actions/sign`]: apiError(409, message, { current: signedElsewhere }),
    });
    const user = setupUser();
    renderApp(`/ledger/${item.id}`);

    await user.click(await screen.findByRole('button', { name: '签字确认' }));
    const drawer = await screen.findByRole('dialog', { name: '签字确认' });
    await user.click(within(drawer).getByRole('button', { name: '签字确认' }));

    expect(await within(drawer).findByText(message)).toBeInTheDocument();
    // The drawer stays, says why, and the form can no longer be sent; behind it the item is as it
    // now stands.
    expect(within(drawer).getByText('事项当前状态为「待验收」，您已不能「签字确认」')).toBeInTheDocument();
    // (/…/: the button's fading loading icon still lends it its name in a page without animations)
    expect(within(drawer).getByRole('button', { name: /签字确认/ })).toBeDisabled();
    const closure = await screen.findByRole('region', { name: '销号办理' });
    expect(await within(closure).findByText('湖墅街道 李副主任')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '退回申请' })).not.toBeInTheDocument();
  });
});

describe('the closure record on an item', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('shows the request, signature, verifications, notice with objections, sign-off, extensions and workflow steps', async () => {
    const photo = buildEvidenceFile({ fileName: '整改后现场.png' });
    const item = buildTaskDetail({
      status: 'CLOSED',
      closedOn: '2026-12-10',
      deadline: '2027-03-31',
      originalDeadline: '2026-12-31',
      evidence: [photo],
      allowedActions: ['read'],
      closure: buildClosure({
        status: 'APPROVED',
        evidenceIds: [photo.id],
        signer: people.head,
        signedAt: '2026-11-21T01:30:00.000Z',
        signedStatement: '情况属实，申请销号。本人对以上内容负责。',
        verifications: [
          {
            id: 'v1',
            verifier: people.coordinator,
            result: 'FAILED',
            conclusion: '2 家净化设施未运行。',
            onSite: true,
            verifiedOn: '2026-11-22',
            recordedAt: '2026-11-22T03:00:00.000Z',
          },
          {
            id: 'v2',
            verifier: people.coordinator,
            result: 'PASSED',
            conclusion: '复查全部正常运行。',
            onSite: false,
            verifiedOn: '2026-11-25',
            recordedAt: '2026-11-25T03:00:00.000Z',
          },
        ],
        notice: {
          id: 'n1',
          startsOn: '2026-11-26',
          endsOn: '2026-12-02',
          workingDays: 5,
          url: null,
          status: 'ENDED',
          startedBy: people.coordinator,
          openObjections: 0,
          objections: [
            {
              id: 'o1',
              content: '夜间仍闻到油烟味。',
              status: 'DISMISSED',
              resolution: '经夜间复查，系居民自家厨房油烟。',
              resolvedBy: people.coordinator,
              resolvedAt: '2026-11-28T06:00:00.000Z',
              receivedAt: '2026-11-27T12:00:00.000Z',
            },
          ],
        },
        signOffs: [
          {
            id: 's1',
            leader: people.leader,
            decision: 'APPROVED',
            statement: '同意销号。',
            signedAt: '2026-12-10T02:00:00.000Z',
          },
        ],
      }),
      extensions: [
        {
          id: 'e1',
          status: 'APPROVED',
          originalDeadline: '2026-12-31',
          requestedDeadline: '2027-03-31',
          reason: '设备供货延迟。',
          requestedBy: people.officer,
          requestedAt: '2026-11-10T02:00:00.000Z',
          decidedBy: people.leader,
          decidedAt: '2026-11-12T02:00:00.000Z',
          decisionNote: '同意延期。',
        },
      ],
      timeline: [
        buildTimelineEntry({
          type: 'workflow',
          action: 'return_request',
          title: '退回申请',
          detail: '请补充第三方检测报告。',
          actor: people.head,
          on: null,
          percent: null,
          at: '2026-11-19T06:05:00.000Z',
        }),
      ],
    });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('AUDITOR') }),
      [`GET /api/items/${item.id}`]: ok(item),
    });
    renderApp(`/ledger/${item.id}`);

    const closure = await screen.findByRole('region', { name: '销号办理' });
    const inClosure = (text: string) => within(closure).getAllByText(text).length;
    expect(within(closure).getByText('已审签销号')).toBeInTheDocument();
    // 谁签字，谁负责
    expect(inClosure('湖墅街道 张建国')).toBe(1);
    expect(inClosure('2026-11-21 09:30')).toBe(1);
    expect(inClosure('情况属实，申请销号。本人对以上内容负责。')).toBe(1);
    // Both verifications, the failed one too.
    expect(inClosure('验收不通过')).toBe(1);
    expect(inClosure('2 家净化设施未运行。')).toBe(1);
    expect(inClosure('2026-11-22')).toBe(1);
    expect(inClosure('复查全部正常运行。')).toBe(1);
    expect(inClosure('2026-11-26 至 2026-12-02（5 个工作日）')).toBe(1);
    expect(inClosure('公示期满')).toBe(1);
    expect(inClosure('夜间仍闻到油烟味。')).toBe(1);
    expect(inClosure('异议不成立')).toBe(1);
    expect(inClosure('经夜间复查，系居民自家厨房油烟。')).toBe(1);
    expect(inClosure('区领导 周明华')).toBe(1);
    expect(inClosure('同意销号')).toBe(1);
    expect(inClosure('同意销号。')).toBe(1);

    const extensions = screen.getByRole('region', { name: '延期' });
    expect(within(extensions).getByText('已批准')).toBeInTheDocument();
    expect(within(extensions).getByText('设备供货延迟。')).toBeInTheDocument();
    expect(within(extensions).getByText('同意延期。')).toBeInTheDocument();
    expect(within(extensions).getAllByText('区领导 周明华')).toHaveLength(1);

    // The deadline now, and beside it the first one.
    const deadlines = card('时限与进度');
    expect(within(deadlines).getByText('2027-03-31')).toBeInTheDocument();
    expect(within(deadlines).getByText('2026-12-31（已延期）')).toBeInTheDocument();

    // A workflow step on the timeline: what, who, when, and why.
    const timeline = card('整改进展与留痕');
    expect(within(timeline).getByText('退回申请')).toBeInTheDocument();
    expect(within(timeline).getByText('2026-11-19 14:05 · 湖墅街道 张建国')).toBeInTheDocument();
    expect(within(timeline).getByText('请补充第三方检测报告。')).toBeInTheDocument();
  });
});
