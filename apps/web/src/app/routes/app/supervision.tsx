import { Flex, Typography } from 'antd';

import { itemPath, paths } from '@/config/paths';
import { holdsAny, useSession } from '@/features/auth/api/get-session';
import { SupervisionPage } from '@/features/supervision/components/supervision-page';

export default function SupervisionRoute() {
  const { data: user } = useSession();
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {paths.supervision.label}
      </Typography.Title>
      <SupervisionPage canIssue={holdsAny(user, ['issue:supervision:any'])} itemHref={itemPath} />
    </Flex>
  );
}
