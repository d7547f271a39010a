import {
  AlertOutlined,
  BarChartOutlined,
  GlobalOutlined,
  HomeOutlined,
  MenuOutlined,
  NotificationOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, theme, type MenuProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';

import { paths, productName } from '@/config/paths';

const navigation = [
  { ...paths.home, icon: <HomeOutlined /> },
  { ...paths.ledger, icon: <UnorderedListOutlined /> },
  { ...paths.dashboard, icon: <BarChartOutlined /> },
  { ...paths.supervision, icon: <AlertOutlined /> },
  { ...paths.bulletins, icon: <NotificationOutlined /> },
  { ...paths.disclosure, icon: <GlobalOutlined /> },
];

const menuItems: MenuProps['items'] = navigation.map(({ path, label, icon }) => ({ key: path, label, icon }));

/** The menu entry a page belongs to: its first path segment, so /ledger/42 still lights up 台账. */
const sectionOf = (pathname: string) => `/${pathname.split('/')[1] ?? ''}`;

export function AppLayout({ children }: { children: ReactNode }) {
  const screens = Grid.useBreakpoint();
  // Below antd's md breakpoint (768 px) a side menu would squeeze the content off a phone screen.
  const isNarrow = !screens.md;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const { token } = theme.useToken();

  const menu = (
    <nav aria-label="主导航">
      <Menu
        mode="inline"
        items={menuItems}
        selectedKeys={[sectionOf(pathname)]}
        onClick={({ key }) => {
          setDrawerOpen(false);
          void navigate(key);
        }}
        style={{ borderInlineEnd: 'none' }}
      />
    </nav>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: isNarrow ? 12 : 24,
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        {isNarrow && (
          <Button
            type="text"
            aria-label="打开导航菜单"
            icon={<MenuOutlined style={{ color: token.colorTextLightSolid }} />}
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <Link
          to={paths.home.path}
          style={{
            flex: 1,
            minWidth: 0,
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap',
            color: token.colorTextLightSolid,
            fontSize: isNarrow ? 16 : 18,
            fontWeight: 600,
          }}
        >
          {productName}
        </Link>
        <Link to={paths.login.path} style={{ color: token.colorTextLightSolid, whiteSpace: 'nowrap' }}>
          <UserOutlined /> {paths.login.label}
        </Link>
      </Layout.Header>
      <Layout>
        {isNarrow ? (
          <Drawer
            title="导航"
            placement="left"
            size={240}
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            styles={{ body: { padding: 0 } }}
          >
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider width={208} theme="light">
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: isNarrow ? 12 : 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
