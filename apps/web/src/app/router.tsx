import { useState, type ComponentType } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';

import { RouteError } from '@/components/errors/route-error';
import { PageLoading } from '@/components/ui/page-loading';
import { paths } from '@/config/paths';

import { RequirePermission, RequireSession } from './routes/guards';

// Every page is its own chunk, so the first load carries only the shell.
const page = (load: () => Promise<{ default: ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const routes: RouteObject[] = [
  {
    ErrorBoundary: RouteError,
    HydrateFallback: PageLoading,
    children: [
      { path: paths.login.path, lazy: page(() => import('./routes/login')) },
      { path: paths.changePassword.path, lazy: page(() => import('./routes/change-password')) },
      { path: paths.secondFactor.path, lazy: page(() => import('./routes/second-factor')) },
      {
        lazy: page(() => import('./routes/app/root')),
        children: [
          // The public disclosure page (公开信息) needs no login.
          { path: paths.disclosure.path, lazy: page(() => import('./routes/app/public')) },
          // Its address before it was built; links to it may be out there.
          { path: '/disclosure', element: <Navigate to={paths.disclosure.path} replace /> },
          {
            Component: RequireSession,
            children: [
              { index: true, lazy: page(() => import('./routes/app/home')) },
              {
                element: <RequirePermission anyOf={paths.todo.anyOf} />,
                children: [{ path: paths.todo.path, lazy: page(() => import('./routes/app/todo')) }],
              },
              {
                element: <RequirePermission anyOf={paths.ledger.anyOf} />,
                children: [
                  { path: paths.ledger.path, lazy: page(() => import('./routes/app/ledger/list')) },
                  {
                    element: <RequirePermission anyOf={paths.newItem.anyOf} />,
                    // A static segment: it ranks above :itemId, so "new" is never taken for an id.
                    children: [
                      { path: paths.newItem.path, lazy: page(() => import('./routes/app/ledger/new')) },
                    ],
                  },
                  {
                    path: `${paths.ledger.path}/:itemId`,
                    lazy: page(() => import('./routes/app/ledger/item')),
                  },
                  { path: paths.supervision.path, lazy: page(() => import('./routes/app/supervision')) },
                ],
              },
              {
                element: <RequirePermission anyOf={paths.bulletins.anyOf} />,
                children: [
                  { path: paths.bulletins.path, lazy: page(() => import('./routes/app/bulletins')) },
                ],
              },
              {
                element: <RequirePermission anyOf={paths.exports.anyOf} />,
                children: [{ path: paths.exports.path, lazy: page(() => import('./routes/app/exports')) }],
              },
              {
                element: <RequirePermission anyOf={paths.imports.anyOf} />,
                children: [
                  { path: paths.imports.path, lazy: page(() => import('./routes/app/imports')) },
                  // The preview has an address of its own: a reload or a shared link finds it again.
                  {
                    path: `${paths.imports.path}/:importId`,
                    lazy: page(() => import('./routes/app/imports')),
                  },
                ],
              },
              {
                element: <RequirePermission anyOf={paths.dashboard.anyOf} />,
                children: [
                  { path: paths.dashboard.path, lazy: page(() => import('./routes/app/dashboard')) },
                ],
              },
              { path: paths.notifications.path, lazy: page(() => import('./routes/app/notifications')) },
              {
                element: <RequirePermission anyOf={paths.webhookDeliveries.anyOf} />,
                children: [
                  {
                    path: paths.webhookDeliveries.path,
                    lazy: page(() => import('./routes/app/admin/webhook-deliveries')),
                  },
                ],
              },
              {
                element: <RequirePermission anyOf={paths.users.anyOf} />,
                children: [{ path: paths.users.path, lazy: page(() => import('./routes/app/admin/users')) }],
              },
              {
                element: <RequirePermission anyOf={paths.units.anyOf} />,
                children: [{ path: paths.units.path, lazy: page(() => import('./routes/app/admin/units')) }],
              },
            ],
          },
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
