import type { ExportJobView } from '@ledger/domain/exports';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildSessionUser } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

function buildJob(overrides: Partial<ExportJobView> = {}): ExportJobView {
  return {
    id: '01900000-0000-7000-8000-00000000e001',
    kind: 'case-files',
    status: 'RUNNING',
    progress: 1,
    total: 2,
    description: '所选 2 项',
    createdAt: '2026-11-29T02:00:00.000Z',
    startedAt: '2026-11-29T02:00:01.000Z',
    finishedAt: null,
    error: null,
    file: null,
    ...overrides,
  };
}

describe('the exports page (导出记录)', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('a running job shows its progress, is asked again, and then offers its file', async () => {
    let reads = 0;
    const done = buildJob({
      status: 'SUCCEEDED',
      progress: 2,
      finishedAt: '2026-11-29T02:00:09.000Z',
      file: {
        url: '/api/exports/jobs/01900000-0000-7000-8000-00000000e001/download',
        fileName: '案卷-20261129-1000.zip',
        sizeBytes: 3_460_000,
        sha256: 'c'.repeat(64),
      },
    });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('AUDITOR') }),
      'GET /api/exports/jobs': () => {
        reads += 1;
        return ok({ jobs: [reads === 1 ? buildJob() : done] });
      },
    });
    renderApp('/exports');

    const job = await screen.findByRole('listitem', { name: '所选 2 项' });
    expect(within(job).getByText('进行中')).toBeInTheDocument();
    expect(within(job).getByRole('progressbar', { name: '所选 2 项 导出进度' })).toHaveAttribute(
      'aria-valuenow',
      '50',
    );
    expect(within(job).getByText('1/2')).toBeInTheDocument();
    expect(within(job).queryByRole('link')).not.toBeInTheDocument();

    // Asked again after JOB_POLL_MS while the job runs: it is done and its file is there.
    const download = await within(job).findByRole('link', { name: /下载 案卷-20261129-1000\.zip/ });
    expect(download).toHaveAttribute('href', done.file!.url);
    expect(within(job).getByText('已完成')).toBeInTheDocument();
    expect(within(job).getByText('（3.3 MB）')).toBeInTheDocument();
    expect(within(job).queryByRole('progressbar')).not.toBeInTheDocument();
    expect(within(job).getByText(/完成于 2026-11-29 10:00/)).toBeInTheDocument();

    // Nothing runs any more: no more asking.
    const settled = server.calls('GET /api/exports/jobs').length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(server.calls('GET /api/exports/jobs')).toHaveLength(settled);
  });

  test('a failed job says why; a queued one waits for its count', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('DISTRICT_LEADER') }),
      'GET /api/exports/jobs': ok({
        jobs: [
          buildJob({
            id: 'job-2',
            status: 'QUEUED',
            progress: 0,
            total: null,
            description: '按筛选条件：已逾期',
          }),
          buildJob({
            id: 'job-1',
            status: 'FAILED',
            description: '所选 3 项',
            finishedAt: '2026-11-29T02:01:00.000Z',
            error: '事项 GS-ZG-007 的佐证材料文件缺失，请联系管理员',
          }),
        ],
      }),
    });
    renderApp('/exports');

    const queued = await screen.findByRole('listitem', { name: '按筛选条件：已逾期' });
    expect(within(queued).getByText('排队中')).toBeInTheDocument();
    expect(within(queued).getByText('准备中')).toBeInTheDocument();
    const failed = screen.getByRole('listitem', { name: '所选 3 项' });
    expect(within(failed).getByText('失败')).toBeInTheDocument();
    expect(
      within(failed).getByText('导出失败：事项 GS-ZG-007 的佐证材料文件缺失，请联系管理员'),
    ).toBeInTheDocument();
  });

  test('no jobs yet: says where batch exports start; a failed load can be retried', async () => {
    setScreenWidth(1280);
    let fail = true;
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('AUDITOR') }),
      'GET /api/exports/jobs': () => (fail ? apiError(503, '数据库暂时不可用') : ok({ jobs: [] })),
    });
    const user = setupUser();
    renderApp('/exports');

    expect(await screen.findByText('导出记录加载失败')).toBeInTheDocument();
    expect(screen.getByText('数据库暂时不可用')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByText(/还没有批量导出/)).toBeInTheDocument();
    // An auditor's menu: 导出记录, but not the coordinator's 导入台账.
    const menu = screen.getByRole('navigation', { name: '主导航' });
    expect(within(menu).getByText('导出记录')).toBeInTheDocument();
    expect(within(menu).queryByText('导入台账')).not.toBeInTheDocument();
  });

  test('the page is closed to those who may not export, and not in their menu', async () => {
    setScreenWidth(1280);
    server = await startApiServer({ 'GET /api/auth/me': ok({ user: buildSessionUser('ADMIN') }) });
    renderApp('/exports');

    expect(await screen.findByText('无权访问')).toBeInTheDocument();
    expect(server.calls('GET /api/exports/jobs')).toHaveLength(0);
    const menu = screen.getByRole('navigation', { name: '主导航' });
    expect(within(menu).queryByText('导出记录')).not.toBeInTheDocument();
  });
});
