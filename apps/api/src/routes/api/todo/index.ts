/**
 * 待办: `GET /api/todo` — the items waiting for the caller's next step, grouped along the
 * closure path (services/todo.ts). Every logged-in user may ask; a role with nothing to do in
 * the workflow gets no groups.
 */
import { todoList } from '@ledger/domain/todo';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

import { actorOf } from '../../../plugins/app/auth';
import { loadTodo } from '../../../services/todo';

const todo: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/todo',
    {
      schema: {
        summary: '我的待办',
        description: '按流程分组列出等待当前用户处理的事项；每组最多列出 100 项，total 为总数。',
        tags: ['workflow'],
        response: { 200: todoList },
      },
    },
    async (request) => loadTodo(app.db.prisma, actorOf(request), app.ledgerToday()),
  );
};

export default todo;
