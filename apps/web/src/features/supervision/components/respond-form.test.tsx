import type { SupervisionNoticeView } from '@ledger/domain/supervision';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type ApiServer, type Endpoint } from '@/testing/api-server';
import { buildEvidenceFile, buildSessionUser, buildTaskDetail, units } from '@/testing/data';
import { formControls } from '@/testing/form-controls';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

const item = buildTaskDetail({ number: 'GS-ZG-012', title: '湖墅南路夜间施工噪声整治' });
const photo = buildEvidenceFile({ fileName: '围挡整改后.jpg', provesDate: '2026-11-20' });
const report = buildEvidenceFile({ fileName: '整改报告.pdf', provesDate: '2026-11-25' });

function buildNotice(overrides: Partial<SupervisionNoticeView> = {}): SupervisionNoticeView {
  return {
    id: '20000000-0000-4000-8000-000000000001',
    item: { id: item.id, number: item.number, title: item.title },
    unit: units.hushu,
    level: 'YELLOW',
    status: 'OVERDUE',
    reason: '该事项已超过整改时限，请加快推进并按期反馈整改情况。',
    responseDueOn: '2026-11-26',
    issuedBy: { id: 'coordinator', displayName: '协调小组 陈志刚' },
    issuedAt: '2026-11-19T01:00:00.000Z',
    batchId: null,
    responseText: null,
    respondedBy: null,
    respondedAt: null,
    evidence: [],
    overdue: true,
    late: true,
    overdueAt: '2026-11-27T17:00:00.000Z',
    closedAt: null,
    escalatedFromId: null,
    escalatedToId: null,
    allowedActions: ['respond'],
    ...overrides,
  };
}

describe('the unit’s response to a notice (反馈督办)', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (respond: Endpoint) => {
    const notice = buildNotice();
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }),
      'GET /api/supervision-notices': ok({ notices: [notice], total: 1, page: 1, pageSize: 20 }),
      'GET /api/items/:id': ok({ ...item, evidence: [photo, report] }),
      'POST /api/supervision-notices/:id/respond': respond,
    });
    return notice;
  };

  /** On a phone: the unit's notice, its respond button, and the drawer it opens. */
  async function openForm() {
    setScreenWidth(375);
    const user = setupUser();
    renderApp('/supervision');
    const card = await screen.findByRole('article', { name: '督办 GS-ZG-012' });
    expect(within(card).getByText('2026-11-26 前反馈（已逾期）')).toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: '反馈督办' }));
    const drawer = (await screen.findByText('反馈督办：GS-ZG-012')).closest('.ant-drawer') as HTMLElement;
    await within(drawer).findByText('围挡整改后.jpg');
    return { user, drawer, form: formControls(user, drawer) };
  }

  test('sends the text with the evidence chosen from the item’s files, after checking the text', async () => {
    const notice = await start(({ body }) =>
      ok(buildNotice({ status: 'RESPONDED', responseText: (body as { responseText: string }).responseText })),
    );
    const { user, drawer, form } = await openForm();
    // Past its date: still answered, marked late.
    expect(within(drawer).getByText('仍可反馈，但该督办将标记为逾期反馈。')).toBeInTheDocument();

    await user.click(within(drawer).getByRole('button', { name: '提交反馈' }));
    expect(await within(drawer).findByText('反馈内容不能为空')).toBeInTheDocument();
    expect(server!.calls('POST /api/supervision-notices/:id/respond')).toHaveLength(0);

    await form.fill('反馈内容', '围挡已全部更换，夜间施工已停止。');
    await user.click(within(drawer).getByRole('checkbox', { name: /围挡整改后\.jpg/ }));
    await user.click(within(drawer).getByRole('button', { name: '提交反馈' }));

    await expect.poll(() => server!.calls('POST /api/supervision-notices/:id/respond')).toHaveLength(1);
    const [sent] = server!.calls('POST /api/supervision-notices/:id/respond');
    expect(sent!.params.id).toBe(notice.id);
    expect(sent!.body).toEqual({ responseText: '围挡已全部更换，夜间施工已停止。', evidenceIds: [photo.id] });
  });

  test('puts the server’s refusal of a file under the evidence field', async () => {
    await start(
      apiError(400, '请求参数有误', {
        issues: [{ field: 'body.evidenceIds.0', message: '该佐证材料已归入另一份督办反馈，请上传新的材料' }],
      }),
    );
    const { user, drawer, form } = await openForm();
    await form.fill('反馈内容', '已整改。');
    await user.click(within(drawer).getByRole('checkbox', { name: /整改报告\.pdf/ }));
    await user.click(within(drawer).getByRole('button', { name: '提交反馈' }));

    expect(
      await within(drawer).findByText('该佐证材料已归入另一份督办反馈，请上传新的材料'),
    ).toBeInTheDocument();
    // The drawer stays open with what was typed.
    expect(within(drawer).getByLabelText('反馈内容')).toHaveValue('已整改。');
  });
});
