import type { ItemDetail } from '@ledger/domain/items';
import { itemStatus, lookBackResult, signOffDecision, verificationResult } from '@ledger/domain/vocabulary';
import {
  actionInputs,
  DEFAULT_NOTICE_WORKING_DAYS,
  DEFAULT_SIGN_STATEMENT,
} from '@ledger/domain/workflow-inputs';
import { nextStatus, outcomesOf, workflowAction, type WorkflowAction } from '@ledger/domain/workflow';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
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

import { applyServerIssues, schemaRule, type SchemaRuleOptions } from '@/lib/form';
import { formatDateTime, ledgerToday } from '@/lib/format';

import { usePerformAction } from '../api/perform-action';
import { closureEvidence } from './closure-details';
import { EvidenceFiles } from './item-timeline';

type Values = Record<string, unknown>;

/**
 * The form's values as the action's input schema reads them: only the schema's own fields (the
 * inputs are strict), dates as YYYY-MM-DD, and a field left empty (a cleared number or date)
 * left out rather than sent as null.
 */
export function actionFormInput(version: number, fields: readonly string[], values: Values): Values {
  const input: Values = { version };
  for (const field of fields) {
    const value = values[field];
    if (value === undefined || value === null) continue;
    input[field] = dayjs.isDayjs(value) ? (value as Dayjs).format('YYYY-MM-DD') : value;
  }
  return input;
}

type TextField = { label: string; placeholder: string; rows?: number };

/** The free-text fields, with what the person is asked to write. */
const textFields: Record<string, TextField> = {
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
  content: {
    label: '异议内容',
    placeholder: '电话、来信等途径收到的异议（未在公示页提交的）',
  },
};

/**
 * Where one field means something particular to the action, its name as the input schema's
 * messages use it, so that "撤回理由不能为空" stands under a field called 撤回理由.
 */
const actionTextFields: Partial<Record<WorkflowAction, Record<string, Partial<TextField>>>> = {
  withdraw_closure: { reason: { label: '撤回理由' } },
  return_request: { reason: { label: '退回理由', placeholder: '需补充或改正的内容' } },
  verify: { conclusion: { label: '验收意见', placeholder: '验收情况、结论及依据' } },
  sign_off: { statement: { label: '审签意见', placeholder: '审签意见' } },
  mark_phase_complete: { conclusion: { label: '认定意见', placeholder: '已达到的阶段性目标及后续要求' } },
  request_extension: { reason: { label: '延期理由', placeholder: '不能按期完成的原因及保障措施' } },
  refuse_extension: { reason: { label: '不予批准的理由' } },
};

/** The date fields, with the words asking for an empty one. */
const dateFields: Record<string, { label: string; whenEmpty: string; clearable?: true }> = {
  newDeadline: { label: '申请延期至', whenEmpty: '请选择申请延期至的日期', clearable: true },
  verifiedOn: { label: '验收日期', whenEmpty: '请选择验收日期' },
  inspectedOn: { label: '检查日期', whenEmpty: '请选择检查日期' },
};

/** The choice a two-way action asks for, with its label. */
const outcomeChoices: Partial<
  Record<WorkflowAction, { field: string; label: string; options: { value: string; label: string }[] }>
> = {
  verify: {
    field: 'result',
    label: '验收结论',
    options: verificationResult.options,
  },
  sign_off: {
    field: 'decision',
    label: '审签结论',
    options: signOffDecision.options,
  },
  record_lookback: {
    field: 'result',
    label: '检查结果',
    options: lookBackResult.options,
  },
};

export type ActionFormItem = Pick<
  ItemDetail,
  'id' | 'version' | 'status' | 'evidence' | 'closure' | 'extensions'
>;

type ActionFormProps = {
  /** the item as the user is looking at it; its version goes with the action */
  item: ActionFormItem;
  action: WorkflowAction;
  /** whether the item's allowedActions still offer the action (another person may have acted) */
  allowed: boolean;
  onDone: () => void;
};

/**
 * The form of one workflow action, built from its input schema in packages/domain: the fields it
 * takes, validated by the same schema the API applies. Whether the action is allowed at all is the
 * API's answer (`allowedActions`); this form only collects what the action needs.
 */
