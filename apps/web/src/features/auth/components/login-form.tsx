import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { loginInput, type LoginInput } from '@ledger/domain/accounts';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';

import { ApiError, bodyField } from '@/lib/api-client';
import { applyServerIssues, schemaRule } from '@/lib/form';
import { formatDateTime } from '@/lib/format';

import type { SessionUser } from '../api/get-session';
import { useLogin } from '../api/login';

type LoginFormProps = {
  onLoggedIn: (user: SessionUser) => void;
};

type LoginValues = { username?: string; password?: string };

const toInput = (values: LoginValues) => ({
  username: values.username ?? '',
  password: values.password ?? '',
});
const rule = (field: keyof LoginInput) => schemaRule(loginInput, field, toInput);

export function LoginForm({ onLoggedIn }: LoginFormProps) {
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
          onSuccess: ({ user }) => onLoggedIn(user),
          onError: (error) => {
            if (applyServerIssues(form, error).length > 0) setFailure(error);
          },
        });
      }}
    >
      {failure && <LoginFailure error={failure} />}
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

function LoginFailure({ error }: { error: Error }) {
  if (error instanceof ApiError && error.status === 423) {
    const unlocksAt = bodyField(error.body, 'unlocksAt');
    const until =
      typeof unlocksAt === 'string' && !Number.isNaN(Date.parse(unlocksAt)) ? unlocksAt : undefined;
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        title={error.message}
        description={
          until
            ? `请于 ${formatDateTime(until)} 后重试，或联系系统管理员解锁。`
            : '请稍后重试，或联系系统管理员解锁。'
        }
      />
    );
  }
  return <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error.message} />;
}
