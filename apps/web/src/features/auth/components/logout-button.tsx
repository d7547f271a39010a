import { App, Button } from 'antd';
import { useNavigate } from 'react-router';

import { paths } from '@/config/paths';

import { useLogout } from '../api/logout';

type LogoutButtonProps = {
  label?: string;
  /** Where to go afterwards. */
  navigateTo?: string;
};

/** A link-styled logout for the standalone login pages (the app's header has the account menu). */
export function LogoutButton({ label = '退出登录', navigateTo = paths.login.path }: LogoutButtonProps) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const logout = useLogout();
  return (
    <Button
      type="link"
      style={{ padding: 0 }}
      loading={logout.isPending}
      onClick={() =>
        logout.mutate(undefined, {
          onSuccess: () => void navigate(navigateTo, { replace: true }),
          onError: (error) => void message.error(error.message),
        })
      }
    >
      {label}
    </Button>
  );
}
