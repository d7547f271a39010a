import type { EvidenceFileView } from '@ledger/domain/items';
import { lookBackResult, signOffDecision, verificationResult } from '@ledger/domain/vocabulary';
import {
  actionInputs,
  DEFAULT_NOTICE_WORKING_DAYS,
  DEFAULT_SIGN_STATEMENT,
} from '@ledger/domain/workflow-inputs';
import { workflowAction, type WorkflowAction } from '@ledger/domain/workflow';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';

import { ApiError } from '@/lib/api-client';
import { applyServerIssues, schemaRule } from '@/lib/form';
import { formatDateTime, ledgerToday } from '@/lib/format';

import { usePerformAction } from '../api/perform-action';

/** An objection a citizen filed during the running public notice, as the coordinator sees it. */
export type OpenObjection = { id: string; content: string; createdAt: string };

type Values = Record<string, unknown>;

/** The form's values as the action's input schema reads them (dates as YYYY-MM-DD). */
export function actionFormInput(version: number, values: Values): Values {
  const input: Values = { version };
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined) continue;
    input[field] = dayjs.isDayjs(value) ? (value as Dayjs).format('YYYY-MM-DD') : value;
  }
  return input;
}

/** Chinese names of the free-text fields, with what the person is asked to write. */
const textFields: Record<string, { label: string; placeholder: string; rows?: number }> = {
  report: {
    label: '整改报告',
    placeholder: '自查情况：整改措施落实、达到的效果、对照销号标准的结论',
    rows: 8,
  },
  reason: { label: '理由', placeholder: '请说明理由' },
  statement: { label: '签字内容', placeholder: '签字确认的内容' },
  conclusion: { label: '意见', placeholder: '结论及依据' },
  resolution: { label: '处理意见', placeholder: '核实情况与处理意见' },
  findings: { label: '检查情况', placeholder: '现场检查看到的情况' },
  note: { label: '审批意见', placeholder: '（选填）' },
  content: { label: '异议内容', placeholder: '电话、来信等途径收到的异议（未在公示页提交的）' },
};

type ActionFormProps = {
  itemId: string;
  /** the version the user is looking at; the server refuses the action if the item moved on */
  version: number;
  action: WorkflowAction;
  /** the item's evidence files, to attach to a closure request */
  evidence: EvidenceFileView[];
  /** the running notice's open objections (for the coordinator's decisions) */
  openObjections: OpenObjection[];
  onDone: () => void;
};

/**
 * The form of one workflow action, built from its input schema in packages/domain: the fields it
 * takes, validated by the same schema the API applies. Whether the action is allowed at all is the
 * API's answer (`allowedActions`); this form only collects what the action needs.
 */
