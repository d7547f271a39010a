import { RECOVERY_CODE_COUNT } from '@ledger/domain/accounts';
import { role as roleVocabulary } from '@ledger/domain/vocabulary';
import { Alert, App, Button, Descriptions, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { useDisableTotp } from '../api/disable-totp';
import type { SessionUser } from '../api/get-session';
import { useRegenerateRecoveryCodes } from '../api/regenerate-recovery-codes';
import { LogoutButton } from './logout-button';
import { RecoveryCodes } from './recovery-codes';
import { SecondFactorCodeForm } from './second-factor-code-form';
import { TotpEnrolment } from './totp-enrolment';

type SecondFactorSettingsProps = {
  user: SessionUser;
  /** Where 返回 leads, and where a login that had to bind an authenticator goes on to. */
  next: string;
  onFinished: () => void;
};

type Shown =
  | { view: 'status' }
  | { view: 'enrol' }
  | { view: 'regenerate' }
  | { view: 'disable' }
  | { view: 'codes'; codes: string[]; thenFinish: boolean };

/**
 * 双因素认证: binding an authenticator (which a login of a role that needs one must do first),
 * and, once bound, new recovery codes or — for a role that may go without — turning it off.
 */
export function SecondFactorSettings({ user, next, onFinished }: SecondFactorSettingsProps) {
  const { message } = App.useApp();
  const regenerate = useRegenerateRecoveryCodes();
  const disable = useDisableTotp();
  const forced = user.secondFactor === 'enrol';
  const [shown, setShown] = useState<Shown>({ view: forced ? 'enrol' : 'status' });
  const roleName = roleVocabulary.label(user.role);

  if (shown.view === 'codes') {
    // No way out but the button: the codes are never shown again.
    return (
      <RecoveryCodes
        username={user.username}
        codes={shown.codes}
        doneLabel={shown.thenFinish ? '继续' : '完成'}
        onDone={() => {
          setShown({ view: 'status' });
          if (shown.thenFinish) onFinished();
        }}
      />
    );
  }

  const back = (
    <Button type="link" style={{ padding: 0 }} onClick={() => setShown({ view: 'status' })}>
      取消
    </Button>
  );

  return (
    <Flex vertical gap={16}>
      {shown.view === 'enrol' && (
        <>
          {forced && (
            <Alert
              type="warning"
              showIcon
              title="请先绑定身份验证器"
              description={`您的角色（${roleName}）须使用双因素认证：登录时除密码外，还要输入手机身份验证器上的验证码。绑定后才能继续使用系统。`}
            />
          )}
          <TotpEnrolment
            user={user}
            onEnrolled={(codes) => setShown({ view: 'codes', codes, thenFinish: forced })}
          />
          {!forced && back}
        </>
      )}

      {shown.view === 'status' && (
        <>
          <Descriptions
            column={1}
            size="small"
            items={[
              {
                key: 'state',
                label: '身份验证器',
                children: user.totpEnabled ? <Tag color="success">已绑定</Tag> : <Tag>未绑定</Tag>,
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {user.secondFactorRequired
              ? `您的角色（${roleName}）须使用双因素认证：登录时除密码外，还要输入手机身份验证器上的 6 位验证码。`
              : '开启后，登录时除密码外还要输入手机身份验证器上的 6 位验证码，密码泄露他人也无法登录。您的角色可自愿开启。'}
          </Typography.Paragraph>
          {user.totpEnabled ? (
            <>
              <Button block onClick={() => setShown({ view: 'regenerate' })}>
                重新生成恢复码
              </Button>
              {user.secondFactorRequired ? (
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                  更换手机或身份验证器遗失时，请联系安全管理员重置双因素认证，然后重新绑定。
                </Typography.Paragraph>
              ) : (
                <Button block danger onClick={() => setShown({ view: 'disable' })}>
                  关闭双因素认证
                </Button>
              )}
            </>
          ) : (
            <Button type="primary" size="large" block onClick={() => setShown({ view: 'enrol' })}>
              绑定身份验证器
            </Button>
          )}
        </>
      )}

      {shown.view === 'regenerate' && (
        <>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            生成 {RECOVERY_CODE_COUNT}{' '}
            个新的恢复码，原有恢复码（包括未使用的）全部作废。请输入身份验证器当前的验证码确认。
          </Typography.Paragraph>
          <SecondFactorCodeForm
            submitLabel="生成新的恢复码"
            onSubmit={(input) =>
              regenerate
                .mutateAsync(input)
                .then(({ recoveryCodes }) =>
                  setShown({ view: 'codes', codes: recoveryCodes, thenFinish: false }),
                )
            }
          />
          {back}
        </>
      )}

      {shown.view === 'disable' && (
        <>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            关闭后，登录只需密码，身份验证器和恢复码全部失效。请输入身份验证器当前的验证码确认。
          </Typography.Paragraph>
          <SecondFactorCodeForm
            submitLabel="关闭双因素认证"
            danger
            onSubmit={(input) =>
              disable.mutateAsync(input).then(() => {
                void message.success('已关闭双因素认证');
                setShown({ view: 'status' });
              })
            }
          />
          {back}
        </>
      )}

      <Flex justify="space-between">
        {forced ? <span /> : <Link to={next}>返回</Link>}
        <LogoutButton />
      </Flex>
    </Flex>
  );
}
