import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { isSessionQueryKey, sessionQueryKey } from '@/features/auth/api/get-session';
import { ApiError, isPasswordChangePending, isSecondFactorPending } from '@/lib/api-client';

/**
 * Any request can be the first to learn that the session is over (idle timeout, logout in another
 * tab), that a password change is now required (an admin reset it) or that the login still owes
 * its second factor. The session query is told, and the route guard sends the user to the login,
 * password or authenticator page, bringing them back afterwards.
 */
export function SessionWatcher() {
  const queryClient = useQueryClient();

  useEffect(() => {
    const react = (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) {
        queryClient.setQueryData(sessionQueryKey, null);
      } else if (isPasswordChangePending(error) || isSecondFactorPending(error)) {
        void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
      }
    };
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (
        event.type === 'updated' &&
        event.action.type === 'error' &&
        !isSessionQueryKey(event.query.queryKey)
      ) {
        react(event.action.error);
      }
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      // A failed login answers 401 too, which leaves the session what it was: none.
      if (event.type === 'updated' && event.action.type === 'error') {
        react(event.action.error);
      }
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [queryClient]);

  return null;
}
