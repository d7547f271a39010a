import { screen } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { renderWithProviders } from '@/testing/test-utils';
import { sendJson, startTestServer, type TestServer } from '@/testing/test-server';

import { HealthStatus } from './health-status';

describe('HealthStatus', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('reports a healthy system and its database when the API answers ok', async () => {
    server = await startTestServer((_request, response) =>
      sendJson(response, 200, { status: 'ok', db: 'ok' }),
    );

    renderWithProviders(<HealthStatus />);

    expect(await screen.findByText('系统运行正常')).toBeInTheDocument();
    expect(screen.getByText('数据库：正常')).toBeInTheDocument();
    expect(server.requests).toEqual(['GET /api/health']);
  });

  test("shows the server's own message when the API answers with an error", async () => {
    server = await startTestServer((_request, response) =>
      sendJson(response, 503, { statusCode: 503, error: 'Service Unavailable', message: '数据库连接失败' }),
    );

    renderWithProviders(<HealthStatus />);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('无法获取系统状态');
    expect(alert).toHaveTextContent('数据库连接失败');
    expect(screen.queryByText('系统运行正常')).not.toBeInTheDocument();
  });

  test('warns when the server answers but its database is down', async () => {
    server = await startTestServer((_request, response) =>
      sendJson(response, 200, { status: 'degraded', db: 'unreachable' }),
    );

    renderWithProviders(<HealthStatus />);

    expect(await screen.findByRole('alert')).toHaveTextContent('数据库：异常（unreachable）');
    expect(screen.queryByText('系统运行正常')).not.toBeInTheDocument();
  });

  test('says the server cannot be reached when nothing answers', async () => {
    server = await startTestServer((_request, response) => sendJson(response, 200, {}));
    await server.close();
    server = undefined;

    renderWithProviders(<HealthStatus />);

    expect(await screen.findByRole('alert')).toHaveTextContent('无法连接服务器');
  });
});
