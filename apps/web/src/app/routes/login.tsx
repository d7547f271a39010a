import { Navigate } from 'react-router';

import { StandaloneLayout } from '@/components/layouts/standalone-layout';
import { PageLoading } from '@/components/ui/page-loading';
import { useSession } from '@/features/auth/api/get-session';
import { LoginForm } from '@/features/auth/components/login-form';
import { SecondFactorStep } from '@/features/auth/components/second-factor-step';
import { pendingStepPath, useNextPath } from '@/features/auth/utils/redirect';

/**
 * 用户登录: the password, then on the same page the second factor when the account has one. What
 * the session still owes decides what shows, so a reload or the back button lands right too.
 */
export default function LoginRoute() {
  const next = useNextPath();
  const session = useSession();

  if (session.isPending) return <PageLoading />;
  const user = session.data;
  if (user && user.secondFactor !== 'verify') {
    // Logged in (a bookmarked login page, the back button), or another step of the login is due.
    return <Navigate to={pendingStepPath(user, next) ?? next} replace />;
  }

  return (
    <StandaloneLayout subtitle={user ? '双因素认证' : '用户登录'}>
      {user ? <SecondFactorStep user={user} /> : <LoginForm />}
    </StandaloneLayout>
  );
}
