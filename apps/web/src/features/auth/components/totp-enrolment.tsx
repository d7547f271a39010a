import { Alert, Button, Flex, QRCode, Typography } from 'antd';

import { useConfirmTotpEnrolment } from '../api/confirm-totp-enrolment';
import type { SessionUser } from '../api/get-session';
import { useStartTotpEnrolment } from '../api/start-totp-enrolment';
import { SecondFactorCodeForm } from './second-factor-code-form';

/** The secret as authenticator apps ask it to be typed: groups of four. */
const groupedSecret = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

type TotpEnrolmentProps = {
  user: SessionUser;
  /** The authenticator is bound; `recoveryCodes` are shown to nobody again. */
  onEnrolled: (recoveryCodes: string[]) => void;
};

/**
 * Binding an authenticator: a new secret as a QR code (drawn here, no outside service sees it)
 * and as text for typing in, then the app's first code to prove it holds the secret.
 */
export function TotpEnrolment({ user, onEnrolled }: TotpEnrolmentProps) {
  const start = useStartTotpEnrolment();
  const confirm = useConfirmTotpEnrolment();

  if (!start.data) {
    return (
      <Flex vertical gap={12}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          请先在手机上安装支持 TOTP 的身份验证器（如 Microsoft Authenticator、Google Authenticator、FreeOTP
          等），然后生成绑定二维码并用它扫描。
        </Typography.Paragraph>
        {start.isError && <Alert type="error" showIcon title={start.error.message} />}
        <Button type="primary" size="large" block loading={start.isPending} onClick={() => start.mutate()}>
          生成绑定二维码
        </Button>
      </Flex>
    );
  }

  const { secret, otpauthUri } = start.data;
  return (
    <Flex vertical gap={12}>
      <Typography.Text strong>第一步：用身份验证器扫描二维码</Typography.Text>
      <Flex justify="center" role="img" aria-label="身份验证器绑定二维码">
        <QRCode type="svg" value={otpauthUri} size={200} errorLevel="M" bordered={false} />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        无法扫码时，在身份验证器中选择“输入设置密钥”，账号填写 {user.username}，类型选择“基于时间”，密钥为：
      </Typography.Paragraph>
      <Typography.Text
        code
        copyable={{ text: secret, tooltips: ['复制密钥', '已复制'] }}
        style={{ fontSize: 16, wordBreak: 'break-all' }}
      >
        {groupedSecret(secret)}
      </Typography.Text>
      <Typography.Text strong>第二步：输入身份验证器显示的 6 位验证码</Typography.Text>
      <SecondFactorCodeForm
        submitLabel="确认绑定"
        onSubmit={(input) =>
          confirm.mutateAsync(input).then(({ recoveryCodes }) => onEnrolled(recoveryCodes))
        }
      />
    </Flex>
  );
}
