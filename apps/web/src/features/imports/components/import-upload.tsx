import { InboxOutlined } from '@ant-design/icons';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '@ledger/domain/imports';
import { Alert, Flex, Progress, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { importPath } from '@/config/paths';
import { formatSize } from '@/lib/format';

import { useUploadImport } from '../api/upload-import';

const maxMegabytes = IMPORT_MAX_BYTES / 1024 / 1024;

/** What the server would refuse anyway, said before the file is sent over a slow line. */
function refusal(file: File): string | null {
  if (!/\.xlsx$/i.test(file.name)) {
    return `「${file.name}」不是 .xlsx 文件。只能导入 Excel 工作簿（.xlsx）；.xls、.xlsm 或 WPS 文件请先另存为 .xlsx。`;
  }
  if (file.size > IMPORT_MAX_BYTES) {
    return `「${file.name}」大小为 ${formatSize(file.size)}，超过 ${maxMegabytes} MB 的上限。请删去不需要的工作表或分批导入。`;
  }
  return null;
}

/**
 * 上传台账文件: one workbook, sent with its progress shown; the server reads it and answers the
 * preview, whose page this opens. A file the server cannot take gets its reason, as it says it.
 */
export function ImportUpload() {
  const navigate = useNavigate();
  const upload = useUploadImport();
  const [file, setFile] = useState<{ name: string; percent: number } | null>(null);
  const [error, setError] = useState<{ fileName: string; message: string } | null>(null);

  const send = (chosen: File) => {
    setError(null);
    const refused = refusal(chosen);
    if (refused) {
      setError({ fileName: chosen.name, message: refused });
      return;
    }
    setFile({ name: chosen.name, percent: 0 });
    upload.mutate(
      {
        file: chosen,
        onProgress: (percent) => setFile((current) => current && { ...current, percent }),
      },
      {
        onSuccess: (view) => void navigate(importPath(view.id)),
        onError: (failure) => setError({ fileName: chosen.name, message: failure.message }),
        onSettled: () => setFile(null),
      },
    );
  };

  return (
    <Flex vertical gap={12}>
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        disabled={upload.isPending}
        beforeUpload={(chosen) => {
          send(chosen);
          // This component sends the file itself (with the session and its progress).
          return Upload.LIST_IGNORE;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击选择或将 Excel 台账文件拖到此处</p>
        <p className="ant-upload-hint">
          仅限 .xlsx，不超过 {maxMegabytes} MB、{IMPORT_MAX_ROWS.toLocaleString('zh-CN')} 行；格式与「导出
          Excel」的台账相同（整改任务、信访件两个工作表）。上传后先预览，确认后才写入台账。
        </p>
      </Upload.Dragger>
      {file && (
        <Flex vertical gap={4}>
          <Typography.Text>
            {file.percent < 100 ? `正在上传「${file.name}」` : `正在读取和检查「${file.name}」，请稍候…`}
          </Typography.Text>
          <Progress percent={file.percent} status="active" aria-label={`${file.name} 上传进度`} />
        </Flex>
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          title={`未能读取「${error.fileName}」`}
          description={error.message}
          closable={{ onClose: () => setError(null) }}
        />
      )}
    </Flex>
  );
}
