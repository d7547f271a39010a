import { Alert, App, Button, Card, Flex, theme, Typography } from 'antd';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';

import { PageLoading } from '@/components/ui/page-loading';
import { paths, productName } from '@/config/paths';
import { useSession } from '@/features/auth/api/get-session';
import { useLogout } from '@/features/auth/api/logout';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import { loginPathFor, safeNext } from '@/features/auth/utils/redirect';

/**
 * Standalone, like the login page: while a password change is pending the rest of the app is
 * closed (the API answers 403), so this page must not need it.
 */
export default function ChangePasswordRoute() {
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get('next'));
  const session = useSession();
  const logout = useLogout();

  if (session.isPending) return <PageLoading />;
  if (!session.data) return <Navigate to={loginPathFor(location)} replace />;
  const forced = session.data.mustChangePassword;

  return (
    <Flex
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: token.colorBgLayout }}
    >
      <Card style={{ width: '100%', maxWidth: 440 }}>
        <Typography.Title level={4} style={{ textAlign: 'center' }}>
          {productName}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          修改密码 · {session.data.displayName}
        </Typography.Paragraph>
        {forced && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="请先修改密码"
            description="这是首次登录或密码已被管理员重置，修改密码后才能继续使用系统。"
          />
        )}
        <ChangePasswordForm
          onChanged={() => {
            void message.success('密码已修改');
            void navigate(next, { replace: true });
          }}
        />
        <Flex justify="space-between">
          {forced ? <span /> : <Link to={next}>返回</Link>}
          <Button
            type="link"
            style={{ padding: 0 }}
            loading={logout.isPending}
            onClick={() =>
              logout.mutate(undefined, {
                onSuccess: () => void navigate(paths.login.path, { replace: true }),
              })
            }
          >
            退出登录
          </Button>
        </Flex>
      </Card>
    </Flex>
  );
}
