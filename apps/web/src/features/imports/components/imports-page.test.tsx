import type { ImportRow, ImportView } from '@ledger/domain/imports';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildSessionUser } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

const importId = '01900000-0000-7000-8000-00000000f001';

function buildRow(overrides: Partial<ImportRow> = {}): ImportRow {
  return {
    sheet: '整改任务',
    row: 3,
    kind: 'TASK',
    number: 'GS-ZG-001',
    title: '运河沿线餐饮油烟整治',
    action: 'UNCHANGED',
    itemId: '00000000-0000-4000-8000-000000000101',
    changes: [],
    problems: [],
    ...overrides,
  };
}

const updated = buildRow({
  row: 4,
  number: 'GS-ZG-002',
  title: '半山地区废气整治',
  action: 'UPDATE',
  changes: [{ header: '整改时限', before: '2026-12-31', after: '2027-03-31' }],
});
const created = buildRow({
  row: 5,
  number: 'GS-ZG-031',
  title: '康桥工业区固废整治',
  action: 'CREATE',
  itemId: null,
  changes: [{ header: '牵头单位', before: null, after: '康桥街道' }],
});
const broken = buildRow({
  sheet: '信访件',
  row: 7,
  kind: 'PETITION',
  number: 'D330000201707150009',
  title: '某小区底商餐饮油烟扰民',
  action: 'ERROR',
  itemId: null,
  problems: [
    { sheet: '信访件', row: 7, column: '交办日期', message: '“2017-13-05”不是有效日期，请填写如 2017-07-15' },
    {
      sheet: '信访件',
      row: 7,
      column: '行政区域',
      message: '单位“和睦街道办”不存在，请使用单位管理中的名称',
    },
  ],
});

function buildImport(overrides: Partial<ImportView> = {}): ImportView {
  const rows = overrides.rows ?? [buildRow(), updated, created];
  return {
    id: importId,
    fileName: '拱墅区整改台账.xlsx',
    sha256: 'd'.repeat(64),
    status: 'PREVIEWED',
    createdAt: '2026-11-29T02:00:00.000Z',
    createdBy: { id: 'user-1', displayName: '协调小组 陈志远' },
    committedAt: null,
    counts: { rows: 3, create: 1, update: 1, unchanged: 1, error: 0, problems: 0 },
    progress: { done: 0, total: 2 },
    error: null,
    fileProblems: [],
    notes: [],
    rows,
    total: rows.length,
    page: 1,
    pageSize: 50,
    ...overrides,
  };
}

const summaryOf = ({
  rows: _rows,
  fileProblems: _fp,
  notes: _notes,
  total: _t,
  page: _p,
  pageSize: _s,
  ...rest
}: ImportView) => rest;

const workbook = (name = '拱墅区整改台账.xlsx') =>
  new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])], name, {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });

const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const fileInput = () => document.querySelector<HTMLInputElement>('input[type="file"]')!;

const counts = () => screen.getByRole('list', { name: '预览统计' });

