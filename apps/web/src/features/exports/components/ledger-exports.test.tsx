import type { ExportJobView } from '@ledger/domain/exports';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildItemList, buildItemSummary, buildSessionUser, buildTaskDetail } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

const first = buildItemSummary({ number: 'GS-ZG-007', title: '半山地区废气整治' });
const second = buildItemSummary({ number: 'GS-ZG-012', title: '湖墅南路噪声整治' });

function buildJob(overrides: Partial<ExportJobView> = {}): ExportJobView {
  return {
    id: '01900000-0000-7000-8000-00000000e001',
    kind: 'case-files',
    status: 'QUEUED',
    progress: 0,
    total: null,
    description: '所选 2 项',
    createdAt: '2026-11-29T02:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    error: null,
    file: null,
    ...overrides,
  };
}

/** The open modal with this title (antd gives every modal title the same id under test). */
const findDialog = async (title: string) =>
  (await screen.findByText(title, { selector: '.ant-modal-title' })).closest(
    '[role="dialog"]',
  ) as HTMLElement;

describe('exports from the ledger and the item page', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async ({ total = 2, totalCapped = false } = {}) => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('AUDITOR') }),
      'GET /api/items': ok(buildItemList([first, second], { total, totalCapped })),
      'GET /api/units': ok({ units: [] }),
      'POST /api/exports/case-files': ({ body }) => ({
        status: 202,
        body: buildJob({
          description: 'itemIds' in (body as object) ? '所选 2 项' : '按筛选条件：已逾期（共 45 项）',
        }),
      }),
      'GET /api/exports/jobs': ok({ jobs: [buildJob()] }),
    });
    return server;
  };

  test('导出 Excel carries the page’s filters and sorting, not its paging, and follows a change', async () => {
    setScreenWidth(1280);
    await start();
    const user = setupUser();
    renderApp('/ledger?kind=task&status=CLOSED&overdue=true&q=废气&sort=number&page=2');

    const link = await screen.findByRole('link', { name: /导出 Excel/ });
    expect(link).toHaveAttribute(
      'href',
      `/api/exports/ledger.xlsx?kind=task&status=CLOSED&overdue=true&q=${encodeURIComponent('废气')}&sort=number`,
    );
    expect(link).toHaveAttribute('download');

    await user.click(screen.getByRole('checkbox', { name: '只看已逾期' }));
    await expect
      .poll(() => link.getAttribute('href'))
      .toBe(`/api/exports/ledger.xlsx?kind=task&status=CLOSED&q=${encodeURIComponent('废气')}&sort=number`);
  });

  test('批量导出案卷 posts the chosen items, says the job started and leads to 导出记录', async () => {
    setScreenWidth(1280);
    await start();
    const user = setupUser();
    const { location } = renderApp('/ledger');

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '批量调整' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: '选择 GS-ZG-007' }));
    await user.click(screen.getByRole('checkbox', { name: '选择 GS-ZG-012' }));
    await user.click(screen.getByRole('button', { name: /批量导出案卷（2）/ }));

    expect(await screen.findByText('已开始导出案卷')).toBeInTheDocument();
    expect(server!.calls('POST /api/exports/case-files')[0]?.body).toEqual({
      itemIds: [first.id, second.id],
    });
    expect(screen.getByText(/所选 2 项。案卷在后台打包，完成后可在「导出记录」下载。/)).toBeInTheDocument();
    // The chosen items are let go, so that the same batch is not sent twice by mistake.
    expect(screen.queryByText('已选择 2 个事项')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '查看导出记录' }));
    await expect.poll(location).toBe('/exports');
    expect(await screen.findByText('所选 2 项')).toBeInTheDocument();
  });

  test('with nothing chosen, the filtered list is exported once its count is confirmed', async () => {
    await start({ total: 45 });
    const user = setupUser();
    renderApp('/ledger?overdue=true&sort=number');

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /批量导出案卷$/ }));
    const dialog = await findDialog('按筛选结果导出案卷');
    expect(dialog).toHaveTextContent('将导出当前筛选结果的全部 45 个事项的案卷');
    expect(server!.calls('POST /api/exports/case-files')).toEqual([]);

    await user.click(within(dialog).getByRole('button', { name: '导出 45 项' }));
    expect(await screen.findByText('已开始导出案卷')).toBeInTheDocument();
    // The filters as the list's query string has them, read by the server with the list's schema.
    expect(server!.calls('POST /api/exports/case-files')[0]?.body).toEqual({ filters: { overdue: 'true' } });
  });

  test('a filter that finds more than one batch may hold is refused before anything is sent', async () => {
    await start({ total: 10_000, totalCapped: true });
    const user = setupUser();
    renderApp('/ledger?q=水');

    expect(await screen.findByText('半山地区废气整治')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /批量导出案卷$/ }));
    const dialog = await findDialog('筛选结果过多');
    expect(dialog).toHaveTextContent('一次最多导出 2000 个事项的案卷');
    await user.click(within(dialog).getByRole('button', { name: '知道了' }));
    expect(server!.calls('POST /api/exports/case-files')).toEqual([]);
  });

  test('the item page offers its closure report and case file to those who may export', async () => {
    const item = buildTaskDetail({ status: 'CLOSED', allowedActions: [] });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('AUDITOR') }),
      [`GET /api/items/${item.id}`]: ok(item),
    });
    renderApp(`/ledger/${item.id}`);

    const report = await screen.findByRole('link', { name: /下载销号报告/ });
    expect(report).toHaveAttribute('href', `/api/items/${item.id}/closure-report.pdf`);
    expect(screen.getByRole('link', { name: /下载案卷/ })).toHaveAttribute(
      'href',
      `/api/items/${item.id}/case-file.zip`,
    );
  });

  test('without an export permission the item page offers no downloads', async () => {
    const item = buildTaskDetail({ allowedActions: [] });
    server = await startApiServer({
      'GET /api/auth/me': ok({
        user: buildSessionUser('AUDITOR', { permissions: ['read:item:any'] }),
      }),
      [`GET /api/items/${item.id}`]: ok(item),
    });
    renderApp(`/ledger/${item.id}`);

    expect(await screen.findByText(item.title)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /下载销号报告/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /下载案卷/ })).not.toBeInTheDocument();
  });
});
