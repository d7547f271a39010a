import { App, Card, Flex, theme, Typography } from 'antd';
import { Link } from 'react-router';

import { paths, productName } from '@/config/paths';
import { LoginForm } from '@/features/auth/components/login-form';

export default function LoginRoute() {
  const { message } = App.useApp();
  const { token } = theme.useToken();

  return (
    <Flex
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: token.colorBgLayout }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Typography.Title level={4} style={{ textAlign: 'center' }}>
          {productName}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          用户登录
        </Typography.Paragraph>
        {/* POST /api/auth/login (features/auth/api/login.ts) replaces this once the API has it. */}
        <LoginForm onSubmit={() => void message.info('登录功能将在下一版本开放，敬请期待。')} />
        <Flex justify="center">
          <Link to={paths.home.path}>返回首页</Link>
        </Flex>
      </Card>
    </Flex>
  );
}
