import { useMutation } from '@tanstack/react-query';

import { apiFetch } from '@/lib/api-client';

export type LoginCredentials = {
  username: string;
  password: string;
};

/**
 * POST /api/auth/login. The endpoint is not built yet; the login page wires this in once it
 * exists, and the answer's type comes with it.
 */
export const login = (credentials: LoginCredentials): Promise<unknown> =>
  apiFetch('/api/auth/login', { method: 'POST', body: credentials });

export const useLogin = () => useMutation({ mutationFn: login });
