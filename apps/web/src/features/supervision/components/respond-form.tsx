import { PaperClipOutlined } from '@ant-design/icons';
import type { EvidenceFileView } from '@ledger/domain/items';
import type { SupervisionNoticeView } from '@ledger/domain/supervision';
import { respondNoticeInput } from '@ledger/domain/supervision-inputs';
import { Alert, Button, Checkbox, Flex, Form, Input, Typography, Upload } from 'antd';
import { useState } from 'react';

import { ledgerToday } from '@/lib/format';
import { applyServerIssues, schemaRule } from '@/lib/form';

import { useNoticeStep } from '../api/notice-step';
import { uploadItemEvidence } from '../api/upload-evidence';
import { NoticeSummary } from './notice-summary';

type RespondValues = { responseText?: string; evidenceIds?: string[] };

const toInput = (values: RespondValues) => ({
  responseText: values.responseText ?? '',
  evidenceIds: values.evidenceIds ?? [],
});

/** Photos or documents: what the API accepts as evidence. */
const documentTypes = 'image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

type RespondFormProps = {
  notice: SupervisionNoticeView;
  /** the item's evidence files, to pick from */
  evidence: EvidenceFileView[];
  onDone: () => void;
};

/**
 * 反馈督办: the unit's answer in words, with evidence of the item — files already uploaded, or
 * new ones (a photo from the phone) uploaded to the item first and then named in the answer.
 * A late answer is taken and stays marked late.
 */
export function RespondForm({ notice, evidence, onDone }: RespondFormProps) {
  const [form] = Form.useForm<RespondValues>();
  const respond = useNoticeStep('respond');
  const [uploaded, setUploaded] = useState<EvidenceFileView[]>([]);
  const [uploading, setUploading] = useState(0);
  const [failure, setFailure] = useState<string[]>([]);
  const rule = (field: keyof RespondValues) => schemaRule(respondNoticeInput, field, toInput);
  // Files filed with another notice's answer stay with it; the server says so if one is chosen.
  const files = [...evidence, ...uploaded.filter((file) => !evidence.some((known) => known.id === file.id))];

  const upload = async (file: File) => {
    setUploading((count) => count + 1);
    try {
      const view = await uploadItemEvidence(notice.item.id, file, ledgerToday());
      setUploaded((current) => [...current, view]);
      form.setFieldValue('evidenceIds', [...(form.getFieldValue('evidenceIds') ?? []), view.id]);
    } catch (error) {
      setFailure([`${file.name} 上传失败：${error instanceof Error ? error.message : String(error)}`]);
    } finally {
      setUploading((count) => count - 1);
    }
    return Upload.LIST_IGNORE;
  };

  const submit = (values: RespondValues) => {
    setFailure([]);
    respond.mutate(
      { noticeId: notice.id, input: toInput(values) },
      { onSuccess: onDone, onError: (error) => setFailure(applyServerIssues(form, error)) },
    );
  };

  return (
    <Form<RespondValues> form={form} name="respond-notice" layout="vertical" onFinish={submit}>
      <NoticeSummary notice={notice} />
      {notice.overdue && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBlock: 12 }}
          title="已超过要求反馈日期"
          description="仍可反馈，但该督办将标记为逾期反馈。"
        />
      )}
      <Form.Item label="反馈内容" name="responseText" rules={[rule('responseText')]}>
        <Input.TextArea rows={5} maxLength={5000} placeholder="整改推进情况、已采取的措施和完成时间" />
      </Form.Item>
      <Form.Item
        label="佐证材料"
        name="evidenceIds"
        rules={[rule('evidenceIds')]}
        extra="选择本事项已上传的材料，或上传新的照片、文件"
      >
        {files.length > 0 ? (
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {files.map((file) => (
              <Checkbox key={file.id} value={file.id} style={{ overflowWrap: 'anywhere' }}>
                {file.fileName}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' '}
                  （证明日期 {file.provesDate}）
                </Typography.Text>
              </Checkbox>
            ))}
          </Checkbox.Group>
        ) : (
          <Typography.Text type="secondary">本事项尚无佐证材料</Typography.Text>
        )}
      </Form.Item>
      <Flex vertical gap={8} style={{ marginBottom: 16 }}>
        <Upload accept={documentTypes} multiple showUploadList={false} beforeUpload={upload}>
          <Button icon={<PaperClipOutlined />} loading={uploading > 0}>
            上传新材料
          </Button>
        </Upload>
      </Flex>
      {failure.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="未能提交反馈"
          description={failure.join('；')}
        />
      )}
      <Button type="primary" htmlType="submit" block loading={respond.isPending} disabled={uploading > 0}>
        提交反馈
      </Button>
    </Form>
  );
}
