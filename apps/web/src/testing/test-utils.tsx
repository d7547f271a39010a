import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';

import { AppProvider } from '@/app/provider';
import { routes } from '@/app/router';
import { createQueryClient, queryConfig } from '@/lib/react-query';

// Retries would make a test of a failing request wait seconds for the same answer.
const testQueryClient = () => createQueryClient({ queries: { ...queryConfig.queries, retry: false } });

/** Renders a component inside the app's providers, with a cache of its own. */
export function renderWithProviders(ui: ReactNode) {
  return render(<AppProvider queryClient={testQueryClient()}>{ui}</AppProvider>);
}

/** Renders the whole app, routes included, as if the browser had opened `path`. */
export function renderApp(path = '/') {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const result = render(
    <AppProvider queryClient={testQueryClient()}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...result, router };
}
