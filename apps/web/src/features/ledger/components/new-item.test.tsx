import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type ApiServer, type Endpoints } from '@/testing/api-server';
import {
  buildItemList,
  buildItemSummary,
  buildPetitionDetail,
  buildSessionUser,
  buildTaskDetail,
  buildUnit,
  units,
} from '@/testing/data';
import { formControls } from '@/testing/form-controls';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

const cardTitles = () =>
  screen.getAllByText(/./, { selector: '.ant-card-head-title' }).map((title) => title.textContent);

describe('registering an item (新增事项)', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (role: 'COORDINATOR' | 'UNIT_OFFICER', endpoints: Endpoints = {}) => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser(role) }),
      'GET /api/items': ok(buildItemList([buildItemSummary({ title: '半山地区废气整治' })])),
      'GET /api/units': ok({
        units: [
          buildUnit({ ...units.hushu }),
          buildUnit({ ...units.banshan }),
          buildUnit({ ...units.ecology, type: 'DEPARTMENT' }),
          buildUnit({ id: '10000000-0000-4000-8000-000000000009', name: '康桥街道', disabled: true }),
        ],
      }),
      ...endpoints,
    });
    return server;
  };

  test('a unit officer is offered neither 新增事项 nor its page', async () => {
    await start('UNIT_OFFICER');
    const { router } = renderApp('/ledger');

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /新增事项/ })).not.toBeInTheDocument();

    await router.navigate('/ledger/new');
    expect(await screen.findByText('无权访问')).toBeInTheDocument();
    expect(server!.calls('GET /api/units')).toEqual([]);
  });

  test('a task is checked with createItemInput, sent as the API reads it, and its page opens', async () => {
    setScreenWidth(1280);
    const created = buildTaskDetail({ number: 'GS-ZG-101', title: '运河沿线餐饮油烟整治' });
    await start('COORDINATOR', {
      'POST /api/items': { status: 201, body: created },
      [`GET /api/items/${created.id}`]: ok(created),
    });
    const user = setupUser();
    const { location } = renderApp('/ledger');

    await user.click(await screen.findByRole('button', { name: /新增事项/ }));
    expect(await screen.findByRole('heading', { name: '新增事项' })).toBeInTheDocument();
    expect(location()).toBe('/ledger/new');
    // The groups of the official task table, as the item page shows them.
    expect(cardTitles()).toEqual(['基本信息', '整改目标与措施', '责任落实', '时限与进度']);
    const form = screen.getByRole('form', { name: '新增事项' });
    const { fill, choose, pickDate, errorOf } = formControls(user, form);

    // Nothing filled in: each required field says so in the schema's words, and nothing is sent.
    await user.click(within(form).getByRole('button', { name: /登记/ }));
    expect(await within(form).findByText('编号不能为空')).toBeInTheDocument();
    expect(errorOf('标题')).toBe('标题不能为空');
    expect(errorOf('督察轮次')).toBe('请选择督察轮次');
    expect(errorOf('问题类别')).toBe('请选择问题类别');
    expect(errorOf('反馈问题')).toBe('反馈问题不能为空');
    expect(errorOf('整改措施 1')).toBe('整改措施不能为空');
    expect(errorOf('牵头单位')).toBe('请选择牵头单位');
    expect(errorOf('整改时限')).toBe('请选择整改时限');
    expect(errorOf('时限类型')).toBe('请选择时限类型');
    expect(server!.calls('POST /api/items')).toEqual([]);

    await fill('编号', 'GS-ZG-101');
    await fill('标题', '运河沿线餐饮油烟整治');
    await choose('督察轮次', '督察“回头看”');
    await choose('问题类别', '大气');
    await fill('反馈问题', '运河沿线部分餐饮企业油烟直排。');
    await fill('整改目标', '油烟净化设施安装率达到 100%。');
    await fill('整改措施 1', '全面排查沿线餐饮企业');
    await user.click(within(form).getByRole('button', { name: /添加一项措施/ }));
    await fill('整改措施 2', '督促安装油烟净化设施');
    await fill('销号标准', '经第三方检测达标。');
    await choose('牵头单位', '湖墅街道');
    // The lead unit also chosen as cooperating unit: the schema's cross-field rule speaks.
    await choose('配合单位', '湖墅街道');
    await fill('责任人', '王丽');
    await fill('联系电话', '0571-88000101');
    await pickDate('整改时限', '2027-03-31');
    await pickDate('预警时间', '2027-04-10');
    await choose('时限类型', '短期攻坚');
    await user.click(within(form).getByRole('button', { name: /登记/ }));
    expect(await within(form).findByText('牵头单位不能同时是配合单位')).toBeInTheDocument();
    expect(await within(form).findByText('预警时间不能晚于整改时限')).toBeInTheDocument();
    expect(server!.calls('POST /api/items')).toEqual([]);

    await choose('配合单位', '湖墅街道');
    await choose('配合单位', '生态环境拱墅分局');
    await pickDate('预警时间', '2027-03-24');
    await user.click(within(form).getByRole('button', { name: /登记/ }));

    expect(await screen.findByText('已新增事项 GS-ZG-101')).toBeInTheDocument();
    await expect.poll(location).toBe(`/ledger/${created.id}`);
    expect(await screen.findByRole('heading', { name: '运河沿线餐饮油烟整治' })).toBeInTheDocument();
    expect(server!.calls('POST /api/items')[0]?.body).toEqual({
      kind: 'TASK',
      number: 'GS-ZG-101',
      title: '运河沿线餐饮油烟整治',
      leadUnitId: units.hushu.id,
      cooperatingUnitIds: [units.ecology.id],
      leadLeaderName: null,
      responsiblePersonName: '王丽',
      responsiblePersonPhone: '0571-88000101',
      deadline: '2027-03-31',
      warningDate: '2027-03-24',
      timeLimitType: 'SHORT_TERM',
      isPublic: false,
      task: {
        inspectionRound: 'LOOK_BACK',
        feedbackText: '运河沿线部分餐饮企业油烟直排。',
        category: 'AIR',
        target: '油烟净化设施安装率达到 100%。',
        measures: ['全面排查沿线餐饮企业', '督促安装油烟净化设施'],
        closureStandard: '经第三方检测达标。',
      },
    });
  });

  test("a petition case shows the petition table's groups, and the API's field messages land on their fields", async () => {
    setScreenWidth(1280);
    const created = buildPetitionDetail({ number: 'D330000201707150009' });
    let answers = [
      apiError(400, '请求参数有误: body.petition.areaUnitId 单位不存在或已停用; …', {
        issues: [
          { field: 'body.petition.areaUnitId', message: '单位不存在或已停用' },
          // Named by its place in the list; it lands on the select that holds the list.
          { field: 'body.cooperatingUnitIds.0', message: '单位不存在或已停用' },
        ],
      }),
      apiError(409, '编号已存在', { issues: [{ field: 'body.number', message: '编号已被其他事项使用' }] }),
      { status: 201, body: created },
    ];
    await start('COORDINATOR', {
      'POST /api/items': () => {
        const [answer, ...rest] = answers;
        answers = rest;
        return answer!;
      },
      [`GET /api/items/${created.id}`]: ok(created),
    });
    const user = setupUser();
    const { location } = renderApp('/ledger/new');

    const form = await screen.findByRole('form', { name: '新增事项' });
    const { fill, choose, pickDate, errorOf } = formControls(user, form);
    await user.click(within(form).getByRole('radio', { name: '信访件' }));
    expect(cardTitles()).toEqual(['交办信息', '调查核实', '处理整改', '问责情况']);
    // A disabled unit is listed (history names it) but cannot be chosen.
    await user.click(within(form).getByRole('combobox', { name: '行政区域' }));
    expect((await screen.findAllByTitle('康桥街道')).at(-1)!.closest('.ant-select-item-option')).toHaveClass(
      'ant-select-item-option-disabled',
    );
    await user.keyboard('{Escape}');

    await fill('受理编号', 'D330000201707150009');
    await fill('标题', '夜间施工噪声扰民');
    await fill('交办批次', '4');
    await pickDate('交办日期', '2017-07-21');
    await choose('行政区域', '湖墅街道');
    await choose('污染类型', '噪声');
    await fill('交办问题基本情况', '反映某工地夜间施工噪声扰民。');
    await fill('行政拘留(人)', '1');
    await choose('牵头单位', '湖墅街道');
    await choose('配合单位', '生态环境拱墅分局');
    await pickDate('整改时限', '2027-01-31');
    await choose('时限类型', '立行立改');
    await user.click(within(form).getByRole('button', { name: /登记/ }));

    await expect.poll(() => errorOf('行政区域')).toBe('单位不存在或已停用');
    expect(errorOf('配合单位')).toBe('单位不存在或已停用');
    expect(server!.calls('POST /api/items')[0]?.body).toMatchObject({
      kind: 'PETITION',
      number: 'D330000201707150009',
      petition: {
        batch: 4,
        handedOverOn: '2017-07-21',
        areaUnitId: units.hushu.id,
        pollutionTypes: ['NOISE'],
        administrativeDetentions: 1,
        orderedToRectify: 0,
        verdict: null,
      },
    });

    await user.click(within(form).getByRole('button', { name: /登记/ }));
    await expect.poll(() => errorOf('受理编号')).toBe('编号已被其他事项使用');

    await user.clear(within(form).getByLabelText('受理编号'));
    await fill('受理编号', 'D330000201707150010');
    await user.click(within(form).getByRole('button', { name: /登记/ }));
    await expect.poll(location).toBe(`/ledger/${created.id}`);
    expect(server!.calls('POST /api/items')).toHaveLength(3);
  });
});
