import {
  CameraOutlined,
  CheckCircleFilled,
  DeleteOutlined,
  FileOutlined,
  PaperClipOutlined,
} from '@ant-design/icons';
import { Button, DatePicker, Flex, Progress, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef } from 'react';

import { formatSize } from '@/lib/format';

/** One file chosen for upload, with the date it proves and how its upload went. */
export type EvidenceDraft = {
  uid: string;
  file: File;
  /** 证明日期; undefined follows the progress date */
  provesDate?: string;
  status: 'waiting' | 'uploading' | 'done' | 'error';
  percent: number;
  error?: string;
  /** a local preview of a photo */
  previewUrl?: string;
};

type EvidencePickerProps = {
  drafts: EvidenceDraft[];
  onChange: (update: (drafts: EvidenceDraft[]) => EvidenceDraft[]) => void;
  /** the 证明日期 a file takes unless one is picked for it (the progress date) */
  defaultProvesDate?: string;
  disabled?: boolean;
};

/** Photos or documents from the device: what the API accepts (photos, PDF, Word, Excel, PowerPoint). */
const documentTypes = 'image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

let nextUid = 0;

export function EvidencePicker({ drafts, onChange, defaultProvesDate, disabled }: EvidencePickerProps) {
  // Previews are revoked when their file is removed, and all of them when the form goes away.
  const previews = useRef(new Set<string>());
  useEffect(() => {
    const urls = previews.current;
    return () => urls.forEach((url) => URL.revokeObjectURL(url));
  }, []);

  const add = (file: File) => {
    let previewUrl: string | undefined;
    if (file.type.startsWith('image/') && typeof URL.createObjectURL === 'function') {
      previewUrl = URL.createObjectURL(file);
      previews.current.add(previewUrl);
    }
    const draft: EvidenceDraft = {
      uid: `evidence-${++nextUid}`,
      file,
      status: 'waiting',
      percent: 0,
      previewUrl,
    };
    onChange((current) => [...current, draft]);
    // Kept out of antd's own list: this component shows and sends the files.
    return Upload.LIST_IGNORE;
  };

  const remove = (draft: EvidenceDraft) => {
    if (draft.previewUrl) {
      URL.revokeObjectURL(draft.previewUrl);
      previews.current.delete(draft.previewUrl);
    }
    onChange((current) => current.filter((candidate) => candidate.uid !== draft.uid));
  };

  const setProvesDate = (uid: string, provesDate: string | undefined) =>
    onChange((current) => current.map((draft) => (draft.uid === uid ? { ...draft, provesDate } : draft)));

  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        <Upload accept="image/*" capture="environment" multiple beforeUpload={add} disabled={disabled}>
          <Button icon={<CameraOutlined />} disabled={disabled}>
            拍照
          </Button>
        </Upload>
        <Upload accept={documentTypes} multiple beforeUpload={add} disabled={disabled}>
          <Button icon={<PaperClipOutlined />} disabled={disabled}>
            选择文件
          </Button>
        </Upload>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        照片、PDF 或 Office 文件；每个文件注明它证明的日期（默认为进展日期）。
      </Typography.Text>
      {drafts.length > 0 && (
        <ul aria-label="待上传的佐证材料" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {drafts.map((draft) => (
            <li
              key={draft.uid}
              aria-label={draft.file.name}
              style={{ padding: '8px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}
            >
              <Flex gap={8} align="start">
                {draft.previewUrl ? (
                  <img
                    src={draft.previewUrl}
                    alt={draft.file.name}
                    width={48}
                    height={48}
                    style={{ objectFit: 'cover', borderRadius: 4, flex: 'none' }}
                  />
                ) : (
                  <FileOutlined style={{ fontSize: 32, color: '#8c8c8c', padding: 8, flex: 'none' }} />
                )}
                <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
                  <Typography.Text ellipsis={{ tooltip: draft.file.name }}>
                    {draft.file.name}{' '}
                    <Typography.Text type="secondary">({formatSize(draft.file.size)})</Typography.Text>
                  </Typography.Text>
                  <Flex gap={8} align="center" wrap>
                    <label htmlFor={`${draft.uid}-date`} style={{ whiteSpace: 'nowrap' }}>
                      证明日期
                    </label>
                    <DatePicker
                      id={`${draft.uid}-date`}
                      size="small"
                      allowClear={false}
                      inputReadOnly
                      disabled={disabled || draft.status === 'done'}
                      value={
                        draft.provesDate
                          ? dayjs(draft.provesDate)
                          : defaultProvesDate
                            ? dayjs(defaultProvesDate)
                            : null
                      }
                      onChange={(date) => setProvesDate(draft.uid, date?.format('YYYY-MM-DD'))}
                    />
                    {draft.status === 'done' && (
                      <Typography.Text type="success">
                        <CheckCircleFilled /> 已上传
                      </Typography.Text>
                    )}
                  </Flex>
                  {(draft.status === 'uploading' || draft.status === 'error') && (
                    <Progress
                      percent={draft.percent}
                      size="small"
                      status={draft.status === 'error' ? 'exception' : 'active'}
                      aria-label={`${draft.file.name} 上传进度`}
                    />
                  )}
                  {draft.error && <Typography.Text type="danger">{draft.error}</Typography.Text>}
                </Flex>
                {draft.status !== 'done' && (
                  <Button
                    type="text"
                    danger
                    aria-label={`移除 ${draft.file.name}`}
                    icon={<DeleteOutlined />}
                    disabled={disabled || draft.status === 'uploading'}
                    onClick={() => remove(draft)}
                  />
                )}
              </Flex>
            </li>
          ))}
        </ul>
      )}
    </Flex>
  );
}
