import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { ledgerToday } from '@/lib/format';
import { apiError, ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildPetitionDetail, buildSessionUser, buildTaskDetail, buildTimelineEntry } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

/** The card (field group or timeline) with this title. */
const group = (title: string) =>
  screen.getByText(title, { selector: '.ant-card-head-title' }).closest('.ant-card') as HTMLElement;

/** The value beside a field's label (on a desk the groups are label | value tables). */
const field = (container: HTMLElement, label: string) =>
  within(container).getByText(label).closest('th')!.nextElementSibling as HTMLElement;

describe('an item', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('a task shows the groups of the official task table, with vocabulary labels, and its timeline', async () => {
    const item = buildTaskDetail({
      number: 'GS-ZG-003',
      title: '运河沿线餐饮油烟整治',
      overdue: true,
      daysLeft: -4,
      allowedActions: ['read'],
      timeline: [
        buildTimelineEntry({ type: 'registered', title: '挂账', detail: null, on: null, percent: null }),
        buildTimelineEntry({ title: '整改进展', detail: '完成 12 家油烟净化设施安装。', percent: 40 }),
      ],
    });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('DISTRICT_LEADER') }),
      [`GET /api/items/${item.id}`]: ok(item),
    });
    renderApp(`/ledger/${item.id}`);

    expect(await screen.findByRole('heading', { name: '运河沿线餐饮油烟整治' })).toBeInTheDocument();
    expect(screen.getAllByText('已逾期 4 天').length).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/./, { selector: '.ant-card-head-title' }).map((title) => title.textContent),
    ).toEqual(['基本信息', '整改目标与措施', '责任落实', '时限与进度', '整改进展与留痕']);

    const basics = group('基本信息');
    expect(within(basics).getByText('第一轮督察')).toBeInTheDocument();
    expect(within(basics).getByText('大气')).toBeInTheDocument();
    const measures = within(group('整改目标与措施')).getAllByRole('listitem');
    expect(measures.map((measure) => measure.textContent)).toEqual([
      '全面排查沿线餐饮企业',
      '督促安装油烟净化设施',
    ]);
    expect(within(group('时限与进度')).getByText('短期攻坚')).toBeInTheDocument();
    expect(within(group('责任落实')).getByText('0571-88000101')).toBeInTheDocument();

    const timeline = group('整改进展与留痕');
    expect(within(timeline).getByText('挂账')).toBeInTheDocument();
    expect(within(timeline).getByText('完成 12 家油烟净化设施安装。')).toBeInTheDocument();

    // A district leader reads; the item's allowedActions offer nothing to do.
    expect(screen.queryByRole('button', { name: /填报进展/ })).not.toBeInTheDocument();
  });

  test('a petition case shows the groups of the published petition table, accountability counts included', async () => {
    setScreenWidth(1280);
    const item = buildPetitionDetail();
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }),
      [`GET /api/items/${item.id}`]: ok(item),
    });
    renderApp(`/ledger/${item.id}`);

    expect(await screen.findByRole('heading', { name: '某小区底商餐饮油烟扰民' })).toBeInTheDocument();
    expect(
      screen.getAllByText(/./, { selector: '.ant-card-head-title' }).map((title) => title.textContent),
    ).toEqual(['交办信息', '调查核实', '处理整改', '问责情况', '整改进展与留痕']);
    expect(within(group('交办信息')).getByText('第 3 批')).toBeInTheDocument();
    expect(within(group('交办信息')).getByText('油烟')).toBeInTheDocument();
    expect(within(group('调查核实')).getByText('属实')).toBeInTheDocument();
    expect(within(group('处理整改')).getByText('未办结')).toBeInTheDocument();
    const accountability = group('问责情况');
    expect(field(accountability, '责令整改(家)')).toHaveTextContent('5');
    expect(field(accountability, '罚款(万元)')).toHaveTextContent('1.5');
    expect(screen.getAllByText('示例数据').length).toBeGreaterThan(0);
  });

  test("an item outside the caller's unit (404) shows 事项不存在或不在本单位职责范围内", async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }),
      'GET /api/items/:id': apiError(404, '事项不存在或不在本单位职责范围内'),
    });
    renderApp('/ledger/0199a1b2-0000-7000-8000-000000000000');

    expect(await screen.findByText('事项不存在或不在本单位职责范围内')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '返回台账' })).toBeInTheDocument();
  });

  test('progress is checked with progressInput, then sent with its photo and the photo’s 证明日期', async () => {
    let item = buildTaskDetail({ latestPercent: 40 });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }),
      [`GET /api/items/${item.id}`]: () => ok(item),
      [`POST /api/items/${item.id}/progress`]: ({ body }) => {
        const entry = body as { reportedOn: string; content: string; percent: number };
        item = {
          ...item,
          timeline: [
            ...item.timeline,
            buildTimelineEntry({ title: '整改进展', detail: entry.content, on: entry.reportedOn }),
          ],
        };
        return { status: 201, body: { id: 'entry-1', ...entry } };
      },
      [`POST /api/items/${item.id}/evidence`]: { status: 201, body: { id: 'file-1' } },
    });
    const user = setupUser();
    renderApp(`/ledger/${item.id}`);

    await user.click(await screen.findByRole('button', { name: /填报进展/ }));
    const drawer = await screen.findByRole('dialog', { name: '填报整改进展' });

    // Empty narrative: the schema's own message, and nothing is sent.
    await user.click(within(drawer).getByRole('button', { name: '提交进展' }));
    expect(await within(drawer).findByText('进展情况不能为空')).toBeInTheDocument();
    expect(server.calls('POST /api/items/:id/progress')).toEqual([]);

    await user.click(within(drawer).getByLabelText('进展情况'));
    await user.paste('完成剩余 8 家油烟净化设施安装。');
    const camera = drawer.querySelector<HTMLInputElement>('input[type="file"][capture="environment"]')!;
    expect(camera).toHaveAttribute('accept', 'image/*');
    expect(camera).toHaveAttribute('multiple');
    await user.upload(
      camera,
      new File([new Uint8Array([137, 80, 78, 71])], 'site-photo.png', { type: 'image/png' }),
    );
    const photo = await within(drawer).findByRole('listitem', { name: 'site-photo.png' });
    expect(within(photo).getByLabelText('证明日期')).toHaveValue(ledgerToday());

    await user.click(within(drawer).getByRole('button', { name: '提交进展' }));

    expect(await screen.findByText('整改进展及 1 个佐证材料已提交')).toBeInTheDocument();
    expect(server.calls('POST /api/items/:id/progress')[0]?.body).toEqual({
      reportedOn: ledgerToday(),
      content: '完成剩余 8 家油烟净化设施安装。',
      percent: 40,
    });
    const upload = server.calls('POST /api/items/:id/evidence')[0]!;
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body).toContain(`name="provesDate"\r\n\r\n${ledgerToday()}\r\n`);
    expect(upload.body).toContain('name="progressEntryId"\r\n\r\nentry-1\r\n');
    expect(upload.body).toContain('filename="site-photo.png"');
    // The detail is asked again, and the timeline shows the new entry.
    expect(
      await within(group('整改进展与留痕')).findByText('完成剩余 8 家油烟净化设施安装。'),
    ).toBeInTheDocument();
  });

  test('a file the server refuses can be sent again without a second progress entry', async () => {
    const item = buildTaskDetail();
    let refuse = true;
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }),
      [`GET /api/items/${item.id}`]: ok(item),
      [`POST /api/items/${item.id}/progress`]: { status: 201, body: { id: 'entry-1' } },
      [`POST /api/items/${item.id}/evidence`]: () => {
        if (!refuse) return { status: 201, body: { id: 'file-1' } };
        refuse = false;
        return apiError(413, '文件超过 20 MB 的上限，请压缩或拆分后再上传');
      },
    });
    const user = setupUser();
    renderApp(`/ledger/${item.id}`);

    await user.click(await screen.findByRole('button', { name: /填报进展/ }));
    const drawer = await screen.findByRole('dialog', { name: '填报整改进展' });
    await user.click(within(drawer).getByLabelText('进展情况'));
    await user.paste('本月完成巡查 4 次。');
    const files = drawer.querySelector<HTMLInputElement>('input[type="file"]:not([capture])')!;
    await user.upload(files, new File(['%PDF-1.4'], '验收报告.pdf', { type: 'application/pdf' }));
    await user.click(within(drawer).getByRole('button', { name: '提交进展' }));

    expect(
      await within(drawer).findByText('文件超过 20 MB 的上限，请压缩或拆分后再上传'),
    ).toBeInTheDocument();
    expect(within(drawer).getByRole('alert')).toHaveTextContent('整改进展已保存，但有 1 个文件上传失败');

    // (/…/: the button's fading loading icon still lends it its name in a page without animations)
    await user.click(within(drawer).getByRole('button', { name: /重新上传/ }));
    expect(await screen.findByText('整改进展及 1 个佐证材料已提交')).toBeInTheDocument();
    expect(server.calls('POST /api/items/:id/progress')).toHaveLength(1);
    expect(server.calls('POST /api/items/:id/evidence')).toHaveLength(2);
  });
});
