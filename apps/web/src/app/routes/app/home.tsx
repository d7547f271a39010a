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
        {(holdsAny(user, paths.exports.anyOf) || holdsAny(user, paths.imports.anyOf)) && (
          <Col xs={24} lg={12}>
            <Card title="导出与导入">
              <Flex vertical gap={8}>
                {holdsAny(user, paths.exports.anyOf) && (
                  <Typography.Text>
                    <Link to={paths.exports.path}>{paths.exports.label}</Link>
                    ：台账页面导出 Excel、批量导出案卷，事项页面下载销号报告和案卷；批量导出的案卷在此下载。
                  </Typography.Text>
                )}
                {holdsAny(user, paths.imports.anyOf) && (
                  <Typography.Text>
                    <Link to={paths.imports.path}>{paths.imports.label}</Link>
                    ：上传 Excel 台账，预览将新增和更新的事项，确认后一次导入。
                  </Typography.Text>
                )}
              </Flex>
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
