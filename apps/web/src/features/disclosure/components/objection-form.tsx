import {
  OBJECTION_CONTACT_MAX,
  OBJECTION_CONTENT_MAX,
  objectionInput,
  type ObjectionInput,
} from '@ledger/domain/public';
import { Alert, Button, Flex, Form, Input, Result } from 'antd';
import { useState } from 'react';

import { ApiError } from '@/lib/api-client';
import { applyServerIssues, schemaRule } from '@/lib/form';

import { useFileObjection } from '../api/file-objection';

type Values = { content?: string; contact?: string };

// An untouched field is undefined in antd; the schema reads it as the empty text it looks like.
const toInput = (values: Values) => ({ content: values.content ?? '', contact: values.contact });

/** What a refusal means to the person who sent the objection. */
function refusal(error: unknown, unplaced: string[]) {
  if (error instanceof ApiError && error.status === 429) {
    return { type: 'warning' as const, title: '暂时无法提交', description: error.message };
  }
  if (error instanceof ApiError && error.status === 409) {
    return { type: 'error' as const, title: '该公示已不再受理异议', description: error.message };
  }
  if (error instanceof ApiError && error.status === 404) {
    return { type: 'error' as const, title: '该公示已撤下', description: error.message };
  }
  return unplaced.length > 0
    ? { type: 'error' as const, title: '提交失败', description: unplaced.join('；') }
    : undefined;
}

/**
 * 公示异议: checked with the API's own schema before sending. The contact is optional and, as
 * the form says, used only to verify the objection — it is never published.
 */
export function ObjectionForm({ noticeId, onCancel }: { noticeId: string; onCancel?: () => void }) {
  const [form] = Form.useForm<Values>();
  const objection = useFileObjection(noticeId);
  const [problem, setProblem] = useState<ReturnType<typeof refusal>>();
  const closed = objection.error instanceof ApiError && [404, 409].includes(objection.error.status);

  if (objection.isSuccess) {
    return <Result status="success" title={objection.data.message} />;
  }

  const submit = (values: Values) => {
    setProblem(undefined);
    // The form's rules ran the same schema already; this gives the trimmed, typed input.
    const parsed = objectionInput.safeParse(toInput(values));
    if (!parsed.success) return;
    const input: ObjectionInput = parsed.data;
    objection.mutate(input, {
      onError: (error) => setProblem(refusal(error, applyServerIssues(form, error))),
    });
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      aria-label="提出异议"
      requiredMark="optional"
    >
      <Form.Item
        name="content"
        label="异议内容"
        required
        rules={[schemaRule(objectionInput, 'content', toInput)]}
      >
        <Input.TextArea
          rows={4}
          count={{ show: true, max: OBJECTION_CONTENT_MAX }}
          placeholder="请写明您认为整改不到位的情况，如地点、时间、现象"
        />
      </Form.Item>
      <Form.Item
        name="contact"
        label="联系方式"
        extra="仅用于核实情况时与您联系，不会公开。"
        rules={[schemaRule(objectionInput, 'contact', toInput)]}
      >
        <Input
          count={{ show: true, max: OBJECTION_CONTACT_MAX }}
          placeholder="电话或电子邮箱"
          autoComplete="tel"
        />
      </Form.Item>
      {problem && (
        <Alert
          type={problem.type}
          showIcon
          title={problem.title}
          description={problem.description}
          style={{ marginBottom: 16 }}
          role="alert"
        />
      )}
      <Flex gap={8} wrap>
        <Button type="primary" htmlType="submit" loading={objection.isPending} disabled={closed}>
          提交异议
        </Button>
        {onCancel && <Button onClick={onCancel}>取消</Button>}
      </Flex>
    </Form>
  );
}
