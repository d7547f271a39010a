import { progressInput, type ProgressInput } from '@ledger/domain/items';
import { Alert, App, Button, DatePicker, Flex, Form, Input, InputNumber, Slider } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';

import { ApiError } from '@/lib/api-client';
import { applyServerIssues, schemaRule } from '@/lib/form';
import { ledgerToday } from '@/lib/format';

import { useCreateProgress } from '../api/create-progress';
import { useUploadEvidence } from '../api/upload-evidence';
import { EvidencePicker, type EvidenceDraft } from './evidence-picker';

type ProgressValues = { reportedOn?: Dayjs | null; content?: string; percent?: number | null };

/** The form's values as `progressInput` reads them. */
export const progressFormInput = (values: ProgressValues) => ({
  reportedOn: values.reportedOn ? values.reportedOn.format('YYYY-MM-DD') : '',
  content: values.content ?? '',
  percent: values.percent ?? null,
});
const rule = (field: keyof ProgressInput) => schemaRule(progressInput, field, progressFormInput);

type ProgressFormProps = {
  itemId: string;
  /** the completion reported last time, offered as the starting value */
  latestPercent: number | null;
  /** whether the caller may attach evidence (allowedActions has upload:evidence) */
  canUploadEvidence: boolean;
  onDone: () => void;
  /** tells the container whether closing now would cut an upload short */
  onBusyChange?: (busy: boolean) => void;
};

/**
 * 填报整改进展: a dated narrative, the completion percentage, and photos or documents as
 * evidence. The entry is saved first; its files follow one by one with their progress shown, and
 * a file that fails can be sent again without saving the entry twice.
 */
export function ProgressForm({
  itemId,
  latestPercent,
  canUploadEvidence,
  onDone,
  onBusyChange,
}: ProgressFormProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ProgressValues>();
  const reportedOn = Form.useWatch('reportedOn', form);
  const createProgress = useCreateProgress(itemId);
  const uploadEvidence = useUploadEvidence(itemId);
  const [drafts, setDrafts] = useState<EvidenceDraft[]>([]);
  /** set once the entry is saved: from then on only its files are (re)sent */
  const [savedEntryId, setSavedEntryId] = useState<string>();
  const [failure, setFailure] = useState<string[]>([]);
  const [busy, setBusyState] = useState(false);

  const setBusy = (value: boolean) => {
    setBusyState(value);
    onBusyChange?.(value);
  };
  const updateDraft = (uid: string, change: Partial<EvidenceDraft>) =>
    setDrafts((current) => current.map((draft) => (draft.uid === uid ? { ...draft, ...change } : draft)));

  const uploadFiles = async (progressEntryId: string, progressDate: string) => {
    let failed = 0;
    for (const draft of drafts.filter((candidate) => candidate.status !== 'done')) {
      updateDraft(draft.uid, { status: 'uploading', percent: 0, error: undefined });
      try {
        await uploadEvidence.mutateAsync({
          file: draft.file,
          provesDate: draft.provesDate ?? progressDate,
          progressEntryId,
          onProgress: (percent) => updateDraft(draft.uid, { percent }),
        });
        updateDraft(draft.uid, { status: 'done', percent: 100 });
      } catch (error) {
        failed += 1;
        updateDraft(draft.uid, { status: 'error', error: uploadFailure(error) });
      }
    }
    return failed;
  };

  const submit = async (values: ProgressValues) => {
    const parsed = progressInput.safeParse(progressFormInput(values));
    if (!parsed.success) return;
    setFailure([]);
    setBusy(true);
    try {
      let entryId = savedEntryId;
      if (!entryId) {
        try {
          entryId = (await createProgress.mutateAsync(parsed.data)).id;
        } catch (error) {
          setFailure(applyServerIssues(form, error));
          return;
        }
        setSavedEntryId(entryId);
      }
      const failed = await uploadFiles(entryId, parsed.data.reportedOn);
      if (failed > 0) {
        setFailure([`整改进展已保存，但有 ${failed} 个文件上传失败。可重新上传，或移除这些文件后点“完成”。`]);
        return;
      }
      void message.success(
        drafts.length > 0 ? `整改进展及 ${drafts.length} 个佐证材料已提交` : '整改进展已提交',
      );
      onDone();
    } finally {
      setBusy(false);
    }
  };

  const pendingFiles = drafts.some((draft) => draft.status !== 'done');

  return (
    <Form<ProgressValues>
      form={form}
      name="progress"
      layout="vertical"
      disabled={busy}
      initialValues={{ reportedOn: dayjs(ledgerToday()), percent: latestPercent }}
      onFinish={(values) => void submit(values)}
    >
      {failure.length > 0 && (
        <Alert
          type={savedEntryId ? 'warning' : 'error'}
          showIcon
          style={{ marginBottom: 16 }}
          title={failure.join('；')}
        />
      )}
      <Form.Item label="进展日期" name="reportedOn" required rules={[rule('reportedOn')]}>
        <DatePicker style={{ width: '100%' }} inputReadOnly allowClear={false} disabled={!!savedEntryId} />
      </Form.Item>
      <Form.Item label="进展情况" name="content" required rules={[rule('content')]}>
        <Input.TextArea
          rows={5}
          showCount
          maxLength={5_000}
          placeholder="本次整改做了什么、取得什么效果、下一步安排"
          disabled={!!savedEntryId}
        />
      </Form.Item>
      <Form.Item label="完成比例" name="percent" rules={[rule('percent')]}>
        <PercentInput disabled={!!savedEntryId} />
      </Form.Item>
      {canUploadEvidence && (
        <Form.Item label="佐证材料">
          <EvidencePicker
            drafts={drafts}
            onChange={setDrafts}
            defaultProvesDate={reportedOn?.format('YYYY-MM-DD')}
            disabled={busy}
          />
        </Form.Item>
      )}
      <Flex gap={8} justify="end" wrap>
        {savedEntryId && (
          <Button onClick={onDone} disabled={busy}>
            完成
          </Button>
        )}
        {(!savedEntryId || pendingFiles) && (
          <Button type="primary" htmlType="submit" loading={busy}>
            {savedEntryId ? '重新上传' : '提交进展'}
          </Button>
        )}
      </Flex>
    </Form>
  );
}

/** Why a file was refused, in the words of the field it concerns when the API named one. */
function uploadFailure(error: unknown): string {
  if (error instanceof ApiError && error.issues.length > 0)
    return error.issues.map((issue) => issue.message).join('；');
  return error instanceof Error ? error.message : String(error);
}

type PercentInputProps = {
  value?: number | null;
  onChange?: (value: number | null) => void;
  disabled?: boolean;
  id?: string;
};

/** A slider for the thumb, a number box for the exact value; both edit the one field. */
function PercentInput({ value, onChange, disabled, id }: PercentInputProps) {
  return (
    <Flex gap={12} align="center">
      <Slider
        style={{ flex: 1 }}
        min={0}
        max={100}
        step={5}
        value={value ?? 0}
        disabled={disabled}
        onChange={(next) => onChange?.(next)}
        aria-label="完成比例滑块"
      />
      <InputNumber<number>
        id={id}
        min={0}
        max={100}
        precision={0}
        value={value ?? null}
        disabled={disabled}
        onChange={(next) => onChange?.(next)}
        suffix="%"
        style={{ width: 96 }}
      />
    </Flex>
  );
}
