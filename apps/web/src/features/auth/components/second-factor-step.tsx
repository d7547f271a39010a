import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useLocation } from 'react-router';

import type { SessionUser } from '../api/get-session';
import { useVerifySecondFactor } from '../api/verify-second-factor';
import { LogoutButton } from './logout-button';
import { SecondFactorCodeForm } from './second-factor-code-form';

/**
 * The login's second step, after the password: the authenticator's code, or one of the recovery
 * codes when the phone is not at hand. 返回 ends the half session and starts the login over.
 */
export function SecondFactorStep({ user }: { user: SessionUser }) {
  const verify = useVerifySecondFactor();
  const location = useLocation();
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);

  return (
    <>
      <Typography.Paragraph>
        {useRecoveryCode
          ? `${user.displayName}，请输入一个未使用过的恢复码。`
          : `${user.displayName}，请打开手机上的身份验证器，输入“${user.username}”当前显示的 6 位验证码。`}
      </Typography.Paragraph>
      {useRecoveryCode ? (
        <SecondFactorCodeForm
          key="recovery-code"
          kind="recoveryCode"
          submitLabel="验证"
          onSubmit={(input) => verify.mutateAsync(input)}
        />
      ) : (
        <SecondFactorCodeForm key="code" submitLabel="验证" onSubmit={(input) => verify.mutateAsync(input)} />
      )}
      <Flex justify="space-between">
        <Button type="link" style={{ padding: 0 }} onClick={() => setUseRecoveryCode(!useRecoveryCode)}>
          {useRecoveryCode ? '使用验证码' : '使用恢复码'}
        </Button>
        {/* To this page again: it shows the password step once it re-reads the ended session. */}
        <LogoutButton label="返回" navigateTo={`${location.pathname}${location.search}`} />
      </Flex>
    </>
  );
}
