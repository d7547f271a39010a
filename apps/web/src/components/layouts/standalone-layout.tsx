import { Card, Flex, theme, Typography } from 'antd';
import type { ReactNode } from 'react';

import { productName } from '@/config/paths';

type StandaloneLayoutProps = {
  /** What the page is for, under the product's name. */
  subtitle: ReactNode;
  maxWidth?: number;
  children: ReactNode;
};

/**
 * The pages of logging in (password, second factor, binding an authenticator, a forced password
 * change): one card without the app's menu, since the rest of the app is closed until they are done.
 */
export function StandaloneLayout({ subtitle, maxWidth = 400, children }: StandaloneLayoutProps) {
  const { token } = theme.useToken();
  return (
    <Flex
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: token.colorBgLayout }}
    >
      <Card style={{ width: '100%', maxWidth }}>
        <Typography.Title level={4} style={{ textAlign: 'center' }}>
          {productName}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {subtitle}
        </Typography.Paragraph>
        {children}
      </Card>
    </Flex>
  );
}
