import { Flex, Typography } from 'antd';

import { paths } from '@/config/paths';
import { TodoList } from '@/features/ledger/components/todo-list';

export default function TodoRoute() {
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {paths.todo.label}
      </Typography.Title>
      <TodoList />
    </Flex>
  );
}