export function ActionForm({ itemId, version, action, evidence, openObjections, onDone }: ActionFormProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const perform = usePerformAction(itemId);
  const [failure, setFailure] = useState<string[]>([]);
  const schema = actionInputs[action];
  // zod 4 keeps refinements on the object itself, so every action's input has its `shape`.
  const fields = Object.keys(schema.shape);
  const rule = (field: string) =>
    schemaRule(schema, field, (values: Values) => actionFormInput(version, values));

  const submit = async (values: Values) => {
    const parsed = schema.safeParse(actionFormInput(version, values));
    if (!parsed.success) return;
    setFailure([]);
    try {
      await perform.mutateAsync({ action, input: parsed.data as Values });
      void message.success(`已${workflowAction.label(action)}`);
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Someone acted first, or the state no longer allows this: the page now shows the current record.
        setFailure([error.message]);
        return;
      }
      setFailure(applyServerIssues(form, error));
    }
  };

  const today = dayjs(ledgerToday());
  return (
    <Form<Values>
      form={form}
      name={`action-${action}`}
      layout="vertical"
      disabled={perform.isPending}
      initialValues={{
        statement: action === 'sign' ? DEFAULT_SIGN_STATEMENT : undefined,
        verifiedOn: today,
        inspectedOn: today,
        onSite: false,
        result: action === 'verify' ? 'PASSED' : action === 'record_lookback' ? 'KEPT' : undefined,
        decision: action === 'sign_off' ? 'APPROVED' : undefined,
        evidenceIds: action === 'request_closure' ? evidence.map((file) => file.id) : undefined,
      }}
      onFinish={(values) => void submit(values)}
    >
      {failure.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={failure.join('；')} />
      )}

      {fields.includes('result') && action === 'verify' && (
        <Form.Item label="验收结论" name="result" required rules={[rule('result')]}>
          <Radio.Group
            optionType="button"
            options={verificationResult.codes.map((code) => ({
              value: code,
              label: verificationResult.label(code),
            }))}
          />
        </Form.Item>
      )}
      {fields.includes('result') && action === 'record_lookback' && (
        <Form.Item label="检查结果" name="result" required rules={[rule('result')]}>
          <Radio.Group
            optionType="button"
            options={lookBackResult.codes.map((code) => ({ value: code, label: lookBackResult.label(code) }))}
          />
        </Form.Item>
      )}
      {fields.includes('decision') && (
        <Form.Item label="审签结论" name="decision" required rules={[rule('decision')]}>
          <Radio.Group
            optionType="button"
            options={signOffDecision.codes.map((code) => ({
              value: code,
              label: signOffDecision.label(code),
            }))}
          />
        </Form.Item>
      )}
      {fields.includes('objectionId') && (
        <Form.Item
          label="异议"
          name="objectionId"
          required={action === 'dismiss_objection'}
          rules={[rule('objectionId')]}
          extra={openObjections.length === 0 ? '公示页上暂无待处理的异议' : undefined}
        >
          <Select
            allowClear
            placeholder="选择公众提交的异议"
            options={openObjections.map((objection) => ({
              value: objection.id,
              label: `${formatDateTime(objection.createdAt)} ${objection.content}`,
            }))}
          />
        </Form.Item>
      )}
      {fields.includes('newDeadline') && (
        <Form.Item label="申请延期至" name="newDeadline" required rules={[rule('newDeadline')]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
      )}
      {fields.includes('verifiedOn') && (
        <Form.Item label="验收日期" name="verifiedOn" required rules={[rule('verifiedOn')]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly allowClear={false} />
        </Form.Item>
      )}
      {fields.includes('inspectedOn') && (
        <Form.Item label="检查日期" name="inspectedOn" required rules={[rule('inspectedOn')]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly allowClear={false} />
        </Form.Item>
      )}
      {fields.includes('onSite') && (
        <Form.Item label="现场核查" name="onSite" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      )}
      {fields.includes('workingDays') && (
        <Form.Item
          label="公示期（工作日）"
          name="workingDays"
          rules={[rule('workingDays')]}
          extra={`不填则按规定天数（通常 ${DEFAULT_NOTICE_WORKING_DAYS} 个工作日，节假日顺延）`}
        >
          <InputNumber min={0} max={30} style={{ width: '100%' }} />
        </Form.Item>
      )}
      {fields.includes('url') && (
        <Form.Item label="公示链接" name="url" rules={[rule('url')]}>
          <Input placeholder="https://（选填）" inputMode="url" />
        </Form.Item>
      )}
      {Object.entries(textFields)
        .filter(([field]) => fields.includes(field))
        .map(([field, { label, placeholder, rows }]) => (
          <Form.Item
            key={field}
            label={action === 'verify' && field === 'conclusion' ? '验收意见' : label}
            name={field}
            required={!['note', 'content'].includes(field)}
            rules={[rule(field)]}
          >
            <Input.TextArea
              rows={rows ?? 4}
              showCount
              maxLength={rows ? 20_000 : 2_000}
              placeholder={placeholder}
            />
          </Form.Item>
        ))}
      {fields.includes('evidenceIds') && (
        <Form.Item
          label="佐证材料"
          name="evidenceIds"
          required
          rules={[rule('evidenceIds')]}
          extra={
            evidence.length === 0 ? '本事项还没有佐证材料：请先通过“填报进展”上传照片或文件。' : undefined
          }
        >
          <Checkbox.Group style={{ width: '100%' }}>
            <Flex vertical gap={4}>
              {evidence.map((file) => (
                <Checkbox key={file.id} value={file.id}>
                  {file.fileName}
                  <Typography.Text type="secondary"> （证明日期 {file.provesDate}）</Typography.Text>
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
      )}
      {action === 'sign' && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          谁签字，谁负责：签字人、签字时间和以上签字内容将记录在销号申请上，并显示在每一份相关报告中。
        </Typography.Paragraph>
      )}
      <Button type="primary" htmlType="submit" block loading={perform.isPending}>
        {workflowAction.label(action)}
      </Button>
    </Form>
  );
}
