import { Alert } from 'antd';

import { ApiError, bodyField } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';

/** A refused login step: the server's words, and for a lockout (423) until when it runs. */
export function AuthFailure({ error }: { error: Error }) {
  if (error instanceof ApiError && error.status === 423) {
    const unlocksAt = bodyField(error.body, 'unlocksAt');
    const until =
      typeof unlocksAt === 'string' && !Number.isNaN(Date.parse(unlocksAt)) ? unlocksAt : undefined;
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        title={error.message}
        description={
          until
            ? `请于 ${formatDateTime(until)} 后重试，或联系安全管理员解锁。`
            : '请稍后重试，或联系安全管理员解锁。'
        }
      />
    );
  }
  return <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error.message} />;
}
