import { changePasswordInput, type ChangePasswordInput } from '@ledger/domain/accounts';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';

import { applyServerIssues, schemaRule } from '@/lib/form';

import { useChangePassword } from '../api/change-password';

type ChangePasswordValues = { currentPassword?: string; newPassword?: string; confirmPassword?: string };

const toInput = (values: ChangePasswordValues) => ({
  currentPassword: values.currentPassword ?? '',
  newPassword: values.newPassword ?? '',
});
const rule = (field: keyof ChangePasswordInput) => schemaRule(changePasswordInput, field, toInput);

export function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const [form] = Form.useForm<ChangePasswordValues>();
  const changePassword = useChangePassword();
  const [failure, setFailure] = useState<string[]>([]);

  return (
    <Form<ChangePasswordValues>
      form={form}
      name="change-password"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => {
        const parsed = changePasswordInput.safeParse(toInput(values));
        if (!parsed.success) return;
        setFailure([]);
        changePassword.mutate(parsed.data, {
          onSuccess: onChanged,
          onError: (error) => setFailure(applyServerIssues(form, error)),
        });
      }}
    >
      {failure.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={failure.join('；')} />
      )}
      <Form.Item label="当前密码" name="currentPassword" rules={[rule('currentPassword')]}>
        <Input.Password autoComplete="current-password" autoFocus />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        dependencies={['currentPassword']}
        rules={[rule('newPassword')]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string | undefined) => {
              if (!value) throw new Error('请再次输入新密码');
              if (value !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致');
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" block loading={changePassword.isPending}>
          修改密码
        </Button>
      </Form.Item>
    </Form>
  );
}
