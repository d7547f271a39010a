import type { ItemDetail } from '@ledger/domain/items';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type Answer, type ApiServer } from '@/testing/api-server';
import { buildSessionUser, buildTaskDetail, buildUnit, units } from '@/testing/data';
import { formControls } from '@/testing/form-controls';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

/** The card (field group) with this title on the item page. */
const group = (title: string) =>
  screen.getByText(title, { selector: '.ant-card-head-title' }).closest('.ant-card') as HTMLElement;

describe('editing an item (修改)', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /**
   * An API holding one item: GET answers the stored record, PATCH answers what `patch` decides
   * (by default: stores the change and answers the new record).
   */
  const start = async (
    stored: ItemDetail,
    {
      role = 'COORDINATOR',
      patch,
    }: { role?: 'COORDINATOR' | 'UNIT_OFFICER'; patch?: () => Answer | undefined } = {},
  ) => {
    let item = stored;
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser(role) }),
      'GET /api/units': ok({
        units: [
          buildUnit({ ...units.hushu }),
          buildUnit({ ...units.banshan }),
          buildUnit({ ...units.ecology }),
        ],
      }),
      [`GET /api/items/${item.id}`]: () => ok(item),
      [`PATCH /api/items/${item.id}`]: ({ body }) => {
        const answer = patch?.();
        if (answer) return answer;
        const change = body as Partial<ItemDetail>;
        item = { ...item, ...change, version: item.version + 1 };
        return ok(item);
      },
    });
    return server;
  };

  const openForm = async (user: ReturnType<typeof setupUser>, item: ItemDetail) => {
    await user.click(await screen.findByRole('button', { name: /修改/ }));
    return screen.findByRole('dialog', { name: `修改事项：${item.number}` });
  };

  test('is offered only when the item allows update', async () => {
    const item = buildTaskDetail({ allowedActions: ['read', 'create:progress', 'upload:evidence'] });
    await start(item, { role: 'UNIT_OFFICER' });
    renderApp(`/ledger/${item.id}`);

    expect(await screen.findByRole('button', { name: /填报进展/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /修改/ })).not.toBeInTheDocument();
    // The unit list is for the edit form only.
    expect(server!.calls('GET /api/units')).toEqual([]);
  });

  test('the form is filled from the record and sends only the changed fields with the version read', async () => {
    setScreenWidth(1280);
    const item = buildTaskDetail({
      version: 3,
      deadline: '2026-12-31',
      warningDate: null,
      allowedActions: ['read', 'update'],
    });
    await start(item);
    const user = setupUser();
    renderApp(`/ledger/${item.id}`);

    const drawer = await openForm(user, item);
    const { fill, pickDate } = formControls(user, drawer);
    // The task table's groups, filled from the record; the number is fixed.
    expect(
      within(drawer)
        .getAllByText(/./, { selector: '.ant-card-head-title' })
        .map((title) => title.textContent),
    ).toEqual(['基本信息', '整改目标与措施', '责任落实', '时限与进度']);
    expect(within(drawer).getByText(item.number)).toBeInTheDocument();
    expect(within(drawer).queryByRole('textbox', { name: '编号' })).not.toBeInTheDocument();
    expect(within(drawer).getByLabelText('标题')).toHaveValue(item.title);
    expect(within(drawer).getByLabelText('整改措施 2')).toHaveValue('督促安装油烟净化设施');
    expect(within(drawer).getByLabelText('整改时限')).toHaveValue('2026-12-31');
    expect(
      within(drawer).getByRole('combobox', { name: '牵头单位' }).closest('.ant-select'),
    ).toHaveTextContent('湖墅街道');

    // Saving the record as it was sends nothing.
    await user.click(within(drawer).getByRole('button', { name: /保存修改/ }));
    expect(await within(drawer).findByText('没有需要保存的修改')).toBeInTheDocument();
    expect(server!.calls('PATCH /api/items/:id')).toEqual([]);

    await pickDate('整改时限', '2027-01-31');
    await user.clear(within(drawer).getByLabelText('责任区领导'));
    await fill('责任区领导', '李强');
    await user.click(within(drawer).getByRole('button', { name: /保存修改/ }));

    expect(await screen.findByText(`已保存对 ${item.number} 的修改`)).toBeInTheDocument();
    expect(server!.calls('PATCH /api/items/:id').map((request) => request.body)).toEqual([
      { leadLeaderName: '李强', deadline: '2027-01-31', version: 3 },
    ]);
    await expect.poll(() => screen.queryByRole('dialog', { name: `修改事项：${item.number}` })).toBeNull();
    // The page shows the saved record.
    expect(await within(group('时限与进度')).findByText('2027-01-31')).toBeInTheDocument();
    expect(within(group('责任落实')).getByText('李强')).toBeInTheDocument();
  });

  test('a save after someone else’s is refused (409): nothing is overwritten, and the current record can be loaded', async () => {
    setScreenWidth(1280);
    const item = buildTaskDetail({ version: 3, deadline: '2026-12-31', allowedActions: ['read', 'update'] });
    const theirs: ItemDetail = {
      ...item,
      version: 4,
      title: '运河沿线餐饮油烟专项整治',
      leadUnit: units.banshan,
    };
    let refuse = true;
    await start(item, {
      patch: () => {
        if (!refuse) return undefined;
        refuse = false;
        return apiError(409, '该事项已被他人修改，请在当前记录的基础上重新修改', { current: theirs });
      },
    });
    const user = setupUser();
    renderApp(`/ledger/${item.id}`);

    let drawer = await openForm(user, item);
    const { pickDate } = formControls(user, drawer);
    await pickDate('整改时限', '2027-01-31');
    await user.click(within(drawer).getByRole('button', { name: /保存修改/ }));

    const alert = await within(drawer).findByText('该事项已被他人修改，您的修改未保存');
    const conflict = alert.closest('.ant-alert') as HTMLElement;
    expect(conflict).toHaveTextContent('他人修改了：标题、牵头单位。');
    expect(conflict).toHaveTextContent('您本次修改的：整改时限。');
    expect(within(drawer).getByRole('button', { name: /保存修改/ })).toBeDisabled();
    expect(server!.calls('PATCH /api/items/:id')).toHaveLength(1);

    await user.click(within(conflict).getByRole('button', { name: '载入最新记录' }));
    drawer = screen.getByRole('dialog', { name: `修改事项：${item.number}` });
    expect(within(drawer).queryByText('该事项已被他人修改，您的修改未保存')).not.toBeInTheDocument();
    expect(within(drawer).getByLabelText('标题')).toHaveValue('运河沿线餐饮油烟专项整治');
    // The user's own change is gone with the stale record; they make it again on the current one.
    expect(within(drawer).getByLabelText('整改时限')).toHaveValue('2026-12-31');
    // The page behind shows the current record too (it re-renders from the query cache, after the drawer).
    expect(await screen.findByRole('heading', { name: '运河沿线餐饮油烟专项整治' })).toBeInTheDocument();

    await formControls(user, drawer).pickDate('整改时限', '2027-01-31');
    await user.click(within(drawer).getByRole('button', { name: /保存修改/ }));
    expect(await screen.findByText(`已保存对 ${item.number} 的修改`)).toBeInTheDocument();
    expect(server!.calls('PATCH /api/items/:id').map((request) => request.body)).toEqual([
      { deadline: '2027-01-31', version: 3 },
      { deadline: '2027-01-31', version: 4 },
    ]);
  });

  test('an item closed meanwhile refuses the edit (409 naming its state): the form closes and the page shows it closed', async () => {
    const item = buildTaskDetail({ allowedActions: ['read', 'update'] });
    const closed: ItemDetail = {
      ...item,
      version: 2,
      status: 'CLOSED',
      closedOn: '2026-11-30',
      allowedActions: ['read'],
    };
    let stored = item;
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/units': ok({ units: [buildUnit({ ...units.hushu })] }),
      [`GET /api/items/${item.id}`]: () => ok(stored),
      // As the API refuses any change of a closed record: the state, not the record.
      [`PATCH /api/items/${item.id}`]: () => {
        stored = closed;
        return apiError(409, '该事项已销号，记录只读，不能再更改', { status: 'CLOSED' });
      },
    });
    const user = setupUser();
    renderApp(`/ledger/${item.id}`);

    const drawer = await openForm(user, item);
    await user.clear(within(drawer).getByLabelText('责任人'));
    await formControls(user, drawer).fill('责任人', '赵敏');
    await user.click(within(drawer).getByRole('button', { name: /保存修改/ }));

    expect(await screen.findByText('该事项已销号，记录只读，不能再更改')).toBeInTheDocument();
    await expect.poll(() => screen.queryByRole('dialog', { name: `修改事项：${item.number}` })).toBeNull();
    // The record is read again: closed, and no longer offering 修改.
    await expect.poll(() => screen.queryByRole('button', { name: /修改/ })).toBeNull();
    expect(screen.getAllByText('已销号').length).toBeGreaterThan(0);
  });
});
