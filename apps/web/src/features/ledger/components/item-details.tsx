import { ArrowLeftOutlined, EditOutlined, FormOutlined } from '@ant-design/icons';
import type { ItemDetail } from '@ledger/domain/items';
import {
  accountabilityCounts,
  handlingState,
  inspectionRound,
  itemKind,
  pollutionType,
  problemCategory,
  scheduleState,
  timeLimitType,
  verdict,
} from '@ledger/domain/vocabulary';
import {
  Alert,
  Button,
  Card,
  Drawer,
  Flex,
  Grid,
  Progress,
  Result,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';

import { paths } from '@/config/paths';
import { ApiError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';

import { useItem } from '../api/get-item';
import { ActionBar } from './action-bar';
import { ClosureCard, ExtensionsCard } from './closure-details';
import { EvidencePublication } from './evidence-publication';
import { FieldGroup, none, orNone, paragraph, yesNo, type Field } from './field-group';
import { ItemEditForm } from './item-edit-form';
import type { UnitChoice } from './item-fields';
import { DeadlineTag, ReboundTag, SampleTag, StatusTag } from './item-tags';
import { cameFromLedger } from './item-link';
import { EvidenceFiles, ItemTimeline } from './item-timeline';
import { ProgressForm } from './progress-form';

type Group = { title: string; fields: Field[] };

function responsibility(item: ItemDetail): Field[] {
  return [
    { label: '牵头单位', value: item.leadUnit.name },
    {
      label: '配合单位',
      value: item.cooperatingUnits.length ? item.cooperatingUnits.map((unit) => unit.name).join('、') : none,
    },
    { label: '责任区领导', value: orNone(item.leadLeaderName) },
    { label: '责任人', value: orNone(item.responsiblePersonName) },
    // null when the caller may not see phone numbers; then the row is left out.
    ...(item.responsiblePersonPhone ? [{ label: '联系电话', value: item.responsiblePersonPhone }] : []),
  ];
}

function deadlineAndProgress(item: ItemDetail): Field[] {
  return [
    {
      label: '整改时限',
      value: (
        <Space size={4} wrap>
          {item.deadline}
          <DeadlineTag item={item} />
        </Space>
      ),
    },
    ...(item.originalDeadline !== item.deadline
      ? [{ label: '原定时限', value: `${item.originalDeadline}（已延期）` }]
      : []),
    { label: '预警时间', value: orNone(item.warningDate) },
    { label: '时限类型', value: timeLimitType.label(item.timeLimitType) },
    { label: '序时进度', value: scheduleState.label(item.scheduleState) },
    {
      label: '完成比例',
      value:
        item.latestPercent === null ? (
          '尚未填报'
        ) : (
          <Progress percent={item.latestPercent} size="small" style={{ maxWidth: 200, margin: 0 }} />
        ),
    },
    { label: '状态', value: <StatusTag status={item.status} /> },
    ...(item.closedOn ? [{ label: '销号日期', value: item.closedOn }] : []),
    ...(item.reboundCount > 0 ? [{ label: '回头看反弹', value: `${item.reboundCount} 次` }] : []),
  ];
}

/** The groups of 督察反馈问题整改任务表, in its order. */
function taskGroups(item: ItemDetail, task: NonNullable<ItemDetail['task']>): Group[] {
  return [
    {
      title: '基本信息',
      fields: [
        { label: '编号', value: item.number },
        { label: '督察轮次', value: inspectionRound.label(task.inspectionRound) },
        { label: '问题类别', value: problemCategory.label(task.category) },
        { label: '台账类型', value: itemKind.label(item.kind) },
        { label: '反馈问题', value: paragraph(task.feedbackText), long: true },
      ],
    },
    {
      title: '整改目标与措施',
      fields: [
        { label: '整改目标', value: paragraph(task.target), long: true },
        {
          label: '整改措施',
          long: true,
          value: (
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {task.measures.map((measure, index) => (
                <li key={index} style={{ whiteSpace: 'pre-wrap' }}>
                  {measure}
                </li>
              ))}
            </ol>
          ),
        },
        { label: '销号标准', value: paragraph(task.closureStandard), long: true },
      ],
    },
    { title: '责任落实', fields: responsibility(item) },
    { title: '时限与进度', fields: deadlineAndProgress(item) },
  ];
}

/** The groups of 边督边改公开情况一览表 (信访件), in its order. */
function petitionGroups(item: ItemDetail, petition: NonNullable<ItemDetail['petition']>): Group[] {
  return [
    {
      title: '交办信息',
      fields: [
        { label: '受理编号', value: item.number },
        { label: '交办批次', value: `第 ${petition.batch} 批` },
        { label: '交办日期', value: petition.handedOverOn },
        { label: '重点件', value: yesNo(petition.isKeyCase) },
        { label: '重复件编号', value: orNone(petition.duplicateOfNumber) },
        { label: '行政区域', value: petition.area.name },
        {
          label: '污染类型',
          value: petition.pollutionTypes.map((type) => pollutionType.label(type)).join('、'),
        },
        { label: '交办问题基本情况', value: paragraph(petition.complaintSummary), long: true },
      ],
    },
    {
      title: '调查核实',
      fields: [
        { label: '是否属实', value: petition.verdict ? verdict.label(petition.verdict) : '尚未核实' },
        { label: '调查核实情况', value: paragraph(petition.investigationFindings), long: true },
      ],
    },
    {
      title: '处理整改',
      fields: [
        { label: '处理和整改情况', value: paragraph(petition.handling), long: true },
        { label: '办结状态', value: handlingState.label(petition.handlingState) },
        { label: '签字人', value: orNone(petition.signerName) },
        ...responsibility(item),
        ...deadlineAndProgress(item),
      ],
    },
    {
      title: '问责情况',
      fields: accountabilityCounts.map(({ field, label }) => ({ label, value: String(petition[field]) })),
    },
  ];
}

function groupsOf(item: ItemDetail): Group[] {
  if (item.task) return taskGroups(item, item.task);
  if (item.petition) return petitionGroups(item, item.petition);
  return [{ title: '基本信息', fields: [{ label: '编号', value: item.number }, ...responsibility(item)] }];
}

type ItemDetailsProps = {
  itemId: string;
  /** units to choose from when editing; asked for only by those who may edit the item */
  units?: UnitChoice[];
  /**
   * 督办 on the item (its notices and the coordinator's button): another feature's card, which
   * the page composes in (features do not import each other).
   */
  supervision?: (item: ItemDetail) => ReactNode;
  /** 下载销号报告 and 下载案卷, for users who may export: the exports feature's, composed in likewise */
  downloads?: (item: ItemDetail) => ReactNode;
};

/** One ledger item as its official table shows it, its timeline, and what the caller may do with it. */
export function ItemDetails({ itemId, units, supervision, downloads }: ItemDetailsProps) {
  const query = useItem(itemId);
  const narrow = !Grid.useBreakpoint().md;
  const [progressOpen, setProgressOpen] = useState(false);
  const [editOpen, setEditOpen] = useState(false);
  const [uploading, setUploading] = useState(false);

  if (query.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (query.isError) {
    if (query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400)) {
      return <ItemNotFound />;
    }
    return (
      <Alert
        type="error"
        showIcon
        title="事项加载失败"
        description={query.error.message}
        action={
          <Button size="small" onClick={() => void query.refetch()}>
            重试
          </Button>
        }
      />
    );
  }

  const item = query.data;
  const canReport = item.allowedActions.includes('create:progress');
  const canEdit = item.allowedActions.includes('update');
  return (
    <Flex vertical gap={16}>
      <BackToLedger />
      <Flex vertical gap={8}>
        <Typography.Title level={narrow ? 4 : 3} style={{ margin: 0 }}>
          {item.title}
        </Typography.Title>
        <Space size={[0, 6]} wrap>
          <Typography.Text type="secondary" style={{ marginInlineEnd: 8 }}>
            {item.number}
          </Typography.Text>
          <StatusTag status={item.status} />
          <DeadlineTag item={item} />
          <Tag>{itemKind.label(item.kind)}</Tag>
          <SampleTag isSample={item.isSample} />
          <ReboundTag count={item.reboundCount} />
        </Space>
        {item.isSample && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            示例数据：演示用的生成内容，并非督察组交办的真实案件原文。
          </Typography.Text>
        )}
        {/*
          Rendered even when it offers nothing: an action's drawer lives in the bar, and it stays
          open to say why when a refreshed item no longer offers the action.
        */}
        <Flex gap={8} wrap>
          {canReport && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setProgressOpen(true)}>
              填报进展
            </Button>
          )}
          <ActionBar item={item} />
          {canEdit && (
            <Button icon={<FormOutlined />} onClick={() => setEditOpen(true)}>
              修改
            </Button>
          )}
          {downloads?.(item)}
        </Flex>
      </Flex>

      {groupsOf(item).map((group) => (
        <Card key={group.title} title={group.title} size="small">
          <FieldGroup fields={group.fields} narrow={narrow} />
        </Card>
      ))}

      {item.closure && <ClosureCard closure={item.closure} evidence={item.evidence} narrow={narrow} />}
      {item.extensions.length > 0 && <ExtensionsCard extensions={item.extensions} narrow={narrow} />}
      {supervision?.(item)}

      <Card title="整改进展与留痕" size="small">
        <ItemTimeline entries={item.timeline} />
      </Card>

      {item.evidence.length > 0 && (
        <Card title={`佐证材料（${item.evidence.length}）`} size="small">
          <Flex vertical gap={12}>
            <EvidenceFiles files={item.evidence} />
            {canEdit && <EvidencePublication itemId={item.id} files={item.evidence} />}
          </Flex>
        </Card>
      )}

      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        登记于 {formatDateTime(item.createdAt)}，最近更新 {formatDateTime(item.updatedAt)}
      </Typography.Text>

      {canReport && (
        <Drawer
          title="填报整改进展"
          placement="right"
          size={narrow ? '100%' : 560}
          open={progressOpen}
          onClose={() => setProgressOpen(false)}
          closable={!uploading}
          mask={{ closable: !uploading }}
          destroyOnHidden
        >
          <ProgressForm
            itemId={item.id}
            latestPercent={item.latestPercent}
            canUploadEvidence={item.allowedActions.includes('upload:evidence')}
            onBusyChange={setUploading}
            onDone={() => setProgressOpen(false)}
          />
        </Drawer>
      )}

      {canEdit && (
        <Drawer
          title={`修改事项：${item.number}`}
          placement="right"
          size={narrow ? '100%' : 760}
          open={editOpen}
          onClose={() => setEditOpen(false)}
          destroyOnHidden
        >
          <ItemEditForm item={item} units={units} onDone={() => setEditOpen(false)} />
        </Drawer>
      )}
    </Flex>
  );
}

function BackToLedger() {
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <div>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        style={{ paddingInline: 0 }}
        // Back to the list as it was filtered and paged, when the user came from it.
        onClick={() => void (cameFromLedger(location.state) ? navigate(-1) : navigate(paths.ledger.path))}
      >
        返回台账
      </Button>
    </div>
  );
}

export function ItemNotFound() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="事项不存在或不在本单位职责范围内"
      subTitle="请检查链接是否正确；本单位牵头或配合的事项可在台账中查看。"
      extra={
        <Button type="primary" onClick={() => void navigate(paths.ledger.path)}>
          返回台账
        </Button>
      }
    />
  );
}
