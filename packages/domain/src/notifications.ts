/**
 * 消息通知 and 推送记录: the shapes the API answers and the web app reads — the daily deadline
 * digest (整改预警日报) a person finds in the notification centre, and the log of webhook pushes
 * (e.g. a DingTalk robot per unit). How the digest is computed and when it runs: docs/notifications.md.
 */
import { z } from 'zod';

import { uuid } from './items';
import { pageFields, pageQueryFields } from './paging';
import { todoGroup } from './todo';
import { noticeLevel, vocabulary } from './vocabulary';

/** Entries listed per digest section at most; `total` counts them all. */
export const DIGEST_SECTION_LIMIT = 10;

/** The sections of a digest, in the order they are shown and pushed. */
export const digestSection = vocabulary({
  overdue: '逾期未完成',
  'due-soon': '临近整改时限',
  'notices-to-respond': '待反馈的督办',
  'notices-to-review': '已反馈待审核的督办',
  'notices-overdue': '逾期未反馈的督办',
  ...todoGroup.labels,
});
export type DigestSectionKey = (typeof digestSection.codes)[number];

/** Sections that list supervision notices (the rest list ledger items). */
export const noticeSections = [
  'notices-to-respond',
  'notices-to-review',
  'notices-overdue',
] as const satisfies readonly DigestSectionKey[];

/** Sections that are the caller's to-do groups (GET /api/todo). */
export const isTodoSection = (key: DigestSectionKey) => (todoGroup.codes as readonly string[]).includes(key);

const day = z.string(); // YYYY-MM-DD

/** One line of a section: an item, or the item a supervision notice is about. */
export const digestEntry = z.object({
  itemId: z.string(),
  number: z.string(),
  title: z.string(),
  /** the item's deadline (整改时限), or the notice's response date (要求反馈日期) */
  dueOn: day,
  /** days from the digest's day to `dueOn`; negative when it has passed */
  daysLeft: z.number(),
  /** the notice's level, in notice sections */
  level: noticeLevel.schema.optional(),
});
export type DigestEntry = z.infer<typeof digestEntry>;

export const digestSectionView = z.object({
  key: digestSection.schema,
  label: z.string(),
  /** how many there are; `entries` holds the first DIGEST_SECTION_LIMIT (the most urgent first) */
  total: z.number(),
  entries: z.array(digestEntry),
});
export type DigestSectionView = z.infer<typeof digestSectionView>;

/** What a digest is about: one unit's items, or the whole district's. */
export const digestScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unit'), unitId: z.string(), unitName: z.string() }),
  z.object({ kind: z.literal('district') }),
  /** no item sections (the person's only sections are notices or to-dos, or none) */
  z.object({ kind: z.literal('none') }),
]);

/** A digest (Notification.payload of kind `digest`). Only non-empty sections are listed. */
export const digest = z.object({
  day,
  scope: digestScope,
  sections: z.array(digestSectionView),
});
export type Digest = z.infer<typeof digest>;

export const notificationKind = vocabulary({ digest: '整改预警日报' });

export const notificationView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  /** the same in plain text (what a webhook push of it would say) */
  body: z.string(),
  /** the digest's sections, for a notification of kind `digest` */
  digest: digest.nullable(),
  digestOn: day.nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationView = z.infer<typeof notificationView>;

const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listNotificationsQuery = z
  .object({
    /** true: unread only */
    unread: booleanFlag.optional(),
    ...pageQueryFields(50),
  })
  .strict();
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

export const notificationList = z.object({
  notifications: z.array(notificationView),
  /** unread notifications of the caller, whatever the filter */
  unreadCount: z.number(),
  ...pageFields,
});
export type NotificationList = z.infer<typeof notificationList>;

export const unreadCount = z.object({ count: z.number() });

// ───────────── 推送记录 (webhook deliveries) ─────────────

/** 消息投递状态 */
export const deliveryStatus = vocabulary({
  PENDING: '待发送',
  DELIVERED: '已送达',
  FAILED: '失败',
});

export const listDeliveriesQuery = z
  .object({
    unitId: uuid('单位').optional(),
    status: deliveryStatus.schema.optional(),
    ...pageQueryFields(100),
  })
  .strict();
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuery>;

/** One attempt to deliver, as the audit trail recorded it. */
export const deliveryAttempt = z.object({
  at: z.string(),
  /** 1 for the first try */
  attempt: z.number(),
  delivered: z.boolean(),
  responseStatus: z.number().nullable(),
  error: z.string().nullable(),
});

export const deliveryView = z.object({
  id: z.string(),
  unit: z.object({ id: z.string(), name: z.string() }),
  /** the address pushed to; its query (a robot's access token) masked unless the reader manages units */
  url: z.string(),
  kind: z.string(),
  digestOn: day.nullable(),
  status: deliveryStatus.schema,
  attempts: z.number(),
  /** the HTTP status of the last answer (null: none came, e.g. a timeout) */
  responseStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  nextTryAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  /** the text pushed */
  content: z.string(),
  /** every attempt so far, oldest first */
  attemptLog: z.array(deliveryAttempt),
});
export type DeliveryView = z.infer<typeof deliveryView>;

export const deliveryList = z.object({
  deliveries: z.array(deliveryView),
  ...pageFields,
});
export type DeliveryList = z.infer<typeof deliveryList>;
