import { Card, Flex, theme, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';

import { PageLoading } from '@/components/ui/page-loading';
import { paths, productName } from '@/config/paths';
import { useSession } from '@/features/auth/api/get-session';
import { LoginForm } from '@/features/auth/components/login-form';
import { safeNext } from '@/features/auth/utils/redirect';

export default function LoginRoute() {
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get('next'));
  const session = useSession();

  if (session.isPending) return <PageLoading />;
  // Already logged in (a bookmarked login page, the back button after logging in).
  if (session.data && !session.data.mustChangePassword) return <Navigate to={next} replace />;

  return (
    <Flex
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: token.colorBgLayout }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Typography.Title level={4} style={{ textAlign: 'center' }}>
          {productName}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          用户登录
        </Typography.Paragraph>
        <LoginForm
          onLoggedIn={(user) =>
            void navigate(
              user.mustChangePassword
                ? `${paths.changePassword.path}?next=${encodeURIComponent(next)}`
                : next,
              { replace: true },
            )
          }
        />
      </Card>
    </Flex>
  );
}
