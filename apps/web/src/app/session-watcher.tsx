import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { sessionQueryKey } from '@/features/auth/api/get-session';
import { ApiError, isPasswordChangePending } from '@/lib/api-client';

/**
 * Any request can be the first to learn that the session is over (idle timeout, logout in another
 * tab) or that a password change is now required (an admin reset it). The session query is told,
 * and the route guard sends the user to the login or password page, bringing them back afterwards.
 */
export function SessionWatcher() {
  const queryClient = useQueryClient();

  useEffect(() => {
    const react = (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) {
        queryClient.setQueryData(sessionQueryKey, null);
      } else if (isPasswordChangePending(error)) {
        void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
      }
    };
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (
        event.type === 'updated' &&
        event.action.type === 'error' &&
        !isSessionQuery(event.query.queryKey)
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

const isSessionQuery = (key: readonly unknown[]) =>
  key[0] === sessionQueryKey[0] && key[1] === sessionQueryKey[1];
