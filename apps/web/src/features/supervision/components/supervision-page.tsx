import { Tabs } from 'antd';

import { NoticeList } from './notice-list';
import { Suggestions } from './suggestions';

/**
 * 督办: for the coordinator the suggestions to confirm and the list of notices; for a unit the
 * notices addressed to it, answered from the list.
 */
export function SupervisionPage({
  canIssue,
  itemHref,
}: {
  /** the user holds issue:supervision:any */
  canIssue: boolean;
  itemHref: (id: string) => string;
}) {
  if (!canIssue) return <NoticeList itemHref={itemHref} />;
  return (
    <Tabs
      destroyOnHidden
      items={[
        { key: 'suggestions', label: '督办建议', children: <Suggestions itemHref={itemHref} /> },
        { key: 'notices', label: '督办列表', children: <NoticeList itemHref={itemHref} /> },
      ]}
    />
  );
}
