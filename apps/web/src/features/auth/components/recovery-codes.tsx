import { CopyOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Flex, Typography } from 'antd';
import { useState } from 'react';

import { productName } from '@/config/paths';
import { formatDateTime } from '@/lib/format';

import './recovery-codes.css';

type RecoveryCodesProps = {
  username: string;
  codes: string[];
  /** The button that leaves the codes behind, enabled once the user says they are kept. */
  doneLabel: string;
  onDone: () => void;
};

/**
 * Recovery codes, shown this once: the server keeps only their hashes. The user copies,
 * downloads or prints them and confirms before going on; then they are gone from the page.
 */
export function RecoveryCodes({ username, codes, doneLabel, onDone }: RecoveryCodesProps) {
  const { message } = App.useApp();
  const [saved, setSaved] = useState(false);
  const [issuedAt] = useState(() => new Date().toISOString());
  const heading = `${productName} · 双因素认证恢复码`;
  const asText = [
    heading,
    `账号：${username}`,
    `生成时间：${formatDateTime(issuedAt)}`,
    '每个恢复码只能使用一次；重新生成后，旧恢复码全部作废。请妥善保管，不要告诉他人。',
    '',
    ...codes.map((code, index) => `${String(index + 1).padStart(2, ' ')}. ${code}`),
    '',
  ].join('\r\n');

  const copy = () => {
    // The clipboard API exists only on HTTPS (or localhost); an intranet server may be plain HTTP.
    if (!navigator.clipboard) {
      void message.error('此浏览器不允许复制，请下载或打印恢复码');
      return;
    }
    navigator.clipboard.writeText(asText).then(
      () => void message.success('恢复码已复制'),
      () => void message.error('复制失败，请下载或打印恢复码'),
    );
  };

  const download = () => {
    // With a BOM, Windows' older Notepad reads the Chinese lines as UTF-8 too.
    const url = URL.createObjectURL(new Blob([`\uFEFF${asText}`], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `恢复码-${username}.txt`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };

  return (
    <Flex vertical gap={16}>
      <Alert
        type="warning"
        showIcon
        title="恢复码只显示这一次"
        description="手机丢失或身份验证器无法使用时，可用任一恢复码代替验证码登录，每个只能使用一次。请复制、下载或打印后妥善保管；离开本页后无法再查看。"
      />
      <section className="recovery-codes-sheet" aria-label="恢复码">
        <Typography.Title level={5} className="recovery-codes-print-title">
          {heading}（{username}）
        </Typography.Title>
        <ol className="recovery-codes">
          {codes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ol>
      </section>
      <Flex gap={8} wrap>
        <Button icon={<CopyOutlined />} onClick={copy}>
          复制
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download}>
          下载 .txt
        </Button>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </Flex>
      <Checkbox checked={saved} onChange={(event) => setSaved(event.target.checked)}>
        我已妥善保存恢复码
      </Checkbox>
      <Button type="primary" size="large" block disabled={!saved} onClick={onDone}>
        {doneLabel}
      </Button>
    </Flex>
  );
}
