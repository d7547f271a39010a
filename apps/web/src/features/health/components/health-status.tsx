import { Alert, Spin } from 'antd';

import { useHealth } from '../api/get-health';

const dbStateLabel = (db: string) => (db === 'ok' ? '正常' : `异常（${db}）`);

/** Whether the server and its database answer; the first thing to check when something looks wrong. */
export function HealthStatus() {
  const health = useHealth();

  if (health.isPending) return <Spin description="正在检查系统状态…" />;

  if (health.isError) {
    return <Alert type="error" showIcon title="无法获取系统状态" description={health.error.message} />;
  }

  const { status, db, message } = health.data;
  if (status === 'ok' && db === 'ok') {
    return <Alert type="success" showIcon title="系统运行正常" description={`数据库：${dbStateLabel(db)}`} />;
  }
  return (
    <Alert
      type="warning"
      showIcon
      title="系统运行异常"
      description={[`数据库：${dbStateLabel(db)}`, message].filter(Boolean).join('；')}
    />
  );
}
