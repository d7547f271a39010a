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

/**
 * Renders the whole app, routes included, as if the browser had opened `path`. Who is logged in
 * is whoever the test's API server answers for GET /api/auth/me (see `startApiServer`).
 */
export function renderApp(path = '/') {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const result = render(
    <AppProvider queryClient={testQueryClient()}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  /** The address the app shows now, as path and query. */
  const location = () => `${router.state.location.pathname}${router.state.location.search}`;
  return { ...result, router, location };
}

/**
 * Makes media queries answer as a screen `width` pixels wide (antd's Grid reads them). Without
 * it every query is false, which antd takes for the narrowest, phone-sized screen.
 */
export function setScreenWidth(width: number) {
  window.matchMedia = (query: string): MediaQueryList => {
    const min = /min-width:\s*(\d+)px/.exec(query);
    const max = /max-width:\s*(\d+)px/.exec(query);
    const matches = (!min || width >= Number(min[1])) && (!max || width <= Number(max[1]));
    return {
      matches,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    };
  };
}
