import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { renderApp } from '@/testing/test-utils';
import { sendJson, startTestServer, type TestServer } from '@/testing/test-server';

describe('the app shell', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((_request, response) =>
      sendJson(response, 200, { status: 'ok', db: 'ok' }),
    );
  });
  afterAll(() => server.close());

  test('the overview shows the product name and the system status', async () => {
    renderApp('/');

    expect(await screen.findByRole('link', { name: '拱墅区中央环保督察整改台账' })).toBeInTheDocument();
    expect(await screen.findByText('系统运行正常')).toBeInTheDocument();
  });

  test('on a narrow screen the menu opens from a toggle and leads to a module', async () => {
    const user = userEvent.setup();
    const { router } = renderApp('/');

    expect(screen.queryByRole('menuitem', { name: /台账/ })).not.toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: '打开导航菜单' }));
    const nav = await screen.findByRole('navigation', { name: '主导航' });
    await user.click(within(nav).getByRole('menuitem', { name: /台账/ }));

    expect(await screen.findByText('台账模块建设中')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/ledger');
  });

  test('an unknown address shows 页面不存在', async () => {
    renderApp('/no-such-page');

    expect(await screen.findByText('页面不存在')).toBeInTheDocument();
  });

  test('the login form checks its fields and tells that login comes with the next release', async () => {
    const user = userEvent.setup();
    renderApp('/login');

    await user.click(await screen.findByRole('button', { name: '登录' }));
    expect(await screen.findByText('请输入用户名')).toBeInTheDocument();
    expect(screen.getByText('请输入密码')).toBeInTheDocument();

    await user.type(screen.getByLabelText('用户名'), 'mishixiang');
    await user.type(screen.getByLabelText('密码'), 'Secret-2018');
    await user.click(screen.getByRole('button', { name: '登录' }));

    expect(await screen.findByText('登录功能将在下一版本开放，敬请期待。')).toBeInTheDocument();
    // The auth API does not exist yet, so nothing may be sent to it.
    expect(server.requests.filter((request) => request.includes('/api/auth'))).toEqual([]);
  });
});
