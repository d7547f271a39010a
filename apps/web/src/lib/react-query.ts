import { QueryClient, type DefaultOptions } from '@tanstack/react-query';

import { ApiError } from './api-client';

export const queryConfig = {
  queries: {
    // A 4xx will answer the same way again (bad input, no permission); 5xx and network trouble may pass.
    retry: (failureCount, error) =>
      !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
    refetchOnWindowFocus: false,
    staleTime: 60_000,
  },
} satisfies DefaultOptions;

export function createQueryClient(defaultOptions: DefaultOptions = queryConfig): QueryClient {
  return new QueryClient({ defaultOptions });
}

/** The app's one cache; tests make their own with {@link createQueryClient}. */
export const queryClient = createQueryClient();
