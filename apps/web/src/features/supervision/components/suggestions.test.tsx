import type { SupervisionSuggestions } from '@ledger/domain/supervision-inputs';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type ApiServer, type Endpoint } from '@/testing/api-server';
import { buildItemSummary, buildSessionUser, units } from '@/testing/data';
import { formControls } from '@/testing/form-controls';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

const first = buildItemSummary({
  number: 'GS-ZG-007',
  title: '运河沿线油烟整治',
  overdue: true,
  daysLeft: -12,
});
const second = buildItemSummary({
  number: 'GS-ZG-012',
  title: '湖墅南路噪声整治',
  overdue: true,
  daysLeft: -3,
});
const third = buildItemSummary({
  number: 'GS-ZG-015',
  title: '半山矿区扬尘整治',
  overdue: true,
  daysLeft: -5,
});

const suggestions: SupervisionSuggestions = {
  groups: [
    { unit: units.hushu, total: 2, items: [first, second] },
    { unit: units.banshan, total: 1, items: [third] },
  ],
  total: 3,
  page: 1,
  pageSize: 20,
};

/** The open modal with this title. */
const findDialog = async (title: string) =>
  (await screen.findByText(title, { selector: '.ant-modal-title' })).closest(
    '[role="dialog"]',
  ) as HTMLElement;

describe('督办建议: choosing overdue items and issuing notices on them', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (batch: Endpoint) => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/supervision-notices/suggestions': ok(suggestions),
      'POST /api/supervision-notices/batch': batch,
    });
  };

  test('issues red notices on the items chosen in one unit, after the coordinator confirms', async () => {
    setScreenWidth(375);
    await start(({ body }) => ({
      status: 201,
      body: { batchId: 'batch', notices: (body as { itemIds: string[] }).itemIds.map(() => ({})) },
    }));
    const user = setupUser();
    renderApp('/supervision');

    const hushu = await screen.findByRole('region', { name: '湖墅街道' });
    expect(within(hushu).getByText('逾期未督办 2 项')).toBeInTheDocument();
    expect(within(hushu).getByText('已逾期 12 天')).toBeInTheDocument();
    const issue = within(hushu).getByRole('button', { name: '督办所选（0）' });
    expect(issue).toBeDisabled();

    await user.click(within(hushu).getByRole('checkbox', { name: '选择 GS-ZG-007' }));
    await user.click(within(hushu).getByRole('checkbox', { name: '选择 GS-ZG-012' }));
    // Another unit's items are another batch.
    const banshan = screen.getByRole('region', { name: '半山街道' });
    expect(within(banshan).getByRole('button', { name: '督办所选（0）' })).toBeDisabled();
    await user.click(within(hushu).getByRole('button', { name: '督办所选（2）' }));
    // Nothing is sent until the coordinator confirms.
    expect(server!.calls('POST /api/supervision-notices/batch')).toHaveLength(0);

    const dialog = await findDialog('下发督办');
    expect(within(dialog).getByText(/向湖墅街道下发督办，共 2 个逾期事项/)).toBeInTheDocument();
    await user.click(within(dialog).getByText('红色挂牌督办'));
    await formControls(user, dialog).fill('督办事由', '多次催办未见成效，挂牌督办。');
    await user.click(within(dialog).getByRole('button', { name: '确认下发' }));

    await expect.poll(() => server!.calls('POST /api/supervision-notices/batch')).toHaveLength(1);
    const [sent] = server!.calls('POST /api/supervision-notices/batch');
    expect(sent!.body).toMatchObject({
      unitId: units.hushu.id,
      itemIds: [first.id, second.id],
      level: 'RED',
      reason: '多次催办未见成效，挂牌督办。',
    });
    expect((sent!.body as { responseDueOn: string }).responseDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await screen.findByText('已向湖墅街道下发 2 份督办')).toBeInTheDocument();
  });

  test('lists what the API refused, item by item, and issues nothing', async () => {
    setScreenWidth(1280);
    await start(
      apiError(400, '请求参数有误', {
        issues: [{ field: 'body.itemIds.0', message: '事项 GS-ZG-007 未逾期，不能按逾期事项批量督办' }],
      }),
    );
    const user = setupUser();
    renderApp('/supervision');

    const hushu = await screen.findByRole('region', { name: '湖墅街道' });
    await user.click(within(hushu).getByRole('checkbox', { name: '全选本页' }));
    await user.click(within(hushu).getByRole('button', { name: '督办所选（2）' }));
    const dialog = await findDialog('下发督办');
    await user.click(within(dialog).getByRole('button', { name: '确认下发' }));
    // The reason is required before anything is sent.
    expect(await within(dialog).findByText('督办事由不能为空')).toBeInTheDocument();
    expect(server!.calls('POST /api/supervision-notices/batch')).toHaveLength(0);

    await formControls(user, dialog).fill('督办事由', '请加快推进。');
    await user.click(within(dialog).getByRole('button', { name: '确认下发' }));
    expect(
      await within(dialog).findByText('事项 GS-ZG-007 未逾期，不能按逾期事项批量督办'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('未下发督办')).toBeInTheDocument();
  });
});
