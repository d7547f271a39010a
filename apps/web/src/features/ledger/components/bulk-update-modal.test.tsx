import type { Permission } from '@ledger/domain/permissions';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type ApiServer, type Endpoint } from '@/testing/api-server';
import { buildItemList, buildItemSummary, buildSessionUser, buildUnit, units } from '@/testing/data';
import { formControls } from '@/testing/form-controls';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

const first = buildItemSummary({ number: 'GS-ZG-007', title: '半山地区废气整治' });
const second = buildItemSummary({ number: 'GS-ZG-012', title: '湖墅南路噪声整治' });
const third = buildItemSummary({ number: 'GS-ZG-015', title: '康桥工业区固废整治' });

/** The open modal with this title (antd gives every modal title the same id under test). */
const findDialog = async (title: string) =>
  (await screen.findByText(title, { selector: '.ant-modal-title' })).closest(
    '[role="dialog"]',
  ) as HTMLElement;

describe('bulk reassignment (批量调整)', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (
    role: 'COORDINATOR' | 'UNIT_OFFICER',
    bulk: Endpoint = ({ body }) => ok({ updated: (body as { itemIds: string[] }).itemIds.length }),
    permissions?: Permission[],
  ) => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser(role, permissions && { permissions }) }),
      'GET /api/items': ok(buildItemList([first, second, third])),
      'GET /api/units': ok({ units: [buildUnit({ ...units.hushu }), buildUnit({ ...units.banshan })] }),
      'POST /api/items/bulk': bulk,
    });
    return server;
  };

  test('a unit officer may choose rows (to export their case files) but not adjust them', async () => {
    setScreenWidth(1280);
    await start('UNIT_OFFICER');
    const user = setupUser();
    renderApp('/ledger');

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: '选择 GS-ZG-007' }));
    expect(screen.getByText('已选择 1 个事项')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '批量调整' })).not.toBeInTheDocument();
  });

  test('without bulk change or export permissions rows cannot be chosen', async () => {
    setScreenWidth(1280);
    await start('UNIT_OFFICER', undefined, ['read:item:own-unit']);
    renderApp('/ledger');

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: '选择 GS-ZG-007' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '批量调整' })).not.toBeInTheDocument();
  });

  test('on a desk: rows chosen in the table get a new lead unit, checked with bulkUpdateInput', async () => {
    setScreenWidth(1280);
    await start('COORDINATOR');
    const user = setupUser();
    renderApp('/ledger');

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '批量调整' })).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: '选择 GS-ZG-007' }));
    await user.click(screen.getByRole('checkbox', { name: '选择 GS-ZG-012' }));
    expect(screen.getByText('已选择 2 个事项')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '批量调整' }));

    const dialog = await findDialog('批量调整');
    expect(dialog).toHaveTextContent('将调整已选的 2 个事项：GS-ZG-007、GS-ZG-012');
    // Neither a unit nor a deadline: the schema's rule, and nothing is sent.
    await user.click(within(dialog).getByRole('button', { name: /确定调整/ }));
    expect(await within(dialog).findByText('请指定新的牵头单位或整改时限')).toBeInTheDocument();
    expect(server!.calls('POST /api/items/bulk')).toEqual([]);

    await formControls(user, dialog).choose('新的牵头单位', '半山街道');
    const listReads = server!.calls('GET /api/items').length;
    await user.click(within(dialog).getByRole('button', { name: /确定调整/ }));

    expect(await screen.findByText('已调整 2 个事项')).toBeInTheDocument();
    expect(server!.calls('POST /api/items/bulk')[0]?.body).toEqual({
      itemIds: [first.id, second.id],
      leadUnitId: units.banshan.id,
    });
    // The list is asked again, and the selection is done with.
    await expect.poll(() => server!.calls('GET /api/items').length).toBeGreaterThan(listReads);
    expect(screen.queryByText('已选择 2 个事项')).not.toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: '选择 GS-ZG-007' })).not.toBeChecked();
  });

  test('a refusal names the item it is about, and nothing is changed', async () => {
    setScreenWidth(1280);
    await start(
      'COORDINATOR',
      apiError(400, '请求参数有误: body.itemIds.1 已销号事项不能调整', {
        issues: [{ field: 'body.itemIds.1', message: '已销号事项不能调整' }],
      }),
    );
    const user = setupUser();
    renderApp('/ledger');

    await user.click(await screen.findByRole('checkbox', { name: '选择 GS-ZG-007' }));
    await user.click(screen.getByRole('checkbox', { name: '选择 GS-ZG-015' }));
    await user.click(screen.getByRole('button', { name: '批量调整' }));
    const dialog = await findDialog('批量调整');
    await formControls(user, dialog).pickDate('新的整改时限', '2027-06-30');
    await user.click(within(dialog).getByRole('button', { name: /确定调整/ }));

    expect(
      await within(dialog).findByText('GS-ZG-015（康桥工业区固废整治）：已销号事项不能调整'),
    ).toBeInTheDocument();
    expect(server!.calls('POST /api/items/bulk')[0]?.body).toEqual({
      itemIds: [first.id, third.id],
      deadline: '2027-06-30',
    });
    // Still chosen, to be corrected and sent again.
    expect(screen.getByText('已选择 2 个事项')).toBeInTheDocument();
  });

  test('on a phone: cards are chosen by their check boxes', async () => {
    await start('COORDINATOR');
    const user = setupUser();
    renderApp('/ledger');

    const card = (await screen.findByText('半山地区废气整治')).closest('.ant-card') as HTMLElement;
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await user.click(within(card).getByRole('checkbox', { name: '选择 GS-ZG-007' }));
    await user.click(screen.getByRole('checkbox', { name: '选择 GS-ZG-015' }));
    await user.click(screen.getByRole('checkbox', { name: '选择 GS-ZG-007' }));
    expect(screen.getByText('已选择 1 个事项')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '批量调整' }));

    const dialog = await findDialog('批量调整');
    await formControls(user, dialog).choose('新的牵头单位', '湖墅街道');
    await user.click(within(dialog).getByRole('button', { name: /确定调整/ }));
    expect(await screen.findByText('已调整 1 个事项')).toBeInTheDocument();
    expect(server!.calls('POST /api/items/bulk')[0]?.body).toEqual({
      itemIds: [third.id],
      leadUnitId: units.hushu.id,
    });
  });
});
