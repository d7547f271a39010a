/**
 * 待办: what waits for the caller. Each group of packages/domain/src/todo.ts waits for some
 * workflow actions; the caller has the group when their role holds the permission of those
 * actions, and an item is in it when `decideAction` would let them take one of those actions on
 * it now. The queries below only narrow the candidates (by state and unit) so that the state
 * machine is asked about a few items, not the whole ledger.
 */
import type { Prisma, PrismaClient } from '@ledger/db/client';
import { hasPermission, type Actor } from '@ledger/domain/permissions';
import {
  TODO_GROUP_LIMIT,
  TODO_TOTAL_CAP,
  todoGroup,
  todoGroupActions,
  type TodoGroupKey,
  type TodoList,
} from '@ledger/domain/todo';
import { decideAction, workflowRules, type WorkflowAction } from '@ledger/domain/workflow';

import { loadSummaries } from './items';
import { loadSupervisionTodo } from './supervision';
import { factsOfRow, workflowFactsSelect } from './workflow';

/** Events after which an item in progress waits for its unit to rework it and ask again. */
const SENT_BACK: readonly WorkflowAction[] = ['return_request', 'verify', 'record_lookback'];

/** The candidates of a group for this actor, or null when the group needs a unit they lack. */
function candidates(key: TodoGroupKey, actor: Actor, today: Date): Prisma.LedgerItemWhereInput | null {
  const unitId = actor.unitId;
  switch (key) {
    case 'to-start':
      return unitId ? { status: 'REGISTERED', unitIds: { has: unitId } } : null;
    case 'to-rework':
      return unitId
        ? {
            status: 'IN_PROGRESS',
            leadUnitId: unitId,
            workflowEvents: { some: { action: { in: [...SENT_BACK] }, toStatus: 'IN_PROGRESS' } },
          }
        : null;
    case 'to-sign':
      return unitId ? { status: 'CLOSURE_REQUESTED', leadUnitId: unitId } : null;
    case 'to-verify':
      return { status: 'AWAITING_VERIFICATION' };
    case 'to-start-notice':
      return { status: 'VERIFIED' };
    case 'notice-to-handle':
      return {
        status: 'PUBLIC_NOTICE',
        closureRequests: {
          some: {
            status: 'IN_NOTICE',
            noticePeriods: {
              some: {
                status: 'OPEN',
                OR: [{ endsOn: { lt: today } }, { objections: { some: { status: 'OPEN' } } }],
              },
            },
          },
        },
      };
    case 'to-sign-off':
      return { status: 'AWAITING_SIGN_OFF' };
    case 'extensions-to-decide':
      return { status: { not: 'CLOSED' }, extensions: { some: { status: 'REQUESTED' } } };
  }
}

export async function loadTodo(
  prisma: PrismaClient,
  actor: Actor & { id: string },
  today: Date,
  /** where a group's count stops; the daily digest passes Infinity for exact counts */
  totalCap = TODO_TOTAL_CAP,
): Promise<TodoList> {
  const groups: TodoList['groups'] = [];
  for (const key of todoGroup.codes) {
    const actions = todoGroupActions[key];
    if (!actions.some((action) => hasPermission(actor.role, workflowRules[action].permission))) continue;
    const where = candidates(key, actor, today);
    if (!where) continue;
    const waiting = await waitingItems(prisma, key, actor, today, where, totalCap + 1);
    groups.push({
      key,
      label: todoGroup.label(key),
      actions: [...actions],
      total: Math.min(waiting.length, totalCap),
      totalCapped: waiting.length > totalCap,
      items: await loadSummaries(prisma, waiting.slice(0, Math.min(TODO_GROUP_LIMIT, totalCap)), today),
    });
  }
  return { groups, supervision: await loadSupervisionTodo(prisma, actor, today) };
}

/**
 * The ids of the group's items the actor can act on now, by deadline, until `enough` are found:
 * candidates are read a page at a time and judged by the state machine, so a huge group costs
 * a page or two, not the whole ledger's candidates.
 */
async function waitingItems(
  prisma: PrismaClient,
  key: TodoGroupKey,
  actor: Actor & { id: string },
  today: Date,
  where: Prisma.LedgerItemWhereInput,
  enough: number,
): Promise<string[]> {
  const actions = todoGroupActions[key];
  // Candidates judged per query: as many as are wanted (the cap and one more, so that a group
  // under the cap takes one query), never more than the default cap's.
  const perQuery = Math.min(enough, TODO_TOTAL_CAP + 1);
  const waiting: string[] = [];
  for (let skip = 0; waiting.length < enough; skip += perQuery) {
    const rows = await prisma.ledgerItem.findMany({
      where,
      select: {
        id: true,
        ...workflowFactsSelect,
        // The event that brought the item into its current state of 整改中.
        workflowEvents: {
          where: { toStatus: 'IN_PROGRESS', NOT: { fromStatus: 'IN_PROGRESS' } },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: 1,
          select: { action: true },
        },
      },
      // In the order of LedgerItem_status_deadline_id_idx: a page is read off the index.
      orderBy: [{ deadline: 'asc' }, { id: 'asc' }],
      skip,
      take: perQuery,
    });
    for (const row of rows) {
      // Sent back, rather than started or withdrawn by the unit itself.
      const cameBack = row.workflowEvents[0];
      if (key === 'to-rework' && !(cameBack && SENT_BACK.includes(cameBack.action as WorkflowAction))) {
        continue;
      }
      const facts = factsOfRow(row, today);
      if (actions.some((action) => decideAction(actor, facts, action).allowed)) waiting.push(row.id);
    }
    if (rows.length < perQuery) break;
  }
  return waiting.slice(0, enough);
}
