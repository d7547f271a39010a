import type { NotificationView } from '@ledger/domain/notifications';
import { App, Button, Card, Empty, Flex, Pagination, Segmented, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';

import { LoadError } from '@/components/ui/load-error';
import { PageHeader } from '@/components/ui/page-header';
import { formatDateTime } from '@/lib/format';

import { useNotifications } from '../api/get-notifications';
import { useMarkAllRead } from '../api/mark-all-read';
import { useMarkRead } from '../api/mark-read';
import { DigestView } from './digest-view';

const PAGE_SIZE = 10;

function NotificationCard({
  notification,
  highlighted,
}: {
  notification: NotificationView;
  highlighted: boolean;
}) {
  const { message } = App.useApp();
  const markRead = useMarkRead();
  const unread = !notification.readAt;
  return (
    <Card
      id={notification.id}
      size="small"
      style={highlighted ? { borderColor: '#1677ff' } : undefined}
      title={
        <Flex vertical style={{ whiteSpace: 'normal', paddingBlock: 4 }}>
          <Typography.Text strong={unread}>
            {unread && <Tag color="blue">未读</Tag>}
            {notification.title}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {formatDateTime(notification.createdAt)}
          </Typography.Text>
        </Flex>
      }
      extra={
        unread && (
          <Button
            size="small"
            loading={markRead.isPending}
            onClick={() =>
              markRead.mutate(notification.id, { onError: (error) => void message.error(error.message) })
            }
          >
            标为已读
          </Button>
        )
      }
    >
      {notification.digest ? (
        <DigestView digest={notification.digest} />
      ) : (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {notification.body}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** 消息通知: the caller's notifications (daily digests), newest first; unread ones can be filtered and marked. */
export function NotificationsPage() {
  const { message } = App.useApp();
  const { hash } = useLocation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const notifications = useNotifications({ unread: unreadOnly, page, pageSize: PAGE_SIZE });
  const markAllRead = useMarkAllRead();
  const opened = hash.slice(1);
  const unreadCount = notifications.data?.unreadCount ?? 0;

  // Opened from the bell: bring that notification into view once it is on the page.
  const shown = notifications.data?.notifications.some((entry) => entry.id === opened);
  useEffect(() => {
    if (shown) document.getElementById(opened)?.scrollIntoView?.({ block: 'start' });
  }, [opened, shown]);

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title="消息通知"
        actions={
          <Button
            disabled={unreadCount === 0}
            loading={markAllRead.isPending}
            onClick={() =>
              markAllRead.mutate(undefined, {
                onSuccess: (updated) => void message.success(`已将 ${updated} 条消息标为已读`),
                onError: (error) => void message.error(error.message),
              })
            }
          >
            全部标为已读
          </Button>
        }
      />
      <Segmented
        value={unreadOnly ? 'unread' : 'all'}
        options={[
          { value: 'all', label: '全部' },
          { value: 'unread', label: `未读（${unreadCount}）` },
        ]}
        onChange={(value) => {
          setUnreadOnly(value === 'unread');
          setPage(1);
        }}
        style={{ alignSelf: 'flex-start' }}
      />
      {notifications.isError && (
        <LoadError
          title="消息加载失败"
          error={notifications.error}
          onRetry={() => void notifications.refetch()}
        />
      )}
      {notifications.isPending && <Card loading />}
      {notifications.data?.notifications.length === 0 && (
        <Empty description={unreadOnly ? '没有未读消息' : '暂无消息。每天的整改预警日报会出现在这里。'} />
      )}
      {notifications.data?.notifications.map((notification) => (
        <NotificationCard
          key={notification.id}
          notification={notification}
          highlighted={notification.id === opened}
        />
      ))}
      {(notifications.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination
          current={page}
          pageSize={PAGE_SIZE}
          total={notifications.data?.total}
          onChange={setPage}
          showSizeChanger={false}
          size="small"
          style={{ alignSelf: 'center' }}
        />
      )}
    </Flex>
  );
}
