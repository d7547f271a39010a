import { PlusOutlined } from '@ant-design/icons';
import { requiresSecondFactor } from '@ledger/domain/accounts';
import type { Role } from '@ledger/domain/permissions';
import { role as roleVocabulary } from '@ledger/domain/vocabulary';
import {
  Alert,
  App,
  Button,
  Col,
  Flex,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { PageHeader } from '@/components/ui/page-header';
import { formatDateTime, formatTime } from '@/lib/format';
import { LoadError } from '@/components/ui/load-error';

import { isLocked, useUsers, type UserAccount, type UsersQuery } from '../api/get-users';
import { useResetPassword } from '../api/reset-password';
import { useResetSecondFactor } from '../api/reset-second-factor';
import { useUnlockUser } from '../api/unlock-user';
import { useUpdateUser } from '../api/update-user';
import { UserFormModal, type UnitOption } from './user-form';

const timeOrNone = (iso: string | null) => (iso ? formatDateTime(iso) : '—');

/** Whether an authenticator is bound; unbound is a warning for a role that must have one. */
function SecondFactorState({ user }: { user: UserAccount }) {
  if (user.totpEnabled) return <Tag color="success">已绑定</Tag>;
  return <Tag color={requiresSecondFactor(user.role) ? 'warning' : undefined}>未绑定</Tag>;
}

function UserStatus({ user }: { user: UserAccount }) {
  return (
    <Space size={[0, 4]} wrap>
      {user.status === 'DISABLED' ? <Tag>已停用</Tag> : <Tag color="success">正常</Tag>}
      {isLocked(user) && <Tag color="error">锁定至 {formatTime(user.lockedUntil!)}</Tag>}
      {user.mustChangePassword && <Tag color="warning">待改密</Tag>}
    </Space>
  );
}

/** What the viewer may do to accounts (三员分立: the system admin manages, the security admin unlocks and resets). */
export type UserAdminRights = {
  /** manage:user:any — create, edit, disable, reset passwords */
  manage: boolean;
  /** unlock:user:any */
  unlock: boolean;
  /** reset:second-factor:any */
  resetSecondFactor: boolean;
};

type UsersAdminProps = {
  units: UnitOption[];
  rights: UserAdminRights;
  /** The viewer's own account: the API refuses to reset one's own second factor. */
  viewerId: string;
};

/**
 * 用户管理: accounts, their role, unit and second factor; each action shown only to the admin
 * whose duty it is.
 */
export function UsersAdmin({ units, rights, viewerId }: UsersAdminProps) {
  const { message } = App.useApp();
  const [query, setQuery] = useState<UsersQuery>({ page: 1, pageSize: 20 });
  const users = useUsers(query);
  const updateUser = useUpdateUser();
  const resetPassword = useResetPassword();
  const unlockUser = useUnlockUser();
  const resetSecondFactor = useResetSecondFactor();
  const [editing, setEditing] = useState<{ user?: UserAccount } | null>(null);
  const [temporary, setTemporary] = useState<{ user: UserAccount; password: string } | null>(null);

  const filter = (change: Partial<UsersQuery>) => setQuery((current) => ({ ...current, ...change, page: 1 }));
  const failed = (error: Error) => void message.error(error.message);

  const manageActions = (user: UserAccount) => (
    <>
      <Button type="link" size="small" onClick={() => setEditing({ user })}>
        编辑
      </Button>
      <Popconfirm
        title={user.status === 'DISABLED' ? `启用 ${user.displayName}？` : `停用 ${user.displayName}？`}
        description={user.status === 'DISABLED' ? undefined : '停用后该账号不能登录，历史记录保留。'}
        okText="确定"
        cancelText="取消"
        onConfirm={() =>
          updateUser.mutate(
            { id: user.id, input: { status: user.status === 'DISABLED' ? 'ACTIVE' : 'DISABLED' } },
            {
              onSuccess: (saved) =>
                void message.success(
                  saved.status === 'DISABLED' ? `已停用 ${saved.displayName}` : `已启用 ${saved.displayName}`,
                ),
              onError: failed,
            },
          )
        }
      >
        <Button type="link" size="small" danger={user.status !== 'DISABLED'}>
          {user.status === 'DISABLED' ? '启用' : '停用'}
        </Button>
      </Popconfirm>
      <Popconfirm
        title={`重置 ${user.displayName} 的密码？`}
        description="将生成临时密码，用户下次登录时须修改。"
        okText="重置"
        cancelText="取消"
        onConfirm={() =>
          resetPassword.mutate(user.id, {
            onSuccess: ({ user: saved, temporaryPassword }) => {
              if (temporaryPassword) setTemporary({ user: saved, password: temporaryPassword });
              else void message.success(`已重置 ${saved.displayName} 的密码`);
            },
            onError: failed,
          })
        }
      >
        <Button type="link" size="small">
          重置密码
        </Button>
      </Popconfirm>
    </>
  );

  const columns: TableColumnsType<UserAccount> = [
    { key: 'username', title: '账号', dataIndex: 'username', width: 150 },
    { key: 'displayName', title: '姓名', dataIndex: 'displayName', width: 140 },
    { key: 'role', title: '角色', width: 120, render: (_, user) => roleVocabulary.label(user.role) },
    { key: 'unit', title: '所属单位', width: 130, render: (_, user) => user.unit?.name ?? '—' },
    { key: 'status', title: '状态', width: 150, render: (_, user) => <UserStatus user={user} /> },
    {
      key: 'secondFactor',
      title: '双因素认证',
      width: 110,
      render: (_, user) => <SecondFactorState user={user} />,
    },
    { key: 'lastLoginAt', title: '最近登录', width: 150, render: (_, user) => timeOrNone(user.lastLoginAt) },
  ];
  if (rights.manage || rights.unlock || rights.resetSecondFactor) {
    columns.push({
      key: 'actions',
      title: '操作',
      width: 240,
      // Always in reach, however far a narrow screen has scrolled the table sideways.
      fixed: 'right',
      render: (_, user) => (
        <Space size={0} wrap>
          {rights.manage && manageActions(user)}
          {rights.unlock && isLocked(user) && (
            <Popconfirm
              title={`解除 ${user.displayName} 的登录锁定？`}
              okText="解锁"
              cancelText="取消"
              onConfirm={() =>
                unlockUser.mutate(user.id, {
                  onSuccess: (saved) => void message.success(`已解除 ${saved.displayName} 的锁定`),
                  onError: failed,
                })
              }
            >
              <Button type="link" size="small">
                解除锁定
              </Button>
            </Popconfirm>
          )}
          {rights.resetSecondFactor && user.totpEnabled && user.id !== viewerId && (
            <Popconfirm
              title={`重置 ${user.displayName} 的双因素认证？`}
              description={
                <div style={{ maxWidth: 280 }}>
                  将解绑其身份验证器、作废全部恢复码并结束其所有登录会话。
                  {requiresSecondFactor(user.role)
                    ? '该角色须使用双因素认证，下次登录时须重新绑定身份验证器。'
                    : '之后该账号登录只需密码，可自行重新绑定。'}
                  请先当面或电话核实是本人申请（如手机遗失）。
                </div>
              }
              okText="重置"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() =>
                resetSecondFactor.mutate(user.id, {
                  onSuccess: (saved) => void message.success(`已重置 ${saved.displayName} 的双因素认证`),
                  onError: failed,
                })
              }
            >
              <Button type="link" size="small" danger>
                重置双因素认证
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    });
  }

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title="用户管理"
        actions={
          rights.manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
              新增用户
            </Button>
          )
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} md={10}>
          <Input.Search
            aria-label="搜索用户"
            placeholder="搜索账号或姓名"
            allowClear
            enterButton="搜索"
            onSearch={(value) => filter({ q: value.trim() || undefined })}
          />
        </Col>
        <Col xs={12} md={7}>
          <Select<Role>
            aria-label="角色"
            allowClear
            placeholder="全部角色"
            style={{ width: '100%' }}
            options={roleVocabulary.options}
            onChange={(value) => filter({ role: value })}
          />
        </Col>
        <Col xs={12} md={7}>
          <Select<NonNullable<UsersQuery['status']>>
            aria-label="状态"
            allowClear
            placeholder="全部状态"
            style={{ width: '100%' }}
            options={[
              { value: 'ACTIVE', label: '正常' },
              { value: 'DISABLED', label: '已停用' },
              { value: 'LOCKED', label: '已锁定' },
            ]}
            onChange={(value) => filter({ status: value })}
          />
        </Col>
      </Row>
      {users.isError && (
        <LoadError title="用户列表加载失败" error={users.error} onRetry={() => void users.refetch()} />
      )}
      <Table<UserAccount>
        rowKey="id"
        columns={columns}
        dataSource={users.data?.users}
        loading={users.isFetching}
        scroll={{ x: 1200 }}
        size="middle"
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 个账号`,
          onChange: (page, pageSize) =>
            setQuery((current) => ({ ...current, page: pageSize === current.pageSize ? page : 1, pageSize })),
        }}
      />
      <UserFormModal
        key={editing?.user?.id ?? 'new'}
        user={editing?.user}
        units={units}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          void message.success(
            editing?.user ? `已保存 ${saved.displayName}` : `已新增用户 ${saved.username}`,
          );
          setEditing(null);
        }}
      />
      {/* Mounted only while shown: once closed, the password is gone from the page too. */}
      {temporary && (
        <Modal
          title="临时密码"
          open
          onCancel={() => setTemporary(null)}
          footer={
            <Button type="primary" onClick={() => setTemporary(null)}>
              我已记下
            </Button>
          }
        >
          <Flex vertical gap={12}>
            <Typography.Text>
              {temporary.user.displayName}（{temporary.user.username}）的临时密码：
            </Typography.Text>
            <Typography.Paragraph
              copyable={{ text: temporary.password, tooltips: ['复制', '已复制'] }}
              code
              style={{ fontSize: 18, marginBottom: 0 }}
            >
              {temporary.password}
            </Typography.Paragraph>
            <Alert
              type="warning"
              showIcon
              title="此密码只显示这一次，关闭后无法再查看。请当面或通过安全渠道告知用户；用户登录后须立即修改。"
            />
          </Flex>
        </Modal>
      )}
    </Flex>
  );
}
