import type { ImportRowAction, ImportStatus } from '@ledger/domain/imports';
import { importRowAction } from '@ledger/domain/imports';
import { importStatus } from '@ledger/domain/vocabulary';
import { Tag } from 'antd';

const statusColors: Record<ImportStatus, string> = {
  PREVIEWED: 'processing',
  INVALID: 'error',
  COMMITTING: 'processing',
  COMMITTED: 'success',
  FAILED: 'error',
};

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  return (
    <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }}>
      {importStatus.label(status)}
    </Tag>
  );
}

const actionColors: Record<ImportRowAction, string> = {
  CREATE: 'green',
  UPDATE: 'blue',
  UNCHANGED: 'default',
  ERROR: 'red',
};

/** What a row will do: 新增 / 更新 / 无变化 / 有错误. */
export function RowActionTag({ action }: { action: ImportRowAction }) {
  return (
    <Tag color={actionColors[action]} style={{ marginInlineEnd: 0 }}>
      {importRowAction.label(action)}
    </Tag>
  );
}
