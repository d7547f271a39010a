import {
  AlertOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  CloudDownloadOutlined,
  GlobalOutlined,
  HomeOutlined,
  ImportOutlined,
  LoginOutlined,
  NotificationOutlined,
  SendOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Flex, theme } from 'antd';
import type { ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';

import { AppLayout, type NavigationEntry } from '@/components/layouts/app-layout';
import { paths } from '@/config/paths';
import { holdsAny, useSession, type SessionUser } from '@/features/auth/api/get-session';
import { UserMenu } from '@/features/auth/components/user-menu';
import { loginPathFor } from '@/features/auth/utils/redirect';
import { NotificationBell } from '@/features/notifications/components/notification-bell';

const menu: { page: (typeof paths)[keyof typeof paths]; icon: ReactNode; public?: true }[] = [
  { page: paths.home, icon: <HomeOutlined /> },
  { page: paths.todo, icon: <CheckSquareOutlined /> },
  { page: paths.ledger, icon: <UnorderedListOutlined /> },
  { page: paths.dashboard, icon: <BarChartOutlined /> },
  { page: paths.supervision, icon: <AlertOutlined /> },
  { page: paths.bulletins, icon: <NotificationOutlined /> },
  { page: paths.exports, icon: <CloudDownloadOutlined /> },
  { page: paths.imports, icon: <ImportOutlined /> },
  { page: paths.users, icon: <TeamOutlined /> },
  { page: paths.units, icon: <ApartmentOutlined /> },
  { page: paths.webhookDeliveries, icon: <SendOutlined /> },
  { page: paths.disclosure, icon: <GlobalOutlined />, public: true },
];

/** The menu a user sees: the pages their permissions open (a visitor sees the public ones). */
function navigationFor(user: SessionUser | null | undefined): NavigationEntry[] {
  return menu
    .filter(({ page, public: isPublic }) =>
      isPublic ? true : user ? !('anyOf' in page) || holdsAny(user, page.anyOf) : false,
    )
    .map(({ page, icon }) => ({ path: page.path, label: page.label, icon }));
}

export default function AppRoot() {
  const session = useSession();
  // A login that still owes its second factor is no one yet: the header offers the login page.
  const user = session.data?.secondFactor ? null : session.data;
  const location = useLocation();
  const { token } = theme.useToken();

  return (
    <AppLayout
      navigation={navigationFor(user)}
      account={
        session.isPending ? null : user ? (
          <Flex align="center" gap={4}>
            <NotificationBell />
            <UserMenu user={user} />
          </Flex>
        ) : (
          <Link
            to={loginPathFor(location)}
            style={{ color: token.colorTextLightSolid, whiteSpace: 'nowrap' }}
          >
            <LoginOutlined /> {paths.login.label}
          </Link>
        )
      }
    >
      <Outlet />
    </AppLayout>
  );
}