describe('the imports page (导入台账)', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('the coordinator uploads a workbook with errors: counts, rows with their problems highlighted, commit refused', async () => {
    setScreenWidth(1280);
    const invalid = buildImport({
      status: 'INVALID',
      counts: { rows: 4, create: 1, update: 1, unchanged: 1, error: 1, problems: 2 },
      fileProblems: [
        {
          sheet: '整改任务',
          row: 2,
          column: '整改时限',
          message: '缺少必填列“整改时限”（也可写作：完成时限）',
        },
      ],
      notes: [{ sheet: '整改任务', row: 2, column: null, message: '以下列不在台账格式中，已忽略：备注' }],
      rows: [buildRow(), updated, created, broken],
    });
    let uploaded = false;
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/imports': () => ok({ imports: uploaded ? [summaryOf(invalid)] : [] }),
      'POST /api/imports': () => {
        uploaded = true;
        return { status: 201, body: invalid };
      },
      'GET /api/imports/:id': ({ query }) =>
        ok(query.get('show') === 'problems' ? { ...invalid, rows: [broken], total: 1 } : invalid),
    });
    const user = setupUser();
    const { location } = renderApp('/imports');

    expect(await screen.findByText('尚无导入记录')).toBeInTheDocument();
    expect(screen.getByText(/仅限 \.xlsx，不超过 20 MB/)).toBeInTheDocument();
    await user.upload(fileInput(), workbook());

    // The preview has an address of its own.
    await expect.poll(location).toBe(`/imports/${importId}`);
    const upload = server.calls('POST /api/imports')[0]!;
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    // (the fake server keeps a multipart body byte for byte, as latin1 text)
    expect(upload.body).toContain(latin1('name="file"; filename="拱墅区整改台账.xlsx"'));

    expect(await screen.findByRole('listitem', { name: '新增 1' })).toBeInTheDocument();
    expect(within(counts()).getByRole('listitem', { name: '更新 1' })).toBeInTheDocument();
    expect(within(counts()).getByRole('listitem', { name: '无变化 1' })).toBeInTheDocument();
    expect(within(counts()).getByRole('listitem', { name: '有错误 1' })).toBeInTheDocument();
    expect(screen.getByText('文件有 1 处问题，不能导入')).toBeInTheDocument();
    expect(
      screen.getByText('工作表「整改任务」第 2 行「整改时限」列：缺少必填列“整改时限”（也可写作：完成时限）'),
    ).toBeInTheDocument();
    expect(screen.getByText('以下 1 处内容不导入（不影响导入其余内容）')).toBeInTheDocument();
    expect(
      screen.getByText('工作表「整改任务」第 2 行：以下列不在台账格式中，已忽略：备注'),
    ).toBeInTheDocument();

    // The row with problems stands out, each problem named by its column.
    const brokenRow = screen.getByText('某小区底商餐饮油烟扰民').closest('tr')!;
    expect(brokenRow).toHaveClass('import-row-error');
    expect(within(brokenRow).getByText('有错误')).toBeInTheDocument();
    expect(
      within(brokenRow).getByText('「交办日期」：“2017-13-05”不是有效日期，请填写如 2017-07-15'),
    ).toBeInTheDocument();
    expect(
      within(brokenRow).getByText('「行政区域」：单位“和睦街道办”不存在，请使用单位管理中的名称'),
    ).toBeInTheDocument();
    const updatedRow = screen.getByText('半山地区废气整治').closest('tr')!;
    expect(updatedRow).not.toHaveClass('import-row-error');
    expect(within(updatedRow).getByRole('list', { name: '变更' })).toHaveTextContent(
      '整改时限：2026-12-31 → 2027-03-31',
    );
    expect(screen.getByText('康桥工业区固废整治').closest('tr')).toHaveTextContent(
      '牵头单位：（空） → 康桥街道',
    );

    // 确认导入 is refused, saying why.
    expect(screen.getByRole('button', { name: /确认导入/ })).toBeDisabled();
    expect(
      screen.getByText(/文件有 1 处问题，1 行共 2 处错误。请在 Excel 中按提示修改后重新上传/),
    ).toBeInTheDocument();

    // Only the rows with errors, asked of the server, and the tab kept in the address.
    await user.click(screen.getByRole('tab', { name: '有错误（1）' }));
    await expect.poll(location).toBe(`/imports/${importId}?show=problems`);
    await expect.poll(() => server!.calls('GET /api/imports/:id').at(-1)?.query.get('show')).toBe('problems');
    await expect.poll(() => screen.queryByText('半山地区废气整治')).toBeNull();
    expect(screen.getByText('某小区底商餐饮油烟扰民')).toBeInTheDocument();

    // The import is listed below.
    const history = await screen.findByRole('list', { name: '导入记录' });
    expect(within(history).getByRole('link', { name: '拱墅区整改台账.xlsx' })).toHaveAttribute(
      'href',
      `/imports/${importId}`,
    );
  });

  test('确认导入 applies the preview: progress while it commits, then what was imported', async () => {
    let phase: 'preview' | 'committing' | 'done' = 'preview';
    const viewNow = () => {
      if (phase === 'preview') return buildImport();
      if (phase === 'committing')
        return buildImport({ status: 'COMMITTING', progress: { done: 1, total: 2 } });
      return buildImport({
        status: 'COMMITTED',
        committedAt: '2026-11-29T02:05:00.000Z',
        progress: { done: 2, total: 2 },
      });
    };
    let readsWhileCommitting = 0;
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/imports': () => ok({ imports: [summaryOf(viewNow())] }),
      'GET /api/imports/:id': () => {
        const view = viewNow();
        // Halfway at the first look after the commit began, done at the next.
        if (phase === 'committing' && ++readsWhileCommitting > 1) phase = 'done';
        return ok(view);
      },
      'POST /api/imports/:id/commit': () => {
        phase = 'committing';
        return { status: 202, body: buildImport({ status: 'COMMITTING', progress: { done: 0, total: 2 } }) };
      },
    });
    const user = setupUser();
    renderApp(`/imports/${importId}`);

    // A phone: rows as cards.
    const card = (await screen.findByText('半山地区废气整治')).closest('.ant-card') as HTMLElement;
    expect(card).toHaveAttribute('aria-label', '整改任务 第 4 行');
    expect(within(card).getByText('更新')).toBeInTheDocument();
    expect(card).toHaveTextContent('整改时限：2026-12-31 → 2027-03-31');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getByText(/确认后将新增 1 项、更新 1 项，1 行无变化/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /确认导入/ }));
    // At once the commit is shown starting, then its progress as the server reports it.
    expect(await screen.findByRole('progressbar', { name: '导入进度' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /确认导入/ })).not.toBeInTheDocument();
    expect(await screen.findByText('1/2')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: '导入进度' })).toHaveAttribute('aria-valuenow', '50');

    expect(await screen.findByText('已导入：新增 1 项，更新 1 项')).toBeInTheDocument();
    expect(screen.getByText('其余 1 行与台账一致，未作更改。')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /确认导入/ })).not.toBeInTheDocument();
    expect(server.calls('POST /api/imports/:id/commit')).toHaveLength(1);
  });

  test('a failed commit says why and that nothing was written', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/imports': ok({ imports: [] }),
      'GET /api/imports/:id': ok(
        buildImport({ status: 'FAILED', error: '事项 GS-ZG-002 在预览后已被修改，请重新上传' }),
      ),
    });
    renderApp(`/imports/${importId}`);

    expect(await screen.findByText('导入失败，台账未作任何更改')).toBeInTheDocument();
    expect(
      screen.getByText('事项 GS-ZG-002 在预览后已被修改，请重新上传。请修改后重新上传。'),
    ).toBeInTheDocument();
  });

  test('a file the server refuses shows its message, and no preview opens', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/imports': ok({ imports: [] }),
      'POST /api/imports': apiError(
        422,
        '文件受密码保护，无法读取。请在 Excel 中取消密码后另存为 .xlsx 再上传',
      ),
    });
    const user = setupUser();
    const { location } = renderApp('/imports');

    await screen.findByText('尚无导入记录');
    await user.upload(fileInput(), workbook('加密台账.xlsx'));

    expect(await screen.findByText('未能读取「加密台账.xlsx」')).toBeInTheDocument();
    expect(
      screen.getByText('文件受密码保护，无法读取。请在 Excel 中取消密码后另存为 .xlsx 再上传'),
    ).toBeInTheDocument();
    expect(location()).toBe('/imports');
  });

  test('a file over 20 MB is refused before it is sent', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/imports': ok({ imports: [] }),
    });
    const user = setupUser();
    renderApp('/imports');

    await screen.findByText('尚无导入记录');
    const big = workbook('全省台账.xlsx');
    Object.defineProperty(big, 'size', { value: 21 * 1024 * 1024 });
    await user.upload(fileInput(), big);

    expect(
      await screen.findByText(/「全省台账\.xlsx」大小为 21\.0 MB，超过 20 MB 的上限/),
    ).toBeInTheDocument();
    expect(server.calls('POST /api/imports')).toHaveLength(0);
  });

  test('an address of an import that does not exist says so', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/imports': ok({ imports: [] }),
      'GET /api/imports/:id': apiError(404, '导入记录不存在'),
    });
    renderApp(`/imports/${importId}`);
    expect(await screen.findByText('导入记录不存在')).toBeInTheDocument();
  });

  test('only the coordination group may import', async () => {
    setScreenWidth(1280);
    server = await startApiServer({ 'GET /api/auth/me': ok({ user: buildSessionUser('AUDITOR') }) });
    renderApp('/imports');
    expect(await screen.findByText('无权访问')).toBeInTheDocument();
    expect(server.calls('GET /api/imports')).toHaveLength(0);
  });
});
