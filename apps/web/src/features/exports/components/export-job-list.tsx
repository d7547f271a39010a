import { DownloadOutlined } from '@ant-design/icons';
import { isJobActive, type ExportJobView } from '@ledger/domain/exports';
import { jobStatus } from '@ledger/domain/vocabulary';
import { Divider, Empty, Flex, Progress, Spin, Tag, Typography } from 'antd';
import { Fragment } from 'react';

import { LoadError } from '@/components/ui/load-error';
import { formatDateTime, formatSize } from '@/lib/format';

import { useExportJobs } from '../api/get-export-jobs';

const statusColors: Record<ExportJobView['status'], string> = {
  QUEUED: 'default',
  RUNNING: 'processing',
  SUCCEEDED: 'success',
  FAILED: 'error',
};

/**
 * The caller's batch exports, newest first: what each holds, how far it has got (asked again
 * every JOB_POLL_MS while one runs), why it failed, and its file once made. Stacked lines rather
 * than a table, so they read the same on a phone.
 */
export function ExportJobList() {
  const jobs = useExportJobs();

  if (jobs.isError) {
    return <LoadError title="导出记录加载失败" error={jobs.error} onRetry={() => void jobs.refetch()} />;
  }
  if (jobs.isPending) return <Spin description="加载中…" style={{ display: 'block', padding: 48 }} />;
  if (jobs.data.jobs.length === 0) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description="还没有批量导出。在台账中勾选事项（或按筛选条件）后点「批量导出案卷」。"
      />
    );
  }
  return (
    <ul aria-label="批量导出" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {jobs.data.jobs.map((job, index) => (
        <Fragment key={job.id}>
          {index > 0 && <Divider style={{ margin: '12px 0' }} />}
          <li aria-label={job.description}>
            <ExportJob job={job} />
          </li>
        </Fragment>
      ))}
    </ul>
  );
}

function ExportJob({ job }: { job: ExportJobView }) {
  const percent = job.total ? Math.floor((job.progress / job.total) * 100) : 0;
  return (
    <Flex vertical gap={4}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>案卷批量导出</Typography.Text>
        <Tag color={statusColors[job.status]} style={{ marginInlineEnd: 0 }}>
          {jobStatus.label(job.status)}
        </Tag>
      </Flex>
      <Typography.Text>{job.description}</Typography.Text>
      <Typography.Text type="secondary">
        提交于 {formatDateTime(job.createdAt)}
        {job.finishedAt &&
          `，${job.status === 'FAILED' ? '结束' : '完成'}于 ${formatDateTime(job.finishedAt)}`}
      </Typography.Text>
      {isJobActive(job.status) && (
        <Progress
          percent={percent}
          status="active"
          aria-label={`${job.description} 导出进度`}
          format={() => (job.total === null ? '准备中' : `${job.progress}/${job.total}`)}
          style={{ maxWidth: 480, margin: 0 }}
        />
      )}
      {job.status === 'FAILED' && (
        <Typography.Text type="danger">导出失败：{job.error ?? '原因不明，请重新导出'}</Typography.Text>
      )}
      {job.file && (
        <Typography.Text>
          <a href={job.file.url} download={job.file.fileName}>
            <DownloadOutlined /> 下载 {job.file.fileName}
          </a>{' '}
          <Typography.Text type="secondary">（{formatSize(job.file.sizeBytes)}）</Typography.Text>
        </Typography.Text>
      )}
    </Flex>
  );
}
