import { useState, type ComponentType } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';

import { RouteError } from '@/components/errors/route-error';
import { PageLoading } from '@/components/ui/page-loading';
import { paths } from '@/config/paths';

import type { PlaceholderHandle } from './routes/app/placeholder';

// Every page is its own chunk, so the first load carries only the shell.
const page = (load: () => Promise<{ default: ComponentType }>) => async () => ({
  Component: (await load()).default,
});

/** Modules announced in the menu but not built yet. */
const upcoming = [paths.ledger, paths.dashboard, paths.supervision, paths.bulletins, paths.disclosure];

export const routes: RouteObject[] = [
  {
    ErrorBoundary: RouteError,
    HydrateFallback: PageLoading,
    children: [
      { path: paths.login.path, lazy: page(() => import('./routes/login')) },
      {
        lazy: page(() => import('./routes/app/root')),
        children: [
          { index: true, lazy: page(() => import('./routes/app/home')) },
          ...upcoming.map(({ path, label }) => ({
            path,
            handle: { title: label } satisfies PlaceholderHandle,
            lazy: page(() => import('./routes/app/placeholder')),
          })),
          { path: '*', lazy: page(() => import('./routes/not-found')) },
        ],
      },
    ],
  },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
