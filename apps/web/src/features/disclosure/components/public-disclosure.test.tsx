import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type ApiServer, type Endpoints } from '@/testing/api-server';
import { formControls } from '@/testing/form-controls';
import {
  buildPublicNotice,
  buildPublicPetition,
  buildPublicSummary,
  buildPublicTask,
} from '@/testing/public-data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

describe('the public disclosure page (公开信息)', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** The public API, answering a visitor: nobody is logged in. */
  const start = async (endpoints: Endpoints = {}) => {
    server = await startApiServer({
      'GET /api/auth/me': apiError(401, '请先登录'),
      'GET /api/public/summary': ok(buildPublicSummary()),
      'GET /api/public/tasks': ok({ tasks: [], total: 0, page: 1, pageSize: 10 }),
      'GET /api/public/petitions': ok({ petitions: [], total: 0, page: 1, pageSize: 20 }),
      'GET /api/public/notices': ok({ notices: [] }),
      ...endpoints,
    });
    return server;
  };

  test('a visitor sees the progress counts and the published tasks without logging in', async () => {
    const extended = buildPublicTask({
      number: 'GS-ZG-007',
      title: '运河沿线截污纳管',
      status: 'IN_PROGRESS',
      closedOn: null,
      deadline: '2027-03-31',
      originalDeadline: '2026-12-31',
      reboundCount: 1,
    });
    const api = await start({
      'GET /api/public/tasks': ok({ tasks: [extended, buildPublicTask({ number: 'GS-ZG-008' })], total: 2 }),
    });
    const { location } = renderApp('/public');

    expect(await screen.findByRole('heading', { name: '中央环保督察反馈问题整改公开' })).toBeInTheDocument();
    expect(await screen.findByText('数据截至 2026-11-29')).toBeInTheDocument();
    expect(location()).toBe('/public');

    const figure = (title: string) =>
      screen.getByText(title).closest('.ant-statistic')!.querySelector('.ant-statistic-content')!.textContent;
    expect(figure('公开整改任务')).toBe('12项');
    expect(figure('整改任务已销号')).toBe('9项');
    expect(figure('信访件已办结')).toBe('38件');
    expect(figure('罚款(万元)')).toBe('245.5');
    expect(screen.getByLabelText('整改任务销号率 75%')).toBeInTheDocument();
    expect(screen.getByText('回头看发现反弹 1 项，已重新整改')).toBeInTheDocument();
    // Only the statuses and categories that have items, with their counts.
    const byStatus = screen.getByRole('region', { name: '按整改状态' });
    expect(within(byStatus).getByTestId('count-CLOSED')).toHaveTextContent('已销号9');
    expect(within(byStatus).queryByTestId('count-REGISTERED')).not.toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: '按问题类别' })).getByTestId('count-WATER'),
    ).toHaveTextContent('水7');

    const card = await screen.findByRole('article', { name: 'GS-ZG-007 运河沿线截污纳管' });
    expect(within(card).getByText('整改中')).toBeInTheDocument();
    expect(within(card).getByText('2027-03-31')).toBeInTheDocument();
    expect(within(card).getByText('（经批准延期，原时限 2026-12-31）')).toBeInTheDocument();
    expect(within(card).getByText('湖墅街道（牵头）、区林水局（配合）')).toBeInTheDocument();
    expect(within(card).getByText('反弹 1 次，已重新整改')).toBeInTheDocument();
    expect(
      within(screen.getByRole('article', { name: /GS-ZG-008/ })).getByText('2026-10-15'),
    ).toBeInTheDocument();
    expect(api.calls('GET /api/public/tasks')[0]!.query.toString()).toBe('page=1&pageSize=10');
  });

  test('on a desk the petition cases are the official table, columns in its order', async () => {
    setScreenWidth(1280);
    const petition = buildPublicPetition({ number: 'X330000201708110001', verdict: 'PARTLY_TRUE' });
    await start({ 'GET /api/public/petitions': ok({ petitions: [petition], total: 1 }) });
    const user = setupUser();
    renderApp('/public');

    await user.click(await screen.findByRole('tab', { name: '信访件办理情况' }));
    const table = await screen.findByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual([
      '受理编号',
      '交办问题基本情况',
      '行政区域',
      '污染类型',
      '调查核实情况',
      '是否属实',
      '处理和整改情况',
      '问责情况',
      '办结情况',
    ]);
    const row = (await within(table).findByText('X330000201708110001')).closest('tr')!;
    expect(within(row).getByText('部分属实')).toBeInTheDocument();
    expect(within(row).getByText('油烟')).toBeInTheDocument();
    expect(within(row).getByText('责令整改(家)：3')).toBeInTheDocument();
    expect(within(row).getByText('罚款(万元)：1.5')).toBeInTheDocument();
    expect(within(row).queryByText(/约谈/)).not.toBeInTheDocument();
    expect(within(row).getByText('已办结')).toBeInTheDocument();
    expect(within(row).getByText('示例数据')).toBeInTheDocument();
  });

  test('on a phone each petition case is a card, and the filters go to the API', async () => {
    const api = await start({
      'GET /api/public/petitions': ok({
        petitions: [buildPublicPetition({ number: 'X330000201708110002' })],
        total: 1,
      }),
    });
    const user = setupUser();
    renderApp('/public?tab=petitions');

    const card = await screen.findByRole('article', { name: '受理编号 X330000201708110002' });
    expect(within(card).getByText('交办问题基本情况')).toBeInTheDocument();
    expect(within(card).getByText('某小区底商餐饮油烟扰民。')).toBeInTheDocument();
    expect(within(card).getByText('属实')).toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: '受理编号' })).not.toBeInTheDocument();

    const controls = formControls(user, document.body);
    await controls.choose('行政区域', '半山街道（23）');
    await waitFor(() =>
      expect(api.calls('GET /api/public/petitions').at(-1)!.query.get('areaUnitId')).toBe(
        '20000000-0000-4000-8000-000000000002',
      ),
    );
    await user.type(screen.getByRole('searchbox', { name: '搜索信访件' }), ' 油烟 {Enter}');
    await waitFor(() => expect(api.calls('GET /api/public/petitions').at(-1)!.query.get('q')).toBe('油烟'));
  });

  test('the old address /disclosure leads to /public', async () => {
    await start();
    const { location } = renderApp('/disclosure');
    expect(await screen.findByRole('heading', { name: '中央环保督察反馈问题整改公开' })).toBeInTheDocument();
    expect(location()).toBe('/public');
  });

  describe('an objection to a closure in public notice', () => {
    const notice = buildPublicNotice({
      item: {
        kind: 'TASK',
        number: 'GS-ZG-021',
        title: '小河路沿街餐饮油烟整治',
        leadUnit: '小河街道',
        problem: '沿街餐饮油烟直排。',
        isSample: false,
      },
      evidence: [
        {
          id: 'f1',
          fileName: '验收报告.pdf',
          mediaType: 'application/pdf',
          sizeBytes: 204_800,
          provesDate: '2026-11-20',
          description: null,
          url: '/api/public/evidence/f1',
        },
      ],
    });

    const openForm = async (user: ReturnType<typeof setupUser>) => {
      const card = await screen.findByRole('article', { name: 'GS-ZG-021 小河路沿街餐饮油烟整治' });
      await user.click(within(card).getByRole('button', { name: '对此事项提出异议' }));
      return within(card).getByRole('form', { name: '提出异议' });
    };

    test('is checked with the API’s schema, sent with the optional contact, and acknowledged', async () => {
      const api = await start({
        'GET /api/public/notices': ok({ notices: [notice] }),
        [`POST /api/public/notices/${notice.id}/objections`]: {
          status: 201,
          body: { id: 'o1', message: '异议已提交，我们将及时核实处理' },
        },
      });
      const user = setupUser();
      renderApp('/public?tab=notices');

      const card = await screen.findByRole('article', { name: 'GS-ZG-021 小河路沿街餐饮油烟整治' });
      expect(within(card).getByText('2026-11-25 至 2026-12-01（5 个工作日）')).toBeInTheDocument();
      expect(within(card).getByText('已完成 23 家餐饮单位油烟净化设施安装并验收。')).toBeInTheDocument();
      expect(within(card).getByRole('link', { name: /验收报告\.pdf/ })).toHaveAttribute(
        'href',
        '/api/public/evidence/f1',
      );
      expect(screen.getByRole('tab', { name: '销号公示（1）' })).toBeInTheDocument();

      const form = await openForm(user);
      const controls = formControls(user, form);
      expect(within(form).getByText('仅用于核实情况时与您联系，不会公开。')).toBeInTheDocument();
      await user.click(within(form).getByRole('button', { name: '提交异议' }));
      await waitFor(() => expect(controls.errorOf('异议内容')).toBe('异议内容不能为空'));

      await controls.fill('异议内容', '字'.repeat(1001));
      await waitFor(() => expect(controls.errorOf('异议内容')).toBe('异议内容不能超过 1000 个字'));
      await user.clear(within(form).getByLabelText('异议内容'));
      await controls.fill('异议内容', '  油烟仍然直排，净化设施未开启。 ');
      await controls.fill('联系方式（可选）', '13900001111');
      await user.click(within(form).getByRole('button', { name: '提交异议' }));

      expect(await screen.findByText('异议已提交，我们将及时核实处理')).toBeInTheDocument();
      expect(api.calls(`POST /api/public/notices/${notice.id}/objections`).map((call) => call.body)).toEqual([
        { content: '油烟仍然直排，净化设施未开启。', contact: '13900001111' },
      ]);
    });

    test('says clearly when too many were sent (429) and when the notice no longer takes them (409)', async () => {
      let answer = apiError(429, '提交过于频繁，请 10 分钟后再试');
      await start({
        'GET /api/public/notices': ok({ notices: [notice] }),
        [`POST /api/public/notices/${notice.id}/objections`]: () => answer,
      });
      const user = setupUser();
      renderApp('/public?tab=notices');
      const form = await openForm(user);
      await formControls(user, form).fill('异议内容', '整改不到位');
      const submit = within(form).getByRole('button', { name: '提交异议' });

      await user.click(submit);
      const tooMany = await within(form).findByRole('alert');
      expect(tooMany).toHaveTextContent('暂时无法提交');
      expect(tooMany).toHaveTextContent('提交过于频繁，请 10 分钟后再试');
      expect(submit).toBeEnabled();

      answer = apiError(409, '该公示已于 2026-12-01 期满，不再受理异议');
      await user.click(submit);
      await waitFor(() => expect(within(form).getByRole('alert')).toHaveTextContent('该公示已不再受理异议'));
      expect(within(form).getByRole('alert')).toHaveTextContent('该公示已于 2026-12-01 期满，不再受理异议');
      expect(submit).toBeDisabled();
    });

    test('is not offered once the period is over', async () => {
      await start({
        'GET /api/public/notices': ok({
          notices: [{ ...notice, startsOn: '2026-01-05', endsOn: '2026-01-09', acceptingObjections: false }],
        }),
      });
      renderApp('/public?tab=notices');

      const card = await screen.findByRole('article', { name: 'GS-ZG-021 小河路沿街餐饮油烟整治' });
      expect(within(card).getByText('公示期已满，不再受理异议')).toBeInTheDocument();
      expect(within(card).queryByRole('button', { name: '对此事项提出异议' })).not.toBeInTheDocument();
    });
  });
});
