import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's title with its main actions beside it; the actions wrap below on a phone. */
export function PageHeader({ title, actions }: { title: ReactNode; actions?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {actions}
    </Flex>
  );
}
