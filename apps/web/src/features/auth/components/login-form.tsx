import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { loginInput, type LoginInput } from '@ledger/domain/accounts';
import { Button, Form, Input } from 'antd';
import { useState } from 'react';

import { applyServerIssues, schemaRule } from '@/lib/form';

import { useLogin } from '../api/login';
import { AuthFailure } from './auth-failure';

type LoginValues = { username?: string; password?: string };

const toInput = (values: LoginValues) => ({
  username: values.username ?? '',
  password: values.password ?? '',
});
const rule = (field: keyof LoginInput) => schemaRule(loginInput, field, toInput);

/**
 * The password step. What follows depends on the session it opens (the second factor, binding an
 * authenticator, a password change): the login page reads that from the session.
 */
export function LoginForm() {
  const [form] = Form.useForm<LoginValues>();
  const login = useLogin();
  const [failure, setFailure] = useState<Error>();

  return (
    <Form<LoginValues>
      form={form}
      name="login"
      layout="vertical"
      size="large"
      requiredMark={false}
      onFinish={(values) => {
        const parsed = loginInput.safeParse(toInput(values));
        if (!parsed.success) return;
        setFailure(undefined);
        login.mutate(parsed.data, {
          onError: (error) => {
            if (applyServerIssues(form, error).length > 0) setFailure(error);
          },
        });
      }}
    >
      {failure && <AuthFailure error={failure} />}
      <Form.Item label="账号" name="username" rules={[rule('username')]}>
        <Input prefix={<UserOutlined />} autoComplete="username" autoCapitalize="off" autoFocus />
      </Form.Item>
      <Form.Item label="密码" name="password" rules={[rule('password')]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending}>
          登录
        </Button>
      </Form.Item>
    </Form>
  );
}
