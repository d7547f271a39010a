import { closeNoticeInput, escalateNoticeInput } from '@ledger/domain/supervision-inputs';
import type { EvidenceFileView } from '@ledger/domain/items';
import { supervisionAction, type SupervisionNoticeView } from '@ledger/domain/supervision';
import { Alert, Button, Drawer, Form, Grid, Input, Modal, Skeleton, Space } from 'antd';
import { useState } from 'react';

import { ledgerToday } from '@/lib/format';
import { applyServerIssues, schemaRule } from '@/lib/form';

import { useItemEvidence } from '../api/get-item-evidence';
import { useNoticeStep } from '../api/notice-step';
import { defaultNoticeValues, NoticeFields, noticeInputOf, type NoticeValues } from './notice-fields';
import { NoticeSummary } from './notice-summary';
import { RespondForm } from './respond-form';

type NoticeActionsProps = {
  notice: SupervisionNoticeView;
  /** the item's evidence when the item is at hand (its page); else it is loaded when answering */
  evidence?: EvidenceFileView[];
};

/** The steps the API offers the user on this notice (its allowedActions), each with its form. */
export function NoticeActions({ notice, evidence }: NoticeActionsProps) {
  const [open, setOpen] = useState<SupervisionNoticeView['allowedActions'][number] | null>(null);
  const narrow = !Grid.useBreakpoint().md;
  if (notice.allowedActions.length === 0) return null;
  const close = () => setOpen(null);
  return (
    <>
      <Space size={8} wrap>
        {notice.allowedActions.map((action) => (
          <Button
            key={action}
            size="small"
            type={action === 'escalate' ? 'default' : 'primary'}
            danger={action === 'escalate'}
            onClick={() => setOpen(action)}
          >
            {supervisionAction.label(action)}
          </Button>
        ))}
      </Space>
      <Drawer
        title={`${supervisionAction.label('respond')}：${notice.item.number}`}
        placement="right"
        size={narrow ? '100%' : 560}
        open={open === 'respond'}
        onClose={close}
        destroyOnHidden
      >
        <RespondWithEvidence notice={notice} evidence={evidence} onDone={close} />
      </Drawer>
      <EscalateModal notice={notice} open={open === 'escalate'} onClose={close} />
      <CloseModal notice={notice} open={open === 'close'} onClose={close} />
    </>
  );
}

function RespondWithEvidence({
  notice,
  evidence,
  onDone,
}: {
  notice: SupervisionNoticeView;
  evidence?: EvidenceFileView[];
  onDone: () => void;
}) {
  const loaded = useItemEvidence(notice.item.id, { enabled: evidence === undefined });
  const files = evidence ?? loaded.data;
  if (!files) {
    return loaded.isError ? (
      <Alert type="error" showIcon title="事项佐证材料加载失败" description={loaded.error.message} />
    ) : (
      <Skeleton active />
    );
  }
  return <RespondForm notice={notice} evidence={files} onDone={onDone} />;
}

/** 升级为挂牌督办: a new red notice with its own reason and date; the yellow one stays on record. */
function EscalateModal({
  notice,
  open,
  onClose,
}: {
  notice: SupervisionNoticeView;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<NoticeValues>();
  const escalate = useNoticeStep('escalate');
  const narrow = !Grid.useBreakpoint().md;
  const [failure, setFailure] = useState<string[]>([]);
  const submit = (values: NoticeValues) => {
    const { reason, responseDueOn } = noticeInputOf(values);
    escalate.mutate(
      { noticeId: notice.id, input: { reason, responseDueOn } },
      { onSuccess: onClose, onError: (error) => setFailure(applyServerIssues(form, error)) },
    );
  };
  return (
    <Modal
      title="升级为红色挂牌督办"
      open={open}
      onCancel={onClose}
      okText="确认升级"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={escalate.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<NoticeValues>
        form={form}
        name="escalate-notice"
        layout="vertical"
        preserve={false}
        initialValues={defaultNoticeValues('RED')}
        onFinish={submit}
      >
        <NoticeSummary notice={notice} />
        <div style={{ height: 12 }} />
        <NoticeFields schema={escalateNoticeInput(ledgerToday)} withLevel={false} narrow={narrow} />
        {failure.length > 0 && <Alert type="error" showIcon title={failure.join('；')} />}
      </Form>
    </Modal>
  );
}

/** 审核办结: the coordinator accepts the unit's response. */
function CloseModal({
  notice,
  open,
  onClose,
}: {
  notice: SupervisionNoticeView;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ note?: string }>();
  const closeNotice = useNoticeStep('close');
  const [failure, setFailure] = useState<string[]>([]);
  return (
    <Modal
      title="审核办结督办"
      open={open}
      onCancel={onClose}
      okText="确认办结"
      cancelText="取消"
      confirmLoading={closeNotice.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        name="close-notice"
        layout="vertical"
        preserve={false}
        onFinish={(values: { note?: string }) =>
          closeNotice.mutate(
            { noticeId: notice.id, input: { note: values.note || null } },
            { onSuccess: onClose, onError: (error) => setFailure(applyServerIssues(form, error)) },
          )
        }
      >
        <Form.Item label="单位反馈">{notice.responseText}</Form.Item>
        <Form.Item label="审核意见（选填）" name="note" rules={[schemaRule(closeNoticeInput, 'note')]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder="如：反馈属实，予以办结" />
        </Form.Item>
        {failure.length > 0 && <Alert type="error" showIcon title={failure.join('；')} />}
      </Form>
    </Modal>
  );
}
