import type { Digest, NotificationList, NotificationView } from '@ledger/domain/notifications';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildSessionUser } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

const digest: Digest = {
  day: '2026-11-29',
  scope: { kind: 'unit', unitId: 'u-1', unitName: '湖墅街道' },
  sections: [
    {
      key: 'overdue',
      label: '逾期未完成',
      total: 12,
      entries: [
        {
          itemId: 'item-1',
          number: 'GS-ZG-019',
          title: '构建小区大件垃圾回收体系',
          dueOn: '2026-10-30',
          daysLeft: -30,
        },
      ],
    },
    {
      key: 'due-soon',
      label: '临近整改时限',
      total: 1,
      entries: [
        {
          itemId: 'item-2',
          number: 'GS-ZG-002',
          title: '深化VOCs污染治理',
          dueOn: '2026-12-04',
          daysLeft: 5,
        },
      ],
    },
    {
      key: 'notices-to-respond',
      label: '待反馈的督办',
      total: 1,
      entries: [
        {
          itemId: 'item-1',
          number: 'GS-ZG-019',
          title: '构建小区大件垃圾回收体系',
          dueOn: '2026-12-01',
          daysLeft: 2,
          level: 'RED',
        },
      ],
    },
    {
      key: 'to-sign',
      label: '待签字的销号申请',
      total: 1,
      entries: [
        { itemId: 'item-3', number: 'X3300002', title: '河道水体发黑发臭', dueOn: '2026-11-29', daysLeft: 0 },
      ],
    },
  ],
};

let serial = 0;
function buildNotification(overrides: Partial<NotificationView> = {}): NotificationView {
  serial += 1;
  return {
    id: `0195f0a0-0000-7000-8000-${String(serial).padStart(12, '0')}`,
    kind: 'digest',
    title: `整改预警日报 2026-11-${String(30 - serial).padStart(2, '0')}：逾期 12 项，临期 1 项`,
    body: '【整改台账】……',
    digest,
    digestOn: '2026-11-29',
    readAt: null,
    createdAt: '2026-11-29T00:00:05.000Z',
    ...overrides,
  };
}

const list = (notifications: NotificationView[], unreadCount: number): NotificationList => ({
  notifications,
  unreadCount,
  total: notifications.length,
  page: 1,
  pageSize: 10,
});

describe('notifications (消息通知)', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('the bell shows the unread count and the latest; opening one marks it read', async () => {
    setScreenWidth(375);
    const latest = buildNotification();
    const older = buildNotification({ readAt: '2026-11-28T02:00:00.000Z' });
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_OFFICER') }),
      'GET /api/notifications/unread-count': ok({ count: 3 }),
      'GET /api/notifications': ok(list([latest, older], 3)),
      'POST /api/notifications/:id/read': ({ params }) => ok({ notification: { ...latest, id: params.id } }),
    });
    const user = setupUser();
    const { location } = renderApp('/notifications');

    const bell = await screen.findByRole('button', { name: '消息通知，3 条未读' });
    await user.click(bell);
    const panel = await screen.findByRole('dialog', { name: '最新消息' });
    expect(server.calls('GET /api/notifications').at(-1)!.query.get('pageSize')).toBe('5');
    await user.click(within(panel).getByRole('button', { name: new RegExp(older.title) }));
    // Read already: nothing to mark.
    expect(server.calls('POST /api/notifications/:id/read')).toHaveLength(0);
    await user.click(bell);
    await user.click(
      within(await screen.findByRole('dialog', { name: '最新消息' })).getByRole('button', {
        name: new RegExp(latest.title),
      }),
    );
    await waitFor(() => expect(server!.calls('POST /api/notifications/:id/read')).toHaveLength(1));
    expect(server.calls('POST /api/notifications/:id/read')[0]!.params.id).toBe(latest.id);
    expect(location()).toBe('/notifications');
    // Marking read refreshes the count.
    await waitFor(() =>
      expect(server!.calls('GET /api/notifications/unread-count').length).toBeGreaterThan(1),
    );
  });

  test('a digest reads as sections with links to its items and to where they are handled', async () => {
    setScreenWidth(1280);
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('UNIT_HEAD') }),
      'GET /api/notifications/unread-count': ok({ count: 1 }),
      'GET /api/notifications': ok(list([buildNotification()], 1)),
    });
    renderApp('/notifications');

    const overdue = await screen.findByRole('region', { name: '逾期未完成' });
    expect(within(overdue).getByText('12 项')).toBeInTheDocument();
    expect(within(overdue).getByRole('link', { name: 'GS-ZG-019' })).toHaveAttribute(
      'href',
      '/ledger/item-1',
    );
    expect(within(overdue).getByText('已逾期 30 天')).toBeInTheDocument();
    expect(within(overdue).getByRole('link', { name: '查看全部 12 项' })).toHaveAttribute(
      'href',
      '/ledger?overdue=true',
    );

    const dueSoon = screen.getByRole('region', { name: '临近整改时限' });
    expect(within(dueSoon).getByText('2026-12-04 到期（剩 5 天）')).toBeInTheDocument();

    const notices = screen.getByRole('region', { name: '待反馈的督办' });
    expect(within(notices).getByText('挂牌督办')).toBeInTheDocument();
    expect(within(notices).getByText('1 件')).toBeInTheDocument();
    expect(within(notices).getByRole('link', { name: '去处理' })).toHaveAttribute('href', '/supervision');

    const toSign = screen.getByRole('region', { name: '待签字的销号申请' });
    expect(within(toSign).getByText('今日到期')).toBeInTheDocument();
    expect(within(toSign).getByRole('link', { name: '去处理' })).toHaveAttribute('href', '/todo');
  });

  test('filters unread, marks one and all read', async () => {
    const first = buildNotification();
    const second = buildNotification();
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('COORDINATOR') }),
      'GET /api/notifications/unread-count': ok({ count: 2 }),
      'GET /api/notifications': ok(list([first, second], 2)),
      'POST /api/notifications/:id/read': ({ params }) =>
        ok({ notification: { ...first, id: params.id, readAt: '2026-11-29T03:00:00.000Z' } }),
      'POST /api/notifications/read-all': ok({ updated: 2 }),
    });
    const user = setupUser();
    renderApp('/notifications');

    await user.click(await screen.findByText('未读（2）'));
    await waitFor(() =>
      expect(server!.calls('GET /api/notifications').at(-1)!.query.get('unread')).toBe('true'),
    );

    const cards = await screen.findAllByRole('button', { name: '标为已读' });
    await user.click(cards[1]!);
    await waitFor(() =>
      expect(server!.calls('POST /api/notifications/:id/read')[0]!.params.id).toBe(second.id),
    );

    await user.click(screen.getByRole('button', { name: '全部标为已读' }));
    expect(await screen.findByText('已将 2 条消息标为已读')).toBeInTheDocument();
    expect(server.calls('POST /api/notifications/read-all')).toHaveLength(1);
  });

  test('with nothing yet, says when the digest will come', async () => {
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser('AUDITOR') }),
      'GET /api/notifications/unread-count': ok({ count: 0 }),
      'GET /api/notifications': ok(list([], 0)),
    });
    renderApp('/notifications');
    expect(await screen.findByText('暂无消息。每天的整改预警日报会出现在这里。')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '消息通知' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '全部标为已读' })).toBeDisabled();
  });
});
