import { DownOutlined, KeyOutlined, LogoutOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Grid, theme } from 'antd';
import { useNavigate } from 'react-router';

import { paths } from '@/config/paths';

import type { SessionUser } from '../api/get-session';
import { useLogout } from '../api/logout';

/** The header's account menu: who is logged in (name and unit), password, second factor, logout. */
export function UserMenu({ user }: { user: SessionUser }) {
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const logout = useLogout();
  const who = user.unitName ? `${user.displayName}（${user.unitName}）` : user.displayName;

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'who', label: who, disabled: true, icon: <UserOutlined /> },
          { type: 'divider' },
          { key: 'password', label: paths.changePassword.label, icon: <KeyOutlined /> },
          { key: 'second-factor', label: paths.secondFactor.label, icon: <SafetyOutlined /> },
          { key: 'logout', label: '退出登录', icon: <LogoutOutlined />, danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'password') void navigate(paths.changePassword.path);
          if (key === 'second-factor') void navigate(paths.secondFactor.path);
          if (key === 'logout') {
            logout.mutate(undefined, {
              onSuccess: () => void navigate(paths.login.path, { replace: true }),
              onError: (error) => void message.error(error.message),
            });
          }
        },
      }}
    >
      <Button
        type="text"
        aria-label={`当前用户：${who}`}
        style={{ color: token.colorTextLightSolid, maxWidth: screens.md ? 360 : 200, paddingInline: 8 }}
      >
        <UserOutlined />
        <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {screens.md ? who : user.displayName}
        </span>
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
