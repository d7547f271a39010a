import { issueBatchInput, issueNoticeInput } from '@ledger/domain/supervision-inputs';
import { Alert, Form, Grid, Modal, Typography } from 'antd';
import { useState } from 'react';

import { ledgerToday } from '@/lib/format';
import { applyServerIssues } from '@/lib/form';

import { useIssueBatch } from '../api/issue-batch';
import { useIssueNotice } from '../api/issue-notice';
import { defaultNoticeValues, NoticeFields, noticeInputOf, type NoticeValues } from './notice-fields';

type Target =
  /** one item: its lead unit gets the notice */
  | { kind: 'item'; item: { id: string; number: string; title: string } }
  /** a unit's chosen overdue items: one notice each, all or none */
  | {
      kind: 'batch';
      unit: { id: string; name: string };
      items: { id: string; number: string; title: string }[];
    };

type IssueModalProps = {
  target: Target | null;
  onClose: () => void;
  onDone: (count: number) => void;
};

/**
 * 下发督办: the coordinator's decision, on one item or on a unit's overdue items. Nothing goes out
 * until they confirm here.
 */
export function IssueModal({ target, onClose, onDone }: IssueModalProps) {
  const [form] = Form.useForm<NoticeValues>();
  const narrow = !Grid.useBreakpoint().md;
  const issueOne = useIssueNotice();
  const issueMany = useIssueBatch();
  const [failure, setFailure] = useState<string[]>([]);
  const schema = target?.kind === 'batch' ? issueBatchInput(ledgerToday) : issueNoticeInput(ledgerToday);

  const submit = (values: NoticeValues) => {
    if (!target) return;
    setFailure([]);
    const input = noticeInputOf(values) as { level: 'YELLOW' | 'RED'; reason: string; responseDueOn: string };
    // A refusal of the batch names each item that does not fit by its number: shown as a list.
    const onError = (error: unknown) => setFailure(applyServerIssues(form, error));
    if (target.kind === 'item') {
      issueOne.mutate({ itemId: target.item.id, input }, { onSuccess: () => onDone(1), onError });
    } else {
      issueMany.mutate(
        { unitId: target.unit.id, itemIds: target.items.map((item) => item.id), ...input },
        { onSuccess: (result) => onDone(result.notices.length), onError },
      );
    }
  };

  return (
    <Modal
      title="下发督办"
      open={target !== null}
      onCancel={onClose}
      okText="确认下发"
      cancelText="取消"
      confirmLoading={issueOne.isPending || issueMany.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<NoticeValues>
        form={form}
        name="issue-notice"
        layout="vertical"
        preserve={false}
        initialValues={defaultNoticeValues()}
        onFinish={submit}
      >
        <Typography.Paragraph>
          {target?.kind === 'batch'
            ? `向${target.unit.name}下发督办，共 ${target.items.length} 个逾期事项（每个事项一份督办单）：${target.items
                .slice(0, 10)
                .map((item) => item.number)
                .join('、')}${target.items.length > 10 ? ' 等' : ''}`
            : target
              ? `事项 ${target.item.number}（${target.item.title}），督办单发给其牵头单位。`
              : null}
        </Typography.Paragraph>
        <NoticeFields schema={schema} narrow={narrow} />
        {failure.length > 0 && (
          <Alert
            type="error"
            showIcon
            title="未下发督办"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {failure.map((message, index) => (
                  <li key={index}>{message}</li>
                ))}
              </ul>
            }
          />
        )}
      </Form>
    </Modal>
  );
}
