import type { Permission } from '@ledger/domain/permissions';
import { Button, Result } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router';

import { PageLoading } from '@/components/ui/page-loading';
import { holdsAny, useSession } from '@/features/auth/api/get-session';
import { loginPathFor, pendingStepPath } from '@/features/auth/utils/redirect';

/**
 * Pages behind a login. Without a session the user is sent to the login page, which brings them
 * back here; a login that still owes a step goes to it first: its second factor (on the login
 * page), binding an authenticator, or a password change.
 */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) return <PageLoading />;
  if (session.isError) {
    return (
      <Result
        status="error"
        title="无法获取登录状态"
        subTitle={session.error.message}
        extra={
          <Button type="primary" onClick={() => void session.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  if (!session.data) return <Navigate to={loginPathFor(location)} replace />;
  const pendingStep = pendingStepPath(session.data, `${location.pathname}${location.search}`);
  if (pendingStep) return <Navigate to={pendingStep} replace />;
  return <Outlet />;
}

/** Pages for holders of one of `anyOf` (inside {@link RequireSession}). */
export function RequirePermission({ anyOf }: { anyOf: readonly Permission[] }) {
  const { data: user } = useSession();
  if (!holdsAny(user, anyOf)) {
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle="您的账号没有访问此页面的权限，如需开通请联系系统管理员。"
      />
    );
  }
  return <Outlet />;
}
