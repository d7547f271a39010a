import { createUserInput, unitBoundRoles } from '@ledger/domain/accounts';
import type { Role } from '@ledger/domain/permissions';
import { role as roleVocabulary } from '@ledger/domain/vocabulary';
import { Alert, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';

import { applyServerIssues, schemaRule } from '@/lib/form';

import { useCreateUser } from '../api/create-user';
import type { UserAccount } from '../api/get-users';
import { useUpdateUser } from '../api/update-user';

export type UnitOption = { id: string; name: string; disabled?: boolean };

type UserValues = {
  username?: string;
  displayName?: string;
  role?: Role;
  unitId?: string | null;
  phone?: string;
  password?: string;
};

const toInput = (values: UserValues) => ({
  username: values.username ?? '',
  displayName: values.displayName ?? '',
  role: values.role,
  unitId: values.unitId ?? null,
  phone: values.phone?.trim() ? values.phone : null,
  password: values.password ?? '',
});

/** Editing changes the profile only; the same field rules apply as when the user was created. */
const editInput = createUserInput.pick({ displayName: true, role: true, unitId: true, phone: true });
const editToInput = (values: UserValues) => {
  const { displayName, role, unitId, phone } = toInput(values);
  return { displayName, role, unitId, phone };
};

const isUnitBound = (code: Role | undefined) =>
  !!code && (unitBoundRoles as readonly string[]).includes(code);

/** A password the policy accepts: long, with all four character classes, from the browser's CSPRNG. */
export function generatePassword(length = 12): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#$%&*+=?'];
  const all = classes.join('');
  const random = new Uint32Array(length);
  crypto.getRandomValues(random);
  const chars = [...random].map((value, index) => {
    const pool = index < classes.length ? classes[index]! : all;
    return pool[value % pool.length]!;
  });
  // Shuffle so the classes are not always in the first four places.
  const order = new Uint32Array(length);
  crypto.getRandomValues(order);
  for (let i = length - 1; i > 0; i--) {
    const j = order[i]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

type UserFormModalProps = {
  /** the account to edit; absent to create one */
  user?: UserAccount;
  units: UnitOption[];
  open: boolean;
  onClose: () => void;
  onSaved: (user: UserAccount) => void;
};

/** 新增/编辑用户, validated with the API's createUserInput before sending. */
export function UserFormModal({ user, units, open, onClose, onSaved }: UserFormModalProps) {
  const [form] = Form.useForm<UserValues>();
  const createUser = useCreateUser();
  const updateUser = useUpdateUser();
  const [failure, setFailure] = useState<string[]>([]);
  const [passwordVisible, setPasswordVisible] = useState(false);
  const selectedRole = Form.useWatch('role', form);
  const editing = !!user;
  const rule = (field: keyof UserValues) =>
    editing ? schemaRule(editInput, field, editToInput) : schemaRule(createUserInput, field, toInput);

  const submit = (values: UserValues) => {
    setFailure([]);
    const onError = (error: Error) => setFailure(applyServerIssues(form, error));
    if (user) {
      const parsed = editInput.safeParse(editToInput(values));
      if (parsed.success)
        updateUser.mutate({ id: user.id, input: parsed.data }, { onSuccess: onSaved, onError });
    } else {
      const parsed = createUserInput.safeParse(toInput(values));
      if (parsed.success) createUser.mutate(parsed.data, { onSuccess: onSaved, onError });
    }
  };

  return (
    <Modal
      title={user ? `编辑用户：${user.displayName}` : '新增用户'}
      open={open}
      onCancel={onClose}
      okText="保存"
      cancelText="取消"
      confirmLoading={createUser.isPending || updateUser.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<UserValues>
        form={form}
        name="user"
        layout="vertical"
        preserve={false}
        initialValues={
          user
            ? { displayName: user.displayName, role: user.role, unitId: user.unitId, phone: user.phone ?? '' }
            : { unitId: null }
        }
        onFinish={submit}
      >
        {failure.length > 0 && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={failure.join('；')} />
        )}
        {!editing && (
          <Form.Item
            label="账号"
            name="username"
            required
            rules={[rule('username')]}
            extra="登录用，创建后不能修改"
          >
            <Input autoComplete="off" autoCapitalize="off" maxLength={64} />
          </Form.Item>
        )}
        <Form.Item label="姓名" name="displayName" required rules={[rule('displayName')]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item label="角色" name="role" required rules={[rule('role')]}>
          <Select
            placeholder="请选择角色"
            showSearch={{ optionFilterProp: 'label' }}
            options={roleVocabulary.options}
          />
        </Form.Item>
        <Form.Item
          label="所属单位"
          name="unitId"
          // Cleared is "no unit" (null), which is what the API takes.
          normalize={(value: string | undefined) => value ?? null}
          required={isUnitBound(selectedRole)}
          dependencies={['role']}
          rules={[
            rule('unitId'),
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | null | undefined) => {
                const current = getFieldValue('role') as Role | undefined;
                // The roles that act for a unit (packages/domain unitBoundRoles) must have one.
                if (isUnitBound(current) && !value)
                  throw new Error(`${roleVocabulary.label(current!)}须属于一个单位`);
              },
            }),
          ]}
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="不属于任何单位"
            options={units.map((unit) => ({ value: unit.id, label: unit.name, disabled: unit.disabled }))}
          />
        </Form.Item>
        <Form.Item label="联系电话" name="phone" rules={[rule('phone')]}>
          <Input inputMode="tel" maxLength={30} />
        </Form.Item>
        {!editing && (
          <Form.Item label="初始密码" required extra="用户首次登录时须修改此密码">
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="password" noStyle rules={[rule('password')]}>
                <Input.Password
                  autoComplete="new-password"
                  aria-label="初始密码"
                  visibilityToggle={{ visible: passwordVisible, onVisibleChange: setPasswordVisible }}
                />
              </Form.Item>
              <Button
                onClick={() => {
                  form.setFieldValue('password', generatePassword());
                  // A generated password is of use only if the admin can read it out to the user.
                  setPasswordVisible(true);
                  void form.validateFields(['password']);
                }}
              >
                生成
              </Button>
            </Space.Compact>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
