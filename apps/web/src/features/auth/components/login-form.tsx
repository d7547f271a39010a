import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';

import type { LoginCredentials } from '../api/login';

type LoginFormProps = {
  onSubmit: (credentials: LoginCredentials) => void;
  submitting?: boolean;
};

export function LoginForm({ onSubmit, submitting = false }: LoginFormProps) {
  return (
    <Form<LoginCredentials>
      name="login"
      layout="vertical"
      size="large"
      onFinish={onSubmit}
      requiredMark={false}
    >
      <Form.Item
        label="用户名"
        name="username"
        rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
      >
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
      </Form.Item>
      <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>
          登录
        </Button>
      </Form.Item>
    </Form>
  );
}
