import { Flex, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';

import { usePublicNotices } from '../api/get-public-notices';
import { ProgressOverview } from './progress-overview';
import { PublicNotices } from './public-notices';
import { PublicPetitions } from './public-petitions';
import { PublicTasks } from './public-tasks';

const tabs = ['tasks', 'petitions', 'notices'] as const;
type Tab = (typeof tabs)[number];

const isTab = (value: string | null): value is Tab => tabs.includes(value as Tab);

/**
 * 公开信息: progress first, then the lists a citizen came for. The open tab is in the address
 * (`?tab=notices`), so a published notice can link straight to its objection form.
 */
export function PublicDisclosure() {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab');
  const active: Tab = isTab(requested) ? requested : 'tasks';
  const noticeCount = usePublicNotices().data?.notices.length;

  return (
    <Flex vertical gap={16} style={{ maxWidth: 1200 }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          中央环保督察反馈问题整改公开
        </Typography.Title>
        <Typography.Text type="secondary">拱墅区整改进展、信访件办理情况和销号公示</Typography.Text>
      </div>
      <ProgressOverview />
      <Tabs
        activeKey={active}
        onChange={(key) => setSearchParams(key === 'tasks' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'tasks', label: '整改任务', children: <PublicTasks /> },
          { key: 'petitions', label: '信访件办理情况', children: <PublicPetitions /> },
          {
            key: 'notices',
            label: noticeCount ? `销号公示（${noticeCount}）` : '销号公示',
            children: <PublicNotices />,
          },
        ]}
      />
    </Flex>
  );
}
