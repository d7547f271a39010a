import type { BulletinView } from '@ledger/domain/bulletins';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildSessionUser } from '@/testing/data';
import { formControls } from '@/testing/form-controls';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

function buildBulletin(overrides: Partial<BulletinView> = {}): BulletinView {
  const id = overrides.id ?? '01900000-0000-7000-8000-00000000b001';
  const title = overrides.title ?? '拱墅区中央环保督察整改工作通报（2026年第47周）';
  return {
    id,
    title,
    periodKind: 'WEEK',
    periodStart: '2026-11-16',
    periodEnd: '2026-11-22',
    dataAsOf: '2026-11-29T02:00:00.000Z',
    generatedAt: '2026-11-29T02:00:05.000Z',
    generatedBy: { id: '01900000-0000-7000-8000-00000000c001', name: '协调小组 陈志远' },
    pdf: { url: `/api/bulletins/${id}/pdf`, fileName: `${title}.pdf`, sha256: 'a'.repeat(64) },
    xlsx: { url: `/api/bulletins/${id}/xlsx`, fileName: `${title}.xlsx`, sha256: 'b'.repeat(64) },
    ...overrides,
  };
}

const listOf = (bulletins: BulletinView[]) =>
  ok({ bulletins, total: bulletins.length, page: 1, pageSize: 20 });

describe('the bulletins page (通报)', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('a leader reads earlier bulletins and downloads their files, with no form to generate', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('DISTRICT_LEADER') }),
      'GET /api/bulletins': listOf([buildBulletin()]),
    });
    renderApp('/bulletins');

    expect(await screen.findByText('拱墅区中央环保督察整改工作通报（2026年第47周）')).toBeInTheDocument();
    expect(screen.getByText(/统计周期 2026-11-16 至 2026-11-22/)).toBeInTheDocument();
    expect(
      screen.getByText(/协调小组 陈志远 生成于 2026-11-29 10:00，数据截至 2026-11-29 10:00/),
    ).toBeInTheDocument();
    const pdf = screen.getByRole('link', { name: /下载 PDF/ });
    expect(pdf).toHaveAttribute('href', '/api/bulletins/01900000-0000-7000-8000-00000000b001/pdf');
    expect(pdf).toHaveAttribute('download', '拱墅区中央环保督察整改工作通报（2026年第47周）.pdf');
    expect(screen.getByRole('link', { name: /下载 Excel/ })).toHaveAttribute(
      'href',
      '/api/bulletins/01900000-0000-7000-8000-00000000b001/xlsx',
    );
    expect(screen.queryByRole('button', { name: '生成通报' })).not.toBeInTheDocument();
  });

  test('a unit officer is not shown the page', async () => {
    server = await startApiServer({ 'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }) });
    renderApp('/bulletins');
    expect(await screen.findByText('无权访问')).toBeInTheDocument();
    expect(server.calls('GET /api/bulletins')).toHaveLength(0);
  });

  test('the coordinator generates a week’s bulletin and finds it in the list', async () => {
    const created = buildBulletin({ id: '01900000-0000-7000-8000-00000000b002' });
    let generated = false;
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/bulletins': () => listOf(generated ? [created] : []),
      'POST /api/bulletins': () => {
        generated = true;
        return { status: 201, body: created };
      },
    });
    const user = setupUser();
    renderApp('/bulletins');

    expect(await screen.findByText('尚未生成通报')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '生成通报' }));

    const success = await screen.findByText(`已生成：${created.title}`);
    expect(server.calls('POST /api/bulletins')[0]?.body).toEqual({ periodKind: 'WEEK' });
    const alert = success.closest('.ant-alert') as HTMLElement;
    expect(within(alert).getByRole('link', { name: /下载 PDF/ })).toHaveAttribute('href', created.pdf.url);
    // The list is asked again and shows the new bulletin.
    const list = screen.getByRole('list', { name: '往期通报' });
    expect(await within(list).findByText(created.title)).toBeInTheDocument();
  });

  test('a custom period is sent as chosen, and the server’s refusal lands on the field it names', async () => {
    setScreenWidth(1280);
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/bulletins': listOf([]),
      'POST /api/bulletins': apiError(
        400,
        '请求参数有误: body.periodEnd 统计截止日期不能晚于今天（2026-11-29）',
        {
          issues: [{ field: 'body.periodEnd', message: '统计截止日期不能晚于今天（2026-11-29）' }],
        },
      ),
    });
    const user = setupUser();
    renderApp('/bulletins');
    const form = (await screen.findByRole('button', { name: '生成通报' })).closest('form') as HTMLElement;
    const controls = formControls(user, form);

    await user.click(within(form).getByText('自定义'));
    // Nothing chosen yet: the form says what is missing before anything is sent.
    await user.click(within(form).getByRole('button', { name: '生成通报' }));
    expect(await within(form).findByText('请选择统计起始日期')).toBeInTheDocument();
    expect(server.calls('POST /api/bulletins')).toHaveLength(0);

    // Dates long past, so that the pickers (which refuse days after today) take them on any day.
    await controls.pickDate('统计起始日期', '2024-03-20');
    await controls.pickDate('统计截止日期', '2024-03-10');
    await user.click(within(form).getByRole('button', { name: '生成通报' }));
    expect(await within(form).findByText('统计截止日期不能早于统计起始日期')).toBeInTheDocument();
    expect(server.calls('POST /api/bulletins')).toHaveLength(0);

    await controls.pickDate('统计截止日期', '2024-03-25');
    await controls.fill('通报标题', '十一月下旬整改通报');
    await user.click(within(form).getByRole('button', { name: '生成通报' }));
    expect(await screen.findByText('未能生成通报')).toBeInTheDocument();
    // antd shows a field's error after it has validated the field anew, a moment after the alert.
    await expect.poll(() => controls.errorOf('统计截止日期')).toBe('统计截止日期不能晚于今天（2026-11-29）');
    expect(server.calls('POST /api/bulletins')[0]?.body).toEqual({
      periodKind: 'CUSTOM',
      periodStart: '2024-03-20',
      periodEnd: '2024-03-25',
      title: '十一月下旬整改通报',
    });
  });
});
