import { Card, Col, Flex, Row, Typography } from 'antd';
import { Link } from 'react-router';

import { paths } from '@/config/paths';
import { holdsAny, useSession } from '@/features/auth/api/get-session';
import { HealthStatus } from '@/features/health/components/health-status';
import { LedgerShortcuts } from '@/features/ledger/components/ledger-shortcuts';
import { TodoCounts } from '@/features/ledger/components/todo-list';

export default function HomeRoute() {
  const { data: user } = useSession();

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {paths.home.label}
      </Typography.Title>
      {user && <Typography.Text type="secondary">{user.displayName}，您好</Typography.Text>}
      {holdsAny(user, paths.ledger.anyOf) && <LedgerShortcuts />}
      <Row gutter={[16, 16]}>
        {holdsAny(user, paths.todo.anyOf) && (
          <Col xs={24} lg={12}>
            <Card title={<Link to={paths.todo.path}>我的待办</Link>}>
              <TodoCounts />
            </Card>
          </Col>
        )}
        {holdsAny(user, paths.dashboard.anyOf) && (
          <Col xs={24} lg={12}>
            <Card title={<Link to={paths.dashboard.path}>{paths.dashboard.label}</Link>}>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {holdsAny(user, ['read:dashboard:any']) ? '全区' : '本单位'}
                整改任务和信访件的办理情况、各牵头单位的逾期与完成率、按周累计销号进度。
              </Typography.Paragraph>
            </Card>
          </Col>
        )}
        <Col xs={24} lg={12}>
          <Card title="系统状态">
            <HealthStatus />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
