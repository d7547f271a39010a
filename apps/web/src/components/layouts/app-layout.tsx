import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, theme } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';

import { paths, productName, productShortName } from '@/config/paths';

export type NavigationEntry = { path: string; label: string; icon?: ReactNode };

/**
 * The menu entry a page belongs to: the longest entry its address starts with, so /ledger/42
 * still lights up 台账.
 */
const sectionOf = (pathname: string, navigation: NavigationEntry[]) =>
  navigation
    .map(({ path }) => path)
    .filter((path) => pathname === path || (path !== '/' && pathname.startsWith(`${path}/`)))
    .sort((a, b) => b.length - a.length)[0] ?? pathname;

type AppLayoutProps = {
  children: ReactNode;
  /** The menu: only the pages this user may open. */
  navigation: NavigationEntry[];
  /** The header's right end: the account menu, or a login link. */
  account?: ReactNode;
};

export function AppLayout({ children, navigation, account }: AppLayoutProps) {
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
        items={navigation.map(({ path, label, icon }) => ({ key: path, label, icon }))}
        selectedKeys={[sectionOf(pathname, navigation)]}
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
          aria-label={productName}
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
          {isNarrow ? productShortName : productName}
        </Link>
        {account}
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
        {/* minWidth 0: wide tables scroll inside the content instead of widening the page. */}
        <Layout.Content style={{ padding: isNarrow ? 12 : 24, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
