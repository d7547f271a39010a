import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildSessionUser, buildUnit } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

const findDialog = async (title: string) =>
  (await screen.findByText(title, { selector: '.ant-modal-title' })).closest(
    '[role="dialog"]',
  ) as HTMLElement;

describe('unit administration', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test("the API's field messages land on the form's fields", async () => {
    setScreenWidth(1280);
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('ADMIN') }),
      'GET /api/units': ok({ units: [buildUnit({ name: '湖墅街道', code: 'street-hushu' })] }),
      'POST /api/units': apiError(400, '请求参数有误: body.code 单位编码只能包含小写字母、数字和连字符', {
        issues: [{ field: 'body.code', message: '单位编码只能包含小写字母、数字和连字符' }],
      }),
    });
    const user = setupUser();
    renderApp('/admin/units');

    expect(await screen.findByText('street-hushu')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /新增单位/ }));
    const dialog = await findDialog('新增单位');
    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    expect(await within(dialog).findByText('请输入单位名称')).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('单位名称'), '运河新城');
    await user.type(within(dialog).getByLabelText('单位编码'), 'Park Canal');
    await user.click(within(dialog).getByRole('combobox', { name: '单位类型' }));
    await user.click(await screen.findByTitle('园区'));
    await user.click(within(dialog).getByRole('button', { name: '保存' }));

    const code = within(dialog).getByLabelText('单位编码').closest('.ant-form-item')!;
    expect(
      await within(code as HTMLElement).findByText('单位编码只能包含小写字母、数字和连字符'),
    ).toBeInTheDocument();
    expect(server.calls('POST /api/units')[0]?.body).toEqual({
      name: '运河新城',
      code: 'Park Canal',
      type: 'PARK',
      sortOrder: 0,
      webhookUrl: null,
    });
  });
});
