import { Navigate, useLocation, useNavigate } from 'react-router';

import { StandaloneLayout } from '@/components/layouts/standalone-layout';
import { PageLoading } from '@/components/ui/page-loading';
import { useSession } from '@/features/auth/api/get-session';
import { SecondFactorSettings } from '@/features/auth/components/second-factor-settings';
import { loginPathFor, useNextPath } from '@/features/auth/utils/redirect';

/**
 * 双因素认证. Standalone, like the password page: a login whose role needs a second factor comes
 * here to bind an authenticator before anything else of the app opens to it.
 */
export default function SecondFactorRoute() {
  const navigate = useNavigate();
  const location = useLocation();
  const next = useNextPath();
  const session = useSession();

  if (session.isPending) return <PageLoading />;
  // A login that owes its code gives it on the login page first.
  if (!session.data || session.data.secondFactor === 'verify') {
    return <Navigate to={loginPathFor(location)} replace />;
  }

  return (
    <StandaloneLayout subtitle={`双因素认证 · ${session.data.displayName}`} maxWidth={480}>
      <SecondFactorSettings
        user={session.data}
        next={next}
        onFinished={() => void navigate(next, { replace: true })}
      />
    </StandaloneLayout>
  );
}
