import { Card, Flex, Typography } from 'antd';

import { HealthStatus } from '@/features/health/components/health-status';

export default function HomeRoute() {
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        概览
      </Typography.Title>
      <Card title="系统状态">
        <HealthStatus />
      </Card>
    </Flex>
  );
}
