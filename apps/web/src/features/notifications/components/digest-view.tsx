import {
  digestSection,
  isTodoSection,
  type Digest,
  type DigestEntry,
  type DigestSectionKey,
} from '@ledger/domain/notifications';
import { noticeLevel } from '@ledger/domain/vocabulary';
import { Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router';

import { itemPath, paths } from '@/config/paths';
import { ledgerHref } from '@/lib/ledger-address';

/** Where a whole section is handled: the ledger filtered to it, the notices, or the to-do list. */
function sectionHref(key: DigestSectionKey): string | null {
  if (key === 'overdue') return ledgerHref({ overdue: true });
  if (key.startsWith('notices-')) return paths.supervision.path;
  if (isTodoSection(key)) return paths.todo.path;
  return null;
}

function when(entry: DigestEntry): { text: string; tone: 'danger' | 'warning' | 'secondary' } {
  const verb = entry.level ? '反馈' : '到期';
  if (entry.daysLeft < 0) return { text: `已逾期 ${-entry.daysLeft} 天`, tone: 'danger' };
  if (entry.daysLeft === 0) return { text: `今日${verb}`, tone: 'warning' };
  return {
    text: `${entry.dueOn} ${verb}（剩 ${entry.daysLeft} 天）`,
    tone: entry.daysLeft <= 3 ? 'warning' : 'secondary',
  };
}

/** A digest (整改预警日报) as sections of items, each a link to the item; the section's page beside it. */
export function DigestView({ digest }: { digest: Digest }) {
  return (
    <Flex vertical gap={12}>
      {digest.sections.map((section) => {
        const href = sectionHref(section.key);
        const noun = section.key.startsWith('notices-') ? '件' : '项';
        return (
          <section key={section.key} aria-label={digestSection.label(section.key)}>
            <Flex justify="space-between" align="baseline" wrap gap={8}>
              <Typography.Text strong>
                {section.label}{' '}
                <Tag
                  color={section.key === 'overdue' ? 'red' : section.key === 'due-soon' ? 'orange' : 'blue'}
                >
                  {section.total} {noun}
                </Tag>
              </Typography.Text>
              {href && (
                <Link to={href}>
                  {section.total > section.entries.length ? `查看全部 ${section.total} ${noun}` : '去处理'}
                </Link>
              )}
            </Flex>
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
              {section.entries.map((entry, index) => {
                const due = when(entry);
                return (
                  // An item may stand twice in a section (two notices on it): the position tells them apart.
                  <li key={`${index}:${entry.itemId}`} style={{ overflowWrap: 'anywhere' }}>
                    {entry.level && (
                      <Tag color={entry.level === 'RED' ? 'red' : 'gold'}>
                        {noticeLevel.label(entry.level)}
                      </Tag>
                    )}
                    <Link to={itemPath(entry.itemId)}>{entry.number}</Link> {entry.title}{' '}
                    <Typography.Text type={due.tone}>{due.text}</Typography.Text>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </Flex>
  );
}
