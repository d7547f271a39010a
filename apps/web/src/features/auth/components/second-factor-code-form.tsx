import { secondFactorInput, TOTP_SETTINGS, totpCodeInput, type TotpCodeInput } from '@ledger/domain/accounts';
import { Button, Form, Input } from 'antd';
import { useState } from 'react';

import { applyServerIssues, schemaRule } from '@/lib/form';

import { AuthFailure } from './auth-failure';

/** A recovery code in place of the authenticator's code (the second branch of secondFactorInput). */
const recoveryCodeInput = secondFactorInput.options[1];
type RecoveryCodeInput = { recoveryCode: string };

type CodeValues = { code?: string; recoveryCode?: string };

const schemas = { code: totpCodeInput, recoveryCode: recoveryCodeInput };
const pick = (field: keyof typeof schemas, values: CodeValues) => ({ [field]: values[field] ?? '' });
const rules = {
  code: [schemaRule(totpCodeInput, 'code', (values: CodeValues) => pick('code', values))],
  recoveryCode: [
    schemaRule(recoveryCodeInput, 'recoveryCode', (values: CodeValues) => pick('recoveryCode', values)),
  ],
};

/** Authenticators show the code as "123 456"; a pasted or autofilled one keeps only its digits. */
const digitsOnly = (value: string | undefined) =>
  (value ?? '').replace(/\D/g, '').slice(0, TOTP_SETTINGS.digits);

type SecondFactorCodeFormProps = { submitLabel: string; danger?: boolean } & (
  | { kind?: 'code'; onSubmit: (input: TotpCodeInput) => Promise<unknown> }
  | { kind: 'recoveryCode'; onSubmit: (input: RecoveryCodeInput) => Promise<unknown> }
);

/**
 * Asks for the authenticator's 6-digit code (sent as soon as it is complete, as phones fill it in
 * from the authenticator) or for a recovery code. A refused code is marked on its field.
 */
export function SecondFactorCodeForm({ submitLabel, danger, ...props }: SecondFactorCodeFormProps) {
  const kind = props.kind ?? 'code';
  const [form] = Form.useForm<CodeValues>();
  const [failure, setFailure] = useState<Error>();
  const [pending, setPending] = useState(false);

  const submit = (values: CodeValues) => {
    const parsed = schemas[kind].safeParse(pick(kind, values));
    if (!parsed.success || pending) return;
    setFailure(undefined);
    setPending(true);
    (props.onSubmit as (input: unknown) => Promise<unknown>)(parsed.data)
      .catch((error: Error) => {
        if (applyServerIssues(form, error).length > 0) setFailure(error);
      })
      .finally(() => setPending(false));
  };

  return (
    <Form<CodeValues>
      form={form}
      layout="vertical"
      size="large"
      requiredMark={false}
      onFinish={submit}
      onValuesChange={(changed: CodeValues) => {
        // Sent directly: form.submit() here would race the field's own validation of the change.
        if (kind === 'code' && changed.code?.length === TOTP_SETTINGS.digits) submit(changed);
      }}
    >
      {failure && <AuthFailure error={failure} />}
      {kind === 'code' ? (
        <Form.Item label="验证码" name="code" rules={rules.code} normalize={digitsOnly}>
          <Input autoComplete="one-time-code" inputMode="numeric" placeholder="6 位数字" autoFocus />
        </Form.Item>
      ) : (
        <Form.Item
          label="恢复码"
          name="recoveryCode"
          rules={rules.recoveryCode}
          extra="绑定身份验证器时保存的恢复码之一，每个只能使用一次。"
        >
          <Input
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            placeholder="XXXXX-XXXXX"
            autoFocus
          />
        </Form.Item>
      )}
      <Form.Item>
        <Button type="primary" htmlType="submit" block danger={danger} loading={pending}>
          {submitLabel}
        </Button>
      </Form.Item>
    </Form>
  );
}
