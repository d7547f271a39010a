import { describeNoticePeriod } from '@ledger/domain/calendar';
import type { ClosureView, ExtensionView, ItemDetail } from '@ledger/domain/items';
import {
  closureRequestStatus,
  extensionStatus,
  noticePeriodStatus,
  objectionStatus,
  signOffDecision,
  verificationResult,
} from '@ledger/domain/vocabulary';
import { Card, Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';

import { formatDateTime } from '@/lib/format';

import { FieldGroup, none, paragraph, yesNo, type Field } from './field-group';
import { EvidenceFiles } from './item-timeline';

type Notice = NonNullable<ClosureView['notice']>;
type Objection = Notice['objections'][number];

const closureColors: Partial<Record<ClosureView['status'], string>> = {
  VERIFICATION_FAILED: 'error',
  VERIFIED: 'success',
  IN_NOTICE: 'cyan',
  APPROVED: 'success',
  WITHDRAWN: 'default',
  RETURNED: 'warning',
  REOPENED: 'magenta',
};

const objectionColors: Record<Objection['status'], string> = {
  OPEN: 'warning',
  UPHELD: 'error',
  DISMISSED: 'default',
};

const extensionColors: Record<ExtensionView['status'], string> = {
  REQUESTED: 'processing',
  APPROVED: 'success',
  REFUSED: 'default',
};

/** A step of the request: its heading, and its record or what it still waits for. */
function Step({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Flex vertical gap={8}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {children}
    </Flex>
  );
}

const pending = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>;

/** The files of the item that the closure request names. */
export const closureEvidence = (
  closure: Pick<ClosureView, 'evidenceIds'>,
  evidence: ItemDetail['evidence'],
) => evidence.filter((file) => closure.evidenceIds.includes(file.id));

type ClosureCardProps = {
  closure: ClosureView;
  /** the item's evidence, of which the request names some */
  evidence: ItemDetail['evidence'];
  narrow: boolean;
};

/**
 * 销号办理: the closure request under way (or the last one) step by step — the unit's report,
 * the head's signature (谁签字，谁负责: shown even before anyone signed), the verifications, the
 * public notice with its objections, the leader's sign-off.
 */
export function ClosureCard({ closure, evidence, narrow }: ClosureCardProps) {
  const attached = closureEvidence(closure, evidence);
  const request: Field[] = [
    { label: '申请人', value: closure.requestedBy.displayName },
    { label: '申请时间', value: formatDateTime(closure.requestedAt) },
    ...(closure.returnReason
      ? [
          {
            label: closure.status === 'WITHDRAWN' ? '撤回理由' : '退回理由',
            value: paragraph(closure.returnReason),
            long: true as const,
          },
        ]
      : []),
    { label: '整改报告', value: paragraph(closure.report), long: true },
    {
      label: `佐证材料（${closure.evidenceIds.length}）`,
      value: attached.length > 0 ? <EvidenceFiles files={attached} /> : none,
      long: true,
    },
  ];
  const signature: Field[] = [
    { label: '签字人', value: closure.signer ? closure.signer.displayName : pending('尚未签字') },
    { label: '签字时间', value: closure.signedAt ? formatDateTime(closure.signedAt) : none },
    { label: '签字内容', value: paragraph(closure.signedStatement), long: true },
  ];

  return (
    <Card
      title="销号办理"
      size="small"
      role="region"
      aria-label="销号办理"
      extra={<Tag color={closureColors[closure.status]}>{closureRequestStatus.label(closure.status)}</Tag>}
    >
      <Flex vertical gap={16}>
        <Step title="销号申请">
          <FieldGroup fields={request} narrow={narrow} />
        </Step>
        <Step title="单位负责人签字">
          <FieldGroup fields={signature} narrow={narrow} />
        </Step>
        <Step title="验收">
          {closure.verifications.length === 0
            ? pending('尚未验收')
            : closure.verifications.map((verification) => (
                <FieldGroup
                  key={verification.id}
                  narrow={narrow}
                  fields={[
                    { label: '验收人', value: verification.verifier.displayName },
                    {
                      label: '验收结论',
                      value: (
                        <Tag color={verification.result === 'PASSED' ? 'success' : 'error'}>
                          {verificationResult.label(verification.result)}
                        </Tag>
                      ),
                    },
                    { label: '验收日期', value: verification.verifiedOn },
                    { label: '现场核查', value: yesNo(verification.onSite) },
                    { label: '验收意见', value: paragraph(verification.conclusion), long: true },
                  ]}
                />
              ))}
        </Step>
        <Step title="公示">
          {closure.notice ? <NoticeRecord notice={closure.notice} narrow={narrow} /> : pending('尚未公示')}
        </Step>
        <Step title="审签">
          {closure.signOffs.length === 0
            ? pending('尚未审签')
            : closure.signOffs.map((signOff) => (
                <FieldGroup
                  key={signOff.id}
                  narrow={narrow}
                  fields={[
                    { label: '审签人', value: signOff.leader.displayName },
                    {
                      label: '审签结论',
                      value: (
                        <Tag color={signOff.decision === 'APPROVED' ? 'success' : 'warning'}>
                          {signOffDecision.label(signOff.decision)}
                        </Tag>
                      ),
                    },
                    { label: '审签时间', value: formatDateTime(signOff.signedAt) },
                    { label: '审签意见', value: paragraph(signOff.statement), long: true },
                  ]}
                />
              ))}
        </Step>
      </Flex>
    </Card>
  );
}

/** The notice period and its objections; whoever objected stays out of it (the API never says). */
function NoticeRecord({ notice, narrow }: { notice: Notice; narrow: boolean }) {
  return (
    <Flex vertical gap={8}>
      <FieldGroup
        narrow={narrow}
        fields={[
          {
            label: '公示期',
            value: describeNoticePeriod(notice),
          },
          { label: '公示状态', value: noticePeriodStatus.label(notice.status) },
          { label: '启动人', value: notice.startedBy.displayName },
          {
            label: '公示链接',
            value: notice.url ? (
              <Typography.Link href={notice.url} target="_blank" rel="noopener noreferrer">
                {notice.url}
              </Typography.Link>
            ) : (
              none
            ),
          },
          {
            label: '异议',
            value:
              notice.objections.length === 0
                ? '无'
                : `${notice.objections.length} 条（待处理 ${notice.openObjections} 条）`,
          },
        ]}
      />
      {notice.objections.map((objection, index) => (
        <Card
          key={objection.id}
          size="small"
          type="inner"
          title={`异议 ${index + 1}`}
          extra={
            <Tag color={objectionColors[objection.status]}>{objectionStatus.label(objection.status)}</Tag>
          }
        >
          <FieldGroup
            narrow={narrow}
            fields={[
              { label: '收到时间', value: formatDateTime(objection.receivedAt) },
              ...(objection.resolvedBy
                ? [
                    { label: '处理人', value: objection.resolvedBy.displayName },
                    {
                      label: '处理时间',
                      value: objection.resolvedAt ? formatDateTime(objection.resolvedAt) : none,
                    },
                  ]
                : []),
              { label: '异议内容', value: paragraph(objection.content), long: true },
              { label: '处理意见', value: paragraph(objection.resolution), long: true },
            ]}
          />
        </Card>
      ))}
    </Flex>
  );
}

/** 延期: every extension request, the deadline it extended from and the decision on it. */
export function ExtensionsCard({ extensions, narrow }: { extensions: ExtensionView[]; narrow: boolean }) {
  return (
    <Card title={`延期（${extensions.length}）`} size="small" role="region" aria-label="延期">
      <Flex vertical gap={12}>
        {extensions.map((extension, index) => (
          <Flex key={extension.id} vertical gap={4}>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>延期申请 {index + 1}</Typography.Text>
              <Tag color={extensionColors[extension.status]}>{extensionStatus.label(extension.status)}</Tag>
            </Flex>
            <FieldGroup
              narrow={narrow}
              fields={[
                { label: '原整改时限', value: extension.originalDeadline },
                { label: '申请延期至', value: extension.requestedDeadline },
                {
                  label: '申请人',
                  value: `${extension.requestedBy.displayName}（${formatDateTime(extension.requestedAt)}）`,
                },
                {
                  label: '审批人',
                  value: extension.decidedBy ? extension.decidedBy.displayName : pending('待审批'),
                },
                {
                  label: '审批时间',
                  value: extension.decidedAt ? formatDateTime(extension.decidedAt) : none,
                },
                { label: '延期理由', value: paragraph(extension.reason), long: true },
                ...(extension.decisionNote
                  ? [{ label: '审批意见', value: paragraph(extension.decisionNote), long: true as const }]
                  : []),
              ]}
            />
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
