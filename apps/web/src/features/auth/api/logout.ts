import { useMutation, useQueryClient } from '@tanstack/react-query';

import { ApiError, apiFetch } from '@/lib/api-client';

import { sessionQueryKey } from './get-session';

/** POST /api/auth/logout: ends the session on the server and clears the cookie. */
export async function logout(): Promise<void> {
  try {
    await apiFetch<void>('/api/auth/logout', { method: 'POST' });
  } catch (error) {
    // An already expired session is as logged out as it gets.
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
}

export const useLogout = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      // Everything goes, the session's entry too: the page still shown keeps what it watched
      // until the caller's navigation to the login page replaces it. Overwritten instead, the
      // page's guard would at once send the user to a login that returns to the page left.
      queryClient.removeQueries();
      queryClient.setQueryData(sessionQueryKey, null);
    },
  });
};
