import { Alert, App, Flex } from 'antd';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';

import { StandaloneLayout } from '@/components/layouts/standalone-layout';
import { PageLoading } from '@/components/ui/page-loading';
import { useSession } from '@/features/auth/api/get-session';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import { LogoutButton } from '@/features/auth/components/logout-button';
import { loginPathFor, pendingStepPath, useNextPath } from '@/features/auth/utils/redirect';

/**
 * Standalone, like the login page: while a password change is pending the rest of the app is
 * closed (the API answers 403), so this page must not need it.
 */
export default function ChangePasswordRoute() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const next = useNextPath();
  const session = useSession();

  if (session.isPending) return <PageLoading />;
  if (!session.data) return <Navigate to={loginPathFor(location)} replace />;
  // The second factor comes first: the API refuses a password change before it.
  if (session.data.secondFactor) {
    const here = `${location.pathname}${location.search}`;
    return <Navigate to={pendingStepPath(session.data, here)!} replace />;
  }
  const forced = session.data.mustChangePassword;

  return (
    <StandaloneLayout subtitle={`修改密码 · ${session.data.displayName}`} maxWidth={440}>
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
        <LogoutButton />
      </Flex>
    </StandaloneLayout>
  );
}
