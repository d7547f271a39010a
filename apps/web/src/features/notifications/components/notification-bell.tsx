import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Dropdown, Empty, Flex, Typography, theme } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { paths } from '@/config/paths';
import { formatDateTime } from '@/lib/format';

import { useNotifications } from '../api/get-notifications';
import { useUnreadCount } from '../api/get-unread-count';
import { useMarkRead } from '../api/mark-read';

/** How many of the latest notifications the bell's dropdown lists. */
const LATEST = 5;

/**
 * The header's bell: the unread count as a badge (polled, the digest comes once a day), and the
 * latest notifications in a dropdown; opening one marks it read and goes to the notification page.
 */
export function NotificationBell() {
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const latest = useNotifications({ pageSize: LATEST }, { enabled: open });
  const markRead = useMarkRead();
  const count = unread.data ?? 0;

  const panel = (
    <div
      role="dialog"
      aria-label="最新消息"
      style={{
        width: 'min(360px, calc(100vw - 24px))',
        background: token.colorBgElevated,
        borderRadius: token.borderRadiusLG,
        boxShadow: token.boxShadowSecondary,
        padding: 12,
      }}
    >
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>消息通知</Typography.Text>
        <Link to={paths.notifications.path} onClick={() => setOpen(false)}>
          查看全部
        </Link>
      </Flex>
      {latest.isPending ? (
        <Typography.Text type="secondary">加载中…</Typography.Text>
      ) : latest.isError ? (
        <Typography.Text type="danger">{latest.error.message}</Typography.Text>
      ) : latest.data.notifications.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
      ) : (
        <Flex vertical gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {latest.data.notifications.map((notification) => (
            <li key={notification.id}>
              <Button
                type="text"
                block
                style={{ height: 'auto', textAlign: 'start', whiteSpace: 'normal', padding: '6px 8px' }}
                onClick={() => {
                  if (!notification.readAt) markRead.mutate(notification.id);
                  setOpen(false);
                  void navigate(`${paths.notifications.path}#${notification.id}`);
                }}
              >
                <Flex vertical style={{ width: '100%' }}>
                  <Typography.Text strong={!notification.readAt}>
                    {!notification.readAt && <Badge status="processing" aria-label="未读" />}{' '}
                    {notification.title}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(notification.createdAt)}
                  </Typography.Text>
                </Flex>
              </Button>
            </li>
          ))}
        </Flex>
      )}
    </div>
  );

  return (
    <Dropdown
      open={open}
      onOpenChange={setOpen}
      trigger={['click']}
      popupRender={() => panel}
      placement="bottomRight"
    >
      <Button
        type="text"
        aria-label={count > 0 ? `消息通知，${count} 条未读` : '消息通知'}
        style={{ paddingInline: 8 }}
        icon={
          <Badge count={count} size="small" overflowCount={99}>
            <BellOutlined style={{ color: token.colorTextLightSolid, fontSize: 18 }} />
          </Badge>
        }
      />
    </Dropdown>
  );
}
