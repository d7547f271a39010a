import type { SupervisionSuggestions } from '@ledger/domain/supervision-inputs';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Pagination, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { useSuggestions } from '../api/get-suggestions';
import { IssueModal } from './issue-modal';

type Group = SupervisionSuggestions['groups'][number];
type Suggested = Group['items'][number];

const PAGE_SIZE = 20;

/**
 * 督办建议: overdue items with no notice waiting, by lead unit. The coordinator chooses items of a
 * unit and issues yellow or red notices on them; nothing is sent without that decision.
 */
export function Suggestions({ itemHref }: { itemHref: (id: string) => string }) {
  const suggestions = useSuggestions({ page: 1, pageSize: PAGE_SIZE });
  if (suggestions.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (suggestions.isError) {
    return <Alert type="error" showIcon title="督办建议加载失败" description={suggestions.error.message} />;
  }
  const { groups, total } = suggestions.data;
  if (groups.length === 0) return <Empty description="没有逾期且未督办的事项" />;
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">
        共 {total} 个逾期事项尚未督办。选择事项后由您确认下发，系统不会自动发送。
      </Typography.Text>
      {groups.map((group) => (
        <UnitSuggestions key={group.unit.id} first={group} itemHref={itemHref} />
      ))}
    </Flex>
  );
}

/** One unit's overdue items, paged, with the items chosen for one batch. */
function UnitSuggestions({ first, itemHref }: { first: Group; itemHref: (id: string) => string }) {
  const [page, setPage] = useState(1);
  // Page 1 came with the overview; later pages are asked for this unit alone.
  const later = useSuggestions({ unitId: first.unit.id, page, pageSize: PAGE_SIZE }, { enabled: page > 1 });
  const group = page === 1 ? first : (later.data?.groups[0] ?? { ...first, items: [] });
  // Chosen items are kept across pages: a batch may take items from several.
  const [chosen, setChosen] = useState<Map<string, Suggested>>(new Map());
  const [issuing, setIssuing] = useState(false);
  const { message } = App.useApp();

  const toggle = (item: Suggested, on: boolean) =>
    setChosen((current) => {
      const next = new Map(current);
      if (on) next.set(item.id, item);
      else next.delete(item.id);
      return next;
    });
  const allOnPage = group.items.length > 0 && group.items.every((item) => chosen.has(item.id));

  return (
    <Card
      size="small"
      role="region"
      aria-label={first.unit.name}
      title={
        <Flex gap={8} align="center" wrap style={{ whiteSpace: 'normal', paddingBlock: 8 }}>
          <span>{first.unit.name}</span>
          <Tag color="error">逾期未督办 {first.total} 项</Tag>
        </Flex>
      }
    >
      <Flex vertical gap={8}>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Checkbox
            checked={allOnPage}
            onChange={(event) => group.items.forEach((item) => toggle(item, event.target.checked))}
          >
            全选本页
          </Checkbox>
          <Button type="primary" size="small" disabled={chosen.size === 0} onClick={() => setIssuing(true)}>
            督办所选（{chosen.size}）
          </Button>
        </Flex>
        {page > 1 && later.isPending ? (
          <Skeleton active />
        ) : (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {group.items.map((item) => (
              <li key={item.id} style={{ padding: '6px 0', borderTop: '1px solid rgba(5, 5, 5, 0.06)' }}>
                <Flex gap={8} align="start">
                  <Checkbox
                    aria-label={`选择 ${item.number}`}
                    checked={chosen.has(item.id)}
                    onChange={(event) => toggle(item, event.target.checked)}
                  />
                  <Flex vertical style={{ minWidth: 0 }}>
                    <Link to={itemHref(item.id)} style={{ overflowWrap: 'anywhere' }}>
                      {item.title}
                    </Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {item.number} · 整改时限 {item.deadline}{' '}
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        已逾期 {-item.daysLeft} 天
                      </Typography.Text>
                    </Typography.Text>
                  </Flex>
                </Flex>
              </li>
            ))}
          </ul>
        )}
        {first.total > PAGE_SIZE && (
          <Pagination
            size="small"
            simple
            current={page}
            pageSize={PAGE_SIZE}
            total={first.total}
            onChange={setPage}
          />
        )}
      </Flex>
      <IssueModal
        target={issuing ? { kind: 'batch', unit: first.unit, items: [...chosen.values()] } : null}
        onClose={() => setIssuing(false)}
        onDone={(count) => {
          setIssuing(false);
          setChosen(new Map());
          void message.success(`已向${first.unit.name}下发 ${count} 份督办`);
        }}
      />
    </Card>
  );
}
