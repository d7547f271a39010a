import type { ItemSummary } from '@ledger/domain/items';
import type { TodoList as Todo } from '@ledger/domain/todo';
import { supervisionAction } from '@ledger/domain/supervision';
import { workflowAction } from '@ledger/domain/workflow';
import { Alert, Button, Card, Flex, Grid, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';

import { NoticeDue, NoticeLevelTag, NoticeStatusTag } from '@/components/ui/supervision-tags';
import { itemPath, paths } from '@/config/paths';

import { useTodo } from '../api/get-todo';
import { DeadlineTag, StatusTag } from './item-tags';

type Group = Todo['groups'][number];
type SupervisionGroup = Todo['supervision'][number];

/** The address of a group on the to-do page (the overview's counts link to it). */
export const todoGroupAnchor = (key: Group['key'] | SupervisionGroup['key']) => `todo-${key}`;

/**
 * 待办: what waits for the user, in the groups the API answers along the closure path (which
 * groups and which items is the API's decision, from the state machine). Every group of the
 * user's role is shown, an empty one too, so that "nothing to sign" reads as such.
 */
export function TodoList() {
  const todo = useTodo();
  const narrow = !Grid.useBreakpoint().md;
  const { hash } = useLocation();

  // A link from the overview names a group; the page opens at it once the groups are there.
  const loaded = todo.isSuccess;
  useEffect(() => {
    if (!loaded || !hash) return;
    document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView?.({ block: 'start' });
  }, [loaded, hash]);

  if (todo.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (todo.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title="待办加载失败"
        description={todo.error.message}
        action={
          <Button size="small" onClick={() => void todo.refetch()}>
            重试
          </Button>
        }
      />
    );
  }

  const { groups, supervision } = todo.data;
  if (groups.length === 0 && supervision.length === 0) {
    return <Alert type="info" showIcon title="您的账号不参与销号流程的办理，没有待办事项。" />;
  }
  return (
    <Flex vertical gap={16}>
      {groups.map((group) => (
        <TodoGroupCard key={group.key} group={group} narrow={narrow} />
      ))}
      {supervision.map((group) => (
        <SupervisionGroupCard key={group.key} group={group} />
      ))}
    </Flex>
  );
}

/** A to-do group's card: its name and count, the steps it waits for, then its entries. */
function GroupCard({
  group,
  counter,
  actions,
  children,
}: {
  group: { key: Group['key'] | SupervisionGroup['key']; label: string; total: number; totalCapped?: boolean };
  /** 项 for items, 份 for notices */
  counter: string;
  actions: string[];
  children: ReactNode;
}) {
  return (
    <Card
      id={todoGroupAnchor(group.key)}
      size="small"
      role="region"
      aria-label={group.label}
      title={
        <Flex gap={8} align="center" wrap style={{ whiteSpace: 'normal', paddingBlock: 8 }}>
          <span>{group.label}</span>
          <Tag color={group.total > 0 ? 'processing' : 'default'}>
            {countOf(group)} {counter}
          </Tag>
        </Flex>
      }
    >
      <Flex vertical gap={8}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          办理：{actions.join('、')}
        </Typography.Text>
        {children}
      </Flex>
    </Card>
  );
}

/** 「500+」 when the API stopped counting at its cap (TODO_TOTAL_CAP). */
const countOf = (group: { total: number; totalCapped?: boolean }) =>
  group.totalCapped ? `${group.total}+` : `${group.total}`;

function TodoGroupCard({ group, narrow }: { group: Group; narrow: boolean }) {
  return (
    <GroupCard
      group={group}
      counter="项"
      actions={group.actions.map((action) => workflowAction.label(action))}
    >
      {group.total === 0 ? (
        <Typography.Text type="secondary">暂无</Typography.Text>
      ) : narrow ? (
        <TodoCards items={group.items} />
      ) : (
        <TodoTable items={group.items} />
      )}
      {group.total > group.items.length && (
        <Typography.Text type="secondary">
          {group.totalCapped ? '超过' : '共'} {group.total} 项，此处列出整改时限最近的 {group.items.length} 项
        </Typography.Text>
      )}
    </GroupCard>
  );
}

/**
 * 督办 waiting for the user: a short card per notice (they are few), the date to answer by in red
 * once it has passed; the notice is handled on its item's page.
 */
function SupervisionGroupCard({ group }: { group: SupervisionGroup }) {
  return (
    <GroupCard
      group={group}
      counter="份"
      actions={group.actions.map((action) => supervisionAction.label(action))}
    >
      {group.total === 0 && <Typography.Text type="secondary">暂无</Typography.Text>}
      {group.notices.map((notice) => (
        <Card
          key={notice.id}
          size="small"
          type="inner"
          role="article"
          aria-label={`督办 ${notice.item.number}`}
        >
          <Flex vertical gap={4}>
            <Link to={itemPath(notice.item.id)} style={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
              {notice.item.title}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
              {notice.item.number} · {notice.unit.name}
            </Typography.Text>
            <Space size={[4, 4]} wrap>
              <NoticeLevelTag level={notice.level} />
              <NoticeStatusTag status={notice.status} />
              <Typography.Text style={{ fontSize: 12 }}>
                <NoticeDue notice={notice} />
              </Typography.Text>
            </Space>
          </Flex>
        </Card>
      ))}
      {group.total > group.notices.length && (
        <Typography.Text type="secondary">
          共 {group.total} 份，此处列出反馈期限最近的 {group.notices.length} 份
        </Typography.Text>
      )}
    </GroupCard>
  );
}

const columns: TableColumnsType<ItemSummary> = [
  {
    key: 'number',
    title: '编号',
    width: 170,
    render: (_, item) => <Link to={itemPath(item.id)}>{item.number}</Link>,
  },
  {
    key: 'title',
    title: '事项',
    render: (_, item) => <Link to={itemPath(item.id)}>{item.title}</Link>,
  },
  { key: 'leadUnit', title: '牵头单位', width: 150, render: (_, item) => item.leadUnit.name },
  { key: 'status', title: '状态', width: 110, render: (_, item) => <StatusTag status={item.status} /> },
  {
    key: 'deadline',
    title: '整改时限',
    width: 140,
    render: (_, item) => (
      <Flex vertical gap={4} align="start">
        <span>{item.deadline}</span>
        <DeadlineTag item={item} />
      </Flex>
    ),
  },
];

function TodoTable({ items }: { items: ItemSummary[] }) {
  return (
    <Table<ItemSummary>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      pagination={false}
      scroll={{ x: 700 }}
    />
  );
}

/** On a phone: one short card per item, the whole width, nothing to scroll sideways. */
function TodoCards({ items }: { items: ItemSummary[] }) {
  return (
    <Flex vertical gap={8}>
      {items.map((item) => (
        <Card
          key={item.id}
          size="small"
          type="inner"
          role="article"
          aria-label={`${item.number} ${item.title}`}
        >
          <Flex vertical gap={4}>
            <Flex justify="space-between" align="start" gap={8}>
              <Link to={itemPath(item.id)} style={{ fontWeight: 500, minWidth: 0, overflowWrap: 'anywhere' }}>
                {item.title}
              </Link>
              <StatusTag status={item.status} />
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
              {item.number} · {item.leadUnit.name}
            </Typography.Text>
            <Space size={[4, 4]} wrap>
              <Typography.Text style={{ fontSize: 12 }}>整改时限 {item.deadline}</Typography.Text>
              <DeadlineTag item={item} />
            </Space>
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}

/** The overview's line of to-do counts, each group leading to its place on the to-do page. */
export function TodoCounts() {
  const todo = useTodo();
  if (todo.isPending) return <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  if (todo.isError)
    return <Typography.Text type="danger">待办加载失败：{todo.error.message}</Typography.Text>;
  const waiting = [
    ...todo.data.groups.map((group) => ({ ...group, unit: '项' })),
    ...todo.data.supervision.map((group) => ({ ...group, totalCapped: false, unit: '份' })),
  ].filter((group) => group.total > 0);
  if (waiting.length === 0) return <Typography.Text type="secondary">暂无待办事项</Typography.Text>;
  return (
    <Flex vertical gap={8}>
      {waiting.map((group) => (
        <Link key={group.key} to={`${paths.todo.path}#${todoGroupAnchor(group.key)}`}>
          <Flex justify="space-between" align="center" gap={8}>
            <span>{group.label}</span>
            <Tag color="processing">
              {countOf(group)} {group.unit}
            </Tag>
          </Flex>
        </Link>
      ))}
    </Flex>
  );
}
