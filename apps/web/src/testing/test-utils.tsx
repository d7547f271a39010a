import { render } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';

import { AppProvider } from '@/app/provider';
import { routes } from '@/app/router';
import { createQueryClient, queryConfig } from '@/lib/react-query';

// Retries would make a test of a failing request wait seconds for the same answer.
const testQueryClient = () => createQueryClient({ queries: { ...queryConfig.queries, retry: false } });

/**
 * The app's providers, with antd's styles left out (its zero-runtime mode): antd writes its CSS
 * into the page at run time, jsdom works through it whenever a style is read, and jsdom lays
 * nothing out, so the rules cost a quarter of the suite's time and tell a test nothing.
 */
function TestProviders({ children }: { children: ReactNode }) {
  return (
    <AppProvider queryClient={testQueryClient()}>
      <ConfigProvider theme={{ zeroRuntime: true }}>{children}</ConfigProvider>
    </AppProvider>
  );
}

/** Renders a component inside the app's providers, with a cache of its own. */
export function renderWithProviders(ui: ReactNode) {
  return render(<TestProviders>{ui}</TestProviders>);
}

/**
 * Renders the whole app, routes included, as if the browser had opened `path`. Who is logged in
 * is whoever the test's API server answers for GET /api/auth/me (see `startApiServer`).
 */
export function renderApp(path = '/') {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const result = render(
    <TestProviders>
      <RouterProvider router={router} />
    </TestProviders>,
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

/**
 * A user for the test to act as. user-event's check that an element takes pointer events reads
 * jsdom's computed styles up the whole tree on every click, for seconds per click under antd's
 * CSS; a disabled control is still refused (it is disabled in the DOM).
 */
export const setupUser = () => userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
