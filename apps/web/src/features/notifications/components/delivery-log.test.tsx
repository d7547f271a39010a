import type { DeliveryList, DeliveryView } from '@ledger/domain/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { apiError, ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildSessionUser, buildUnit, units } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

function buildDelivery(overrides: Partial<DeliveryView> = {}): DeliveryView {
  return {
    id: '0195f0a0-0000-7000-8000-000000000101',
    unit: units.hushu,
    url: 'https://oapi.dingtalk.com/robot/send?access_token=***',
    kind: 'digest',
    digestOn: '2026-11-29',
    status: 'FAILED',
    attempts: 6,
    responseStatus: 500,
    lastError: 'HTTP 500: busy',
    nextTryAt: null,
    deliveredAt: null,
    createdAt: '2026-11-29T00:00:05.000Z',
    content: '【整改台账】2026-11-29 整改预警日报（湖墅街道）\n逾期未完成：1 项',
    attemptLog: [
      {
        at: '2026-11-29T00:00:06.000Z',
        attempt: 1,
        delivered: false,
        responseStatus: 500,
        error: 'HTTP 500: busy',
      },
      {
        at: '2026-11-29T00:00:40.000Z',
        attempt: 2,
        delivered: false,
        responseStatus: null,
        error: '超时（10000 毫秒内无应答）',
      },
    ],
    ...overrides,
  };
}

const page = (deliveries: DeliveryView[]): DeliveryList => ({
  deliveries,
  total: deliveries.length,
  page: 1,
  pageSize: 20,
});

describe('the push log (推送记录)', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('lists pushes with status, attempts and errors; a failed one is sent again', async () => {
    setScreenWidth(1280);
    const failed = buildDelivery();
    const delivered = buildDelivery({
      id: '0195f0a0-0000-7000-8000-000000000102',
      unit: units.banshan,
      status: 'DELIVERED',
      attempts: 1,
      responseStatus: 200,
      lastError: null,
      attemptLog: [],
    });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/notifications/unread-count': ok({ count: 0 }),
      'GET /api/units': ok({ units: [buildUnit({ ...units.hushu }), buildUnit({ ...units.banshan })] }),
      'GET /api/webhook-deliveries': ok(page([failed, delivered])),
      'POST /api/webhook-deliveries/:id/retry': ({ params }) =>
        ok({ delivery: { ...failed, id: params.id, status: 'PENDING', attempts: 0 } }),
    });
    const user = setupUser();
    renderApp('/admin/webhook-deliveries');

    const failedRow = await screen.findByRole('row', { name: /湖墅街道/ });
    expect(within(failedRow).getByText('失败')).toBeInTheDocument();
    expect(within(failedRow).getByText('HTTP 500: busy')).toBeInTheDocument();
    const deliveredRow = screen.getByRole('row', { name: /半山街道/ });
    expect(within(deliveredRow).getByText('已送达')).toBeInTheDocument();
    expect(within(deliveredRow).queryByRole('button', { name: '重新推送' })).toBeNull();

    // Each attempt, and what was pushed.
    await user.click(within(failedRow).getByRole('button', { name: /展开/ }));
    const attempts = await screen.findByRole('list', { name: '发送记录' });
    expect(
      within(attempts)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      expect.stringContaining('第 1 次：失败HTTP 500 HTTP 500: busy'),
      expect.stringContaining('第 2 次：失败超时（10000 毫秒内无应答）'),
    ]);
    expect(screen.getByText('https://oapi.dingtalk.com/robot/send?access_token=***')).toBeInTheDocument();

    await user.click(within(failedRow).getByRole('button', { name: '重新推送' }));
    expect(await screen.findByText('已重新排队推送“湖墅街道”')).toBeInTheDocument();
    expect(server.calls('POST /api/webhook-deliveries/:id/retry')[0]!.params.id).toBe(failed.id);
    // The log is asked again for the new state.
    await waitFor(() => expect(server!.calls('GET /api/webhook-deliveries').length).toBeGreaterThan(1));
  });

  test('filters by status, and shows the server’s refusal of a retry', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('ADMIN') }),
      'GET /api/notifications/unread-count': ok({ count: 0 }),
      'GET /api/units': ok({ units: [buildUnit({ ...units.hushu })] }),
      'GET /api/webhook-deliveries': ok(page([buildDelivery()])),
      'POST /api/webhook-deliveries/:id/retry': apiError(409, '该单位已不再设置预警推送地址，无法重新推送'),
    });
    const user = setupUser();
    renderApp('/admin/webhook-deliveries');

    await user.click(await screen.findByRole('combobox', { name: '状态' }));
    await user.click(await screen.findByTitle('失败'));
    await waitFor(() =>
      expect(server!.calls('GET /api/webhook-deliveries').at(-1)!.query.get('status')).toBe('FAILED'),
    );

    await user.click(screen.getByRole('button', { name: '重新推送' }));
    expect(await screen.findByText('该单位已不再设置预警推送地址，无法重新推送')).toBeInTheDocument();
  });

  test('is not open to a unit officer', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }),
      'GET /api/notifications/unread-count': ok({ count: 0 }),
    });
    renderApp('/admin/webhook-deliveries');
    expect(await screen.findByText(/没有权限|无权/)).toBeInTheDocument();
    expect(server.calls('GET /api/webhook-deliveries')).toHaveLength(0);
  });
});
