import { describeNoticePeriod } from '@ledger/domain/calendar';
import type { PublicNotice } from '@ledger/domain/public';
import { itemKind } from '@ledger/domain/vocabulary';
import { Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';

import { ledgerToday } from '@/lib/format';
import { LoadError } from '@/components/ui/load-error';

import { usePublicNotices } from '../api/get-public-notices';
import { EvidenceLinks } from './evidence-links';
import { ObjectionForm } from './objection-form';
import { Field } from './field';
import { SampleTag } from './public-tags';

function NoticeCard({ notice }: { notice: PublicNotice }) {
  const [objecting, setObjecting] = useState(false);
  const { item } = notice;
  return (
    <Card
      size="small"
      role="article"
      aria-label={`${item.number} ${item.title}`}
      title={
        <Flex vertical gap={4} style={{ whiteSpace: 'normal', paddingBlock: 8 }}>
          <Typography.Text type="secondary">{item.number}</Typography.Text>
          <span>{item.title}</span>
        </Flex>
      }
      extra={<Tag color="cyan">公示中</Tag>}
    >
      <Flex vertical gap={12}>
        <Flex wrap gap={4}>
          <Tag>{itemKind.label(item.kind)}</Tag>
          <SampleTag isSample={item.isSample} />
        </Flex>
        <Field label="公示期">{describeNoticePeriod(notice)}</Field>
        <Field label="牵头单位">{item.leadUnit}</Field>
        <Field label={item.kind === 'TASK' ? '反馈问题' : '交办问题基本情况'}>{item.problem}</Field>
        <Field label="整改情况">{notice.rectification}</Field>
        {notice.evidence.length > 0 && (
          <Field label="整改佐证">
            <EvidenceLinks files={notice.evidence} />
          </Field>
        )}
        {notice.url && (
          <Typography.Link href={notice.url} target="_blank" rel="noopener noreferrer">
            查看公示原文
          </Typography.Link>
        )}
        {notice.acceptingObjections ? (
          objecting ? (
            <ObjectionForm noticeId={notice.id} onCancel={() => setObjecting(false)} />
          ) : (
            <Button onClick={() => setObjecting(true)} style={{ alignSelf: 'flex-start' }}>
              对此事项提出异议
            </Button>
          )
        ) : (
          <Typography.Text type="secondary">
            {ledgerToday() < notice.startsOn
              ? `公示将于 ${notice.startsOn} 开始，届时可提出异议`
              : '公示期已满，不再受理异议'}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}

/** 销号公示: closures in public notice; anyone may object while the period runs. */
export function PublicNotices() {
  const notices = usePublicNotices();

  if (notices.isPending) return <Skeleton active />;
  if (notices.isError) {
    return (
      <LoadError title="公示信息加载失败" error={notices.error} onRetry={() => void notices.refetch()} />
    );
  }
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        以下事项已完成整改并通过验收，现予公示。公示期内，如对整改情况有异议，可在此提出，我们将及时核实处理。
      </Typography.Paragraph>
      {notices.data.notices.length === 0 && <Empty description="目前没有正在公示的事项" />}
      {notices.data.notices.map((notice) => (
        <NoticeCard key={notice.id} notice={notice} />
      ))}
    </Flex>
  );
}