export function ActionForm({ item, action, allowed, onDone }: ActionFormProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const perform = usePerformAction(item.id);
  const [failure, setFailure] = useState<string[]>([]);
  // Once done, the answer's item no longer offers the action: no news while the drawer closes.
  const [done, setDone] = useState(false);
  const schema = actionInputs[action];
  // zod 4 keeps refinements on the object itself, so every action's input has its `shape`.
  const fields = Object.keys(schema.shape).filter((field) => field !== 'version');
  const has = (field: string) => fields.includes(field);
  // Required is what the schema refuses to go without, so the form marks exactly those fields.
  const required = (field: string) =>
    !(schema.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>)[field]!.safeParse(
      undefined,
    ).success;
  const toInput = (values: Values) => actionFormInput(item.version, fields, values);
  const rule = (field: string, options?: SchemaRuleOptions) => schemaRule(schema, field, toInput, options);
  const choice = outcomeChoices[action];
  const chosen = Form.useWatch(choice?.field ?? 'result', form) as string | undefined;

  const openObjections = (item.closure?.notice?.objections ?? []).filter(
    (objection) => objection.status === 'OPEN',
  );
  const pendingExtension = item.extensions.find((extension) => extension.status === 'REQUESTED');

  const submit = async (values: Values) => {
    const parsed = schema.safeParse(toInput(values));
    if (!parsed.success) return;
    setFailure([]);
    try {
      await perform.mutateAsync({ action, input: parsed.data as Values });
      setDone(true);
      void message.success(`已办理「${workflowAction.label(action)}」`);
      onDone();
    } catch (error) {
      // A 400 lands on its fields; anything else is said above the form. After a 409 (someone
      // acted first, or the state no longer allows this) the page behind shows the current
      // record, and the user decides again from it.
      setFailure(applyServerIssues(form, error));
    }
  };

  const today = dayjs(ledgerToday());
  const initialValues: Values = {
    // An untouched text is empty text, which the schema calls 不能为空 (rather than 必须是文字).
    ...Object.fromEntries(Object.keys(textFields).map((field) => [field, ''])),
    statement: action === 'sign' ? DEFAULT_SIGN_STATEMENT : '',
    verifiedOn: today,
    inspectedOn: today,
    onSite: false,
    // Every file of the item is offered ticked; the officer leaves out what does not belong.
    evidenceIds: item.evidence.map((file) => file.id),
  };

  // Where the item goes: read from the state machine, for the outcome chosen so far.
  const outcome = choice ? chosen : 'done';
  const after =
    outcome && outcomesOf(action).includes(outcome) ? nextStatus(item.status, action, outcome) : undefined;

  return (
    <Form<Values>
      form={form}
      name={`action-${action}`}
      layout="vertical"
      disabled={perform.isPending || !allowed}
      initialValues={Object.fromEntries(Object.entries(initialValues).filter(([field]) => has(field)))}
      onFinish={(values) => void submit(values)}
    >
      {failure.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={failure.join('；')} />
      )}
      {!allowed && !done && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`事项当前状态为「${itemStatus.label(item.status)}」，您已不能「${workflowAction.label(action)}」`}
        />
      )}

      {(action === 'sign' || action === 'return_request') && item.closure && (
        <ClosureToSign closure={item.closure} evidence={item.evidence} />
      )}
      {(action === 'approve_extension' || action === 'refuse_extension') && pendingExtension && (
        <Descriptions
          size="small"
          bordered
          column={1}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'from', label: '原整改时限', children: pendingExtension.originalDeadline },
            { key: 'to', label: '申请延期至', children: pendingExtension.requestedDeadline },
            {
              key: 'by',
              label: '申请人',
              children: `${pendingExtension.requestedBy.displayName}（${formatDateTime(pendingExtension.requestedAt)}）`,
            },
            {
              key: 'reason',
              label: '延期理由',
              children: <span style={{ whiteSpace: 'pre-wrap' }}>{pendingExtension.reason}</span>,
            },
          ]}
        />
      )}

      {choice && (
        <Form.Item
          label={choice.label}
          name={choice.field}
          required
          rules={[rule(choice.field, { whenEmpty: `请选择${choice.label}` })]}
        >
          <Radio.Group optionType="button" buttonStyle="solid" options={choice.options} />
        </Form.Item>
      )}
      {has('objectionId') && (
        <Form.Item
          label="异议"
          name="objectionId"
          required={required('objectionId')}
          rules={[rule('objectionId', { whenEmpty: '请选择要处理的异议' })]}
          extra={openObjections.length === 0 ? '公示页上暂无待处理的异议' : undefined}
        >
          <Select
            allowClear
            placeholder="选择公众提交的异议"
            options={openObjections.map((objection) => ({
              value: objection.id,
              label: `${formatDateTime(objection.receivedAt)} ${objection.content}`,
            }))}
          />
        </Form.Item>
      )}
      {Object.entries(dateFields)
        .filter(([field]) => has(field))
        .map(([field, { label, whenEmpty, clearable }]) => (
          <Form.Item
            key={field}
            label={label}
            name={field}
            required={required(field)}
            rules={[rule(field, { whenEmpty })]}
          >
            <DatePicker style={{ width: '100%' }} inputReadOnly allowClear={clearable ?? false} />
          </Form.Item>
        ))}
      {has('onSite') && (
        <Form.Item label="现场核查" name="onSite" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      )}
      {has('workingDays') && (
        <Form.Item
          label="公示期（工作日）"
          name="workingDays"
          rules={[rule('workingDays')]}
          extra={`不填则按规定天数（通常 ${DEFAULT_NOTICE_WORKING_DAYS} 个工作日，节假日顺延）`}
        >
          <InputNumber min={0} max={30} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      )}
      {has('url') && (
        // An emptied field means no link, not a malformed one.
        <Form.Item
          label="公示链接"
          name="url"
          rules={[rule('url')]}
          normalize={(value: string) => value || undefined}
        >
          <Input placeholder="https://（选填）" inputMode="url" />
        </Form.Item>
      )}
      {Object.keys(textFields)
        .filter(has)
        .map((field) => {
          const { label, placeholder, rows } = {
            ...textFields[field]!,
            ...actionTextFields[action]?.[field],
          };
          return (
            <Form.Item
              key={field}
              label={label}
              name={field}
              required={required(field)}
              rules={[rule(field)]}
            >
              <Input.TextArea
                rows={rows ?? 4}
                showCount
                maxLength={rows ? 20_000 : 2_000}
                placeholder={placeholder}
              />
            </Form.Item>
          );
        })}
      {has('evidenceIds') && (
        <Form.Item
          label="佐证材料"
          name="evidenceIds"
          required={required('evidenceIds')}
          rules={[rule('evidenceIds')]}
          extra={
            item.evidence.length === 0
              ? '本事项还没有佐证材料：请先通过“填报进展”上传照片或文件。'
              : '勾选随销号申请提交的佐证材料'
          }
        >
          <Checkbox.Group style={{ width: '100%' }}>
            <Flex vertical gap={4}>
              {item.evidence.map((file) => (
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
      {after && after !== item.status && (
        <Typography.Paragraph type="secondary">
          提交后事项状态：「{itemStatus.label(after)}」
        </Typography.Paragraph>
      )}
      <Button type="primary" htmlType="submit" block loading={perform.isPending}>
        {workflowAction.label(action)}
      </Button>
    </Form>
  );
}

/** What the unit head signs (or returns): the request as the officer submitted it, files included. */
function ClosureToSign({
  closure,
  evidence,
}: {
  closure: NonNullable<ActionFormItem['closure']>;
  evidence: ActionFormItem['evidence'];
}) {
  const attached = closureEvidence(closure, evidence);
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      layout="vertical"
      style={{ marginBottom: 16 }}
      items={[
        {
          key: 'by',
          label: '申请人',
          children: `${closure.requestedBy.displayName}（${formatDateTime(closure.requestedAt)}）`,
        },
        {
          key: 'report',
          label: '整改报告',
          children: <span style={{ whiteSpace: 'pre-wrap' }}>{closure.report}</span>,
        },
        {
          key: 'evidence',
          label: '佐证材料',
          children: attached.length > 0 ? <EvidenceFiles files={attached} /> : '—',
        },
      ]}
    />
  );
}
