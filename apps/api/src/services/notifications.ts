/**
 * 消息通知: the caller's own notifications (the daily digests), unread counts, marking read.
 * A person reaches only their own: another person's notification answers 404, as if it did not
 * exist. Marking read is a change of record like any other, so it is audited.
 */
import { appendAudit, type AuditActor } from '@ledger/db/audit';
import type { Prisma, PrismaClient } from '@ledger/db/client';
import { toIsoDate } from '@ledger/domain/calendar';
import {
  digest,
  type ListNotificationsQuery,
  type NotificationList,
  type NotificationView,
} from '@ledger/domain/notifications';

import { notFound } from '../lib/http-errors';

const notificationSelect = {
  id: true,
  kind: true,
  title: true,
  body: true,
  payload: true,
  digestOn: true,
  readAt: true,
  createdAt: true,
} as const satisfies Prisma.NotificationSelect;

type NotificationRow = Prisma.NotificationGetPayload<{ select: typeof notificationSelect }>;

function toView(row: NotificationRow): NotificationView {
  const parsed = row.kind === 'digest' ? digest.safeParse(row.payload) : null;
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    digest: parsed?.success ? parsed.data : null,
    digestOn: row.digestOn ? toIsoDate(row.digestOn) : null,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function countUnread(prisma: PrismaClient, userId: string): Promise<number> {
  return prisma.notification.count({ where: { userId, readAt: null } });
}

/** The caller's notifications, newest first. */
export async function listNotifications(
  prisma: PrismaClient,
  userId: string,
  query: ListNotificationsQuery,
): Promise<NotificationList> {
  const where: Prisma.NotificationWhereInput = { userId, ...(query.unread ? { readAt: null } : {}) };
  const [rows, total, unreadCount] = await Promise.all([
    prisma.notification.findMany({
      where,
      select: notificationSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma.notification.count({ where }),
    countUnread(prisma, userId),
  ]);
  return { notifications: rows.map(toView), unreadCount, total, page: query.page, pageSize: query.pageSize };
}

interface Context {
  actor: AuditActor;
  ip: string;
}

/** Marks one of the caller's notifications read (again: no change, no record). */
export async function markRead(
  prisma: PrismaClient,
  id: string,
  context: Context,
): Promise<NotificationView> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.notification.findFirst({
      where: { id, userId: context.actor.id },
      select: notificationSelect,
    });
    if (!row) throw notFound('消息不存在');
    if (row.readAt) return toView(row);
    const updated = await tx.notification.update({
      where: { id },
      data: { readAt: new Date() },
      select: notificationSelect,
    });
    await appendAudit(tx, {
      actor: context.actor,
      action: 'notification.read',
      entityType: 'Notification',
      entityId: id,
      ip: context.ip,
    });
    return toView(updated);
  });
}

/** Marks every unread notification of the caller read; answers how many. */
export async function markAllRead(prisma: PrismaClient, context: Context): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.notification.updateMany({
      where: { userId: context.actor.id, readAt: null },
      data: { readAt: new Date() },
    });
    if (count > 0) {
      await appendAudit(tx, {
        actor: context.actor,
        action: 'notification.read-all',
        entityType: 'Notification',
        after: { count },
        ip: context.ip,
      });
    }
    return count;
  });
}
