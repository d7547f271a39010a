/**
 * 整改预警日报: once a day, per person, one digest of what needs them — items near their deadline,
 * overdue items, supervision notices awaiting an answer or a review, and the closure steps waiting
 * for them (the /todo groups) — written to the notification centre, and per unit with a webhook
 * one push of the unit's part. Nothing is written for a person (or a unit) with nothing to say.
 *
 * Item sections are computed in SQL, bounded: counts plus the first DIGEST_SECTION_LIMIT entries,
 * once per unit (officers and head share them) and once for the district (coordinators and
 * leaders share it), so the run costs a few indexed queries per unit at a million items.
 *
 * The daily run claims its day in ScheduledRun under an advisory lock, so that of two processes
 * only one runs it; a claim left RUNNING by a crashed process is taken over once its heartbeat is
 * stale. Everything the run writes — notifications, deliveries, its result and its audit record —
 * commits in one transaction. docs/notifications.md has the rules in words.
 */
import { appendAudit } from '@ledger/db/audit';
import { Prisma, type PrismaClient } from '@ledger/db/client';
import { toIsoDate } from '@ledger/domain/calendar';
import { DEFAULT_WARNING_DAYS } from '@ledger/domain/items';
import {
  DIGEST_SECTION_LIMIT,
  digestSection,
  type Digest,
  type DigestEntry,
  type DigestSectionKey,
  type DigestSectionView,
} from '@ledger/domain/notifications';
import { hasPermission, type Actor, type Role } from '@ledger/domain/permissions';
import { noticeLevel } from '@ledger/domain/vocabulary';

import { flagOverdueNotices } from './supervision';
import { loadTodo } from './todo';

export const DAILY_DIGEST = 'daily-digest';
export const DIGEST_KIND = 'digest';

/** A run whose heartbeat is older than this is taken for dead (its process crashed). */
export const DEFAULT_STALE_AFTER_MS = 10 * 60_000;
const HEARTBEAT_MS = 30_000;

/** pg_advisory_xact_lock key for claiming scheduled runs ("dige" in ASCII). */
const RUN_LOCK_KEY = 0x64696765;

const DAY_MS = 86_400_000;
const sqlDay = (date: Date) => Prisma.sql`${toIsoDate(date)}::date`;
const daysBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / DAY_MS);

// ───────────────────────────── Sections ─────────────────────────────

type ItemScope = { kind: 'unit'; unitId: string; unitName: string } | { kind: 'district' };

/**
 * Whose items a role is warned about. Units' officers and heads: their unit's (led or cooperated
 * on, the ledger list's scope); the coordinator and district leaders, who push the units: the
 * whole district's. Auditors watch and admins hold no business rights: no item sections.
 */
const itemScopeOfRole: Record<Role, 'unit' | 'district' | null> = {
  UNIT_OFFICER: 'unit',
  UNIT_HEAD: 'unit',
  COORDINATOR: 'district',
  DISTRICT_LEADER: 'district',
  AUDITOR: null,
  ADMIN: null,
  SECURITY_ADMIN: null,
  AUDIT_ADMIN: null,
};

function section(key: DigestSectionKey, total: number, entries: DigestEntry[]): DigestSectionView {
  return { key, label: digestSection.label(key), total, entries };
}

/** 逾期 and 临近整改时限 for a scope: isDeadlineOpen and deadlineFacts of packages/domain/src/items.ts, in SQL. */
async function itemSections(
  prisma: PrismaClient,
  scope: ItemScope,
  today: Date,
): Promise<DigestSectionView[]> {
  const inScope =
    scope.kind === 'unit' ? Prisma.sql`i."unitIds" @> ARRAY[${scope.unitId}::uuid]` : Prisma.sql`TRUE`;
  const open = Prisma.sql`i."status" <> 'CLOSED'`;
  const overdue = Prisma.sql`i."deadline" < ${sqlDay(today)}`;
  const dueSoon = Prisma.sql`i."deadline" >= ${sqlDay(today)}
    AND COALESCE(i."warningDate", i."deadline" - ${DEFAULT_WARNING_DAYS}::int) <= ${sqlDay(today)}`;

  const [counts] = await prisma.$queryRaw<{ overdue: number; dueSoon: number }[]>`
    SELECT count(*) FILTER (WHERE ${overdue})::int AS "overdue",
           count(*) FILTER (WHERE ${dueSoon})::int AS "dueSoon"
    FROM "LedgerItem" i
    WHERE ${inScope} AND ${open} AND ((${overdue}) OR (${dueSoon}))`;
  const first = (condition: Prisma.Sql) =>
    prisma.$queryRaw<{ id: string; number: string; title: string; deadline: Date }[]>`
      SELECT i."id", i."number", i."title", i."deadline" FROM "LedgerItem" i
      WHERE ${inScope} AND ${open} AND ${condition}
      ORDER BY i."deadline", i."id" LIMIT ${DIGEST_SECTION_LIMIT}`;
  const entries = (rows: Awaited<ReturnType<typeof first>>) =>
    rows.map((row) => ({
      itemId: row.id,
      number: row.number,
      title: row.title,
      dueOn: toIsoDate(row.deadline),
      daysLeft: daysBetween(today, row.deadline),
    }));

  const sections: DigestSectionView[] = [];
  // The longest overdue first: the worst items are the ones the coordinator asks about.
  if (counts && counts.overdue > 0)
    sections.push(section('overdue', counts.overdue, entries(await first(overdue))));
  if (counts && counts.dueSoon > 0)
    sections.push(section('due-soon', counts.dueSoon, entries(await first(dueSoon))));
  return sections;
}

/**
 * Supervision notices (督办单) matching `condition` (over alias `n`): read from the table
 * directly, the earliest response date first.
 */
async function noticeSection(
  prisma: PrismaClient,
  key: DigestSectionKey,
  condition: Prisma.Sql,
  today: Date,
): Promise<DigestSectionView[]> {
  const [counted] = await prisma.$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS "total" FROM "SupervisionNotice" n WHERE ${condition}`;
  if (!counted || counted.total === 0) return [];
  const rows = await prisma.$queryRaw<
    { itemId: string; number: string; title: string; responseDueOn: Date; level: string }[]
  >`
    SELECT i."id" AS "itemId", i."number", i."title", n."responseDueOn", n."level"::text AS "level"
    FROM "SupervisionNotice" n JOIN "LedgerItem" i ON i."id" = n."itemId"
    WHERE ${condition}
    ORDER BY n."responseDueOn", n."id" LIMIT ${DIGEST_SECTION_LIMIT}`;
  return [
    section(
      key,
      counted.total,
      rows.map((row) => ({
        itemId: row.itemId,
        number: row.number,
        title: row.title,
        dueOn: toIsoDate(row.responseDueOn),
        daysLeft: daysBetween(today, row.responseDueOn),
        level: noticeLevel.schema.parse(row.level),
      })),
    ),
  ];
}

export interface DigestPerson extends Actor {
  id: string;
  /** the person's unit's name, for the unit scope */
  unitName: string | null;
}

/**
 * Shares what several people's digests have in common within one run: a unit's item sections
 * and notices, the district's, the coordinator's notice sections.
 */
export class DigestSources {
  private readonly cache = new Map<string, Promise<DigestSectionView[]>>();

  constructor(
    private readonly prisma: PrismaClient,
    readonly today: Date,
  ) {}

  private once(key: string, load: () => Promise<DigestSectionView[]>) {
    let value = this.cache.get(key);
    if (!value) {
      value = load();
      this.cache.set(key, value);
    }
    return value;
  }

  items(scope: ItemScope) {
    return this.once(`items:${scope.kind === 'unit' ? scope.unitId : 'district'}`, () =>
      itemSections(this.prisma, scope, this.today),
    );
  }

  /** 待反馈: the unit's notices issued and not answered yet, overdue ones included. */
  noticesToRespond(unitId: string) {
    return this.once(`notices:${unitId}`, () =>
      noticeSection(
        this.prisma,
        'notices-to-respond',
        Prisma.sql`n."unitId" = ${unitId}::uuid AND n."status" IN ('ISSUED', 'OVERDUE')`,
        this.today,
      ),
    );
  }

  /**
   * The coordinator's: answers to review, and notices whose response date passed unanswered —
   * also one not marked OVERDUE (the marking step failed or was skipped), so the digest never lags.
   */
  noticesToFollowUp() {
    return this.once('notices:district', async () => [
      ...(await noticeSection(
        this.prisma,
        'notices-to-review',
        Prisma.sql`n."status" = 'RESPONDED'`,
        this.today,
      )),
      ...(await noticeSection(
        this.prisma,
        'notices-overdue',
        Prisma.sql`(n."status" = 'OVERDUE' OR (n."status" = 'ISSUED' AND n."responseDueOn" < ${sqlDay(this.today)}))`,
        this.today,
      )),
    ]);
  }

  /** The closure steps waiting for the person: their /todo groups that hold something. */
  async todo(person: DigestPerson): Promise<DigestSectionView[]> {
    // Exact counts: the digest is written once a day, in the background.
    const { groups } = await loadTodo(this.prisma, person, this.today, Number.POSITIVE_INFINITY);
    return groups
      .filter((group) => group.total > 0)
      .map((group) =>
        section(
          group.key,
          group.total,
          group.items.slice(0, DIGEST_SECTION_LIMIT).map((item) => ({
            itemId: item.id,
            number: item.number,
            title: item.title,
            dueOn: item.deadline,
            daysLeft: item.daysLeft,
          })),
        ),
      );
  }
}

function itemScopeOf(person: DigestPerson): ItemScope | null {
  const kind = itemScopeOfRole[person.role];
  if (kind === 'district') return { kind: 'district' };
  if (kind === 'unit' && person.unitId) {
    return { kind: 'unit', unitId: person.unitId, unitName: person.unitName ?? '' };
  }
  return null;
}

/** One person's digest for the sources' day; null when every section is empty. */
export async function digestFor(sources: DigestSources, person: DigestPerson): Promise<Digest | null> {
  const scope = itemScopeOf(person);
  const sections = [
    ...(scope ? await sources.items(scope) : []),
    ...(hasPermission(person.role, 'respond:supervision:lead-unit') && person.unitId
      ? await sources.noticesToRespond(person.unitId)
      : []),
    ...(hasPermission(person.role, 'issue:supervision:any') ? await sources.noticesToFollowUp() : []),
    ...(await sources.todo(person)),
  ];
  if (sections.length === 0) return null;
  return { day: toIsoDate(sources.today), scope: scope ?? { kind: 'none' }, sections };
}

/**
 * A unit's push: what its people are warned about as a unit — its items and the notices it must
 * answer; the coordination group's is the district's, with the notices it follows up. The to-do
 * groups are personal (who may sign, who requested) and stay in the notification centre.
 */
export async function unitDigestFor(
  sources: DigestSources,
  unit: { id: string; name: string; type: string },
): Promise<Digest | null> {
  const district = unit.type === 'COORDINATION_GROUP';
  const scope: ItemScope = district
    ? { kind: 'district' }
    : { kind: 'unit', unitId: unit.id, unitName: unit.name };
  const sections = [
    ...(await sources.items(scope)),
    ...(district ? await sources.noticesToFollowUp() : await sources.noticesToRespond(unit.id)),
  ];
  if (sections.length === 0) return null;
  return { day: toIsoDate(sources.today), scope, sections };
}

// ───────────────────────────── Text ─────────────────────────────

function describeEntry(key: DigestSectionKey, entry: DigestEntry): string {
  const what = `${entry.number} ${entry.title}`;
  if (entry.level) {
    const due =
      entry.daysLeft < 0
        ? `要求 ${entry.dueOn} 前反馈，已逾期 ${-entry.daysLeft} 天`
        : `要求 ${entry.dueOn} 前反馈`;
    return `【${noticeLevel.label(entry.level)}】${what}（${due}）`;
  }
  if (key === 'overdue' || entry.daysLeft < 0)
    return `${what}（时限 ${entry.dueOn}，已逾期 ${-entry.daysLeft} 天）`;
  if (entry.daysLeft === 0) return `${what}（时限 ${entry.dueOn}，今日到期）`;
  return `${what}（时限 ${entry.dueOn}，剩 ${entry.daysLeft} 天）`;
}

const isItemSection = (key: DigestSectionKey) => key === 'overdue' || key === 'due-soon';
const isNoticeSection = (key: DigestSectionKey) => key.startsWith('notices-');

/** The digest's one-line title: 整改预警日报 2026-11-29：逾期 3 项，临期 2 项，督办 1 件，待办 4 项. */
export function digestTitle(digest: Digest): string {
  const total = (match: (key: DigestSectionKey) => boolean) =>
    digest.sections.filter((entry) => match(entry.key)).reduce((sum, entry) => sum + entry.total, 0);
  const parts = [
    ['逾期', total((key) => key === 'overdue'), '项'],
    ['临期', total((key) => key === 'due-soon'), '项'],
    ['督办', total(isNoticeSection), '件'],
    ['待办', total((key) => !isItemSection(key) && !isNoticeSection(key)), '项'],
  ] as const;
  const summary = parts
    .filter(([, count]) => count > 0)
    .map(([label, count, unit]) => `${label} ${count} ${unit}`)
    .join('，');
  return `整改预警日报 ${digest.day}：${summary}`;
}

/**
 * The digest as plain text: the notification's body and a webhook's message. It starts with
 * 整改台账, the keyword a DingTalk robot's security setting can ask for.
 */
export function digestText(digest: Digest): string {
  const whose =
    digest.scope.kind === 'unit'
      ? `（${digest.scope.unitName}）`
      : digest.scope.kind === 'district'
        ? '（全区）'
        : '';
  const lines = [`【整改台账】${digest.day} 整改预警日报${whose}`];
  for (const part of digest.sections) {
    lines.push('', `${part.label}：${part.total} ${isNoticeSection(part.key) ? '件' : '项'}`);
    for (const entry of part.entries) lines.push(`· ${describeEntry(part.key, entry)}`);
    if (part.total > part.entries.length) lines.push(`…… 另有 ${part.total - part.entries.length} 项`);
  }
  lines.push('', '请登录整改台账查看和办理。');
  return lines.join('\n');
}

/** A DingTalk robot's text message (钉钉自定义机器人 msgtype text); other robots take it too. */
export function webhookMessage(digest: Digest) {
  return { msgtype: 'text', text: { content: digestText(digest) } };
}

// ───────────────────────────── The daily run ─────────────────────────────

export interface DigestRunResult {
  day: string;
  people: number;
  notifications: number;
  deliveries: number;
}

export type DailyRunOutcome =
  | { outcome: 'ran'; takenOver: boolean; result: DigestRunResult }
  /** the day's run has finished already (here or in another process) */
  | { outcome: 'done' }
  /** another process is running it now */
  | { outcome: 'busy' };

export interface DailyRunOptions {
  /** a RUNNING claim with an older heartbeat is taken over */
  staleAfterMs?: number;
  /**
   * the step before the digests are computed: by default marking supervision notices whose
   * response date passed unanswered OVERDUE, so that the digests say what the notices now are
   */
  beforeCompute?: (prisma: PrismaClient, day: Date) => Promise<unknown>;
  logger?: { warn: (object: object, message: string) => void };
}

type Claim =
  { claimed: true; startedAt: Date; takenOver: boolean } | { claimed: false; outcome: 'done' | 'busy' };

/**
 * Claims the run of `name` on `runOn`: inserts its row, or takes over a failed one or one whose
 * heartbeat stopped. The advisory lock makes the look-and-claim atomic among processes; the
 * database's clock judges staleness, so processes on hosts with skewed clocks agree.
 */
async function claimRun(
  prisma: PrismaClient,
  name: string,
  runOn: Date,
  staleAfterMs: number,
): Promise<Claim> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RUN_LOCK_KEY}::int, hashtext(${name})::int)`;
    const [existing] = await tx.$queryRaw<{ status: string; stale: boolean }[]>`
      SELECT "status"::text AS "status",
             "heartbeatAt" < now() - make_interval(secs => ${staleAfterMs / 1000}::float8) AS "stale"
      FROM "ScheduledRun" WHERE "name" = ${name} AND "runOn" = ${sqlDay(runOn)}`;
    if (existing?.status === 'SUCCEEDED') return { claimed: false, outcome: 'done' };
    if (existing?.status === 'RUNNING' && !existing.stale) return { claimed: false, outcome: 'busy' };
    const [row] = await tx.$queryRaw<{ startedAt: Date }[]>`
      INSERT INTO "ScheduledRun" ("name", "runOn", "status", "startedAt", "heartbeatAt")
      VALUES (${name}, ${sqlDay(runOn)}, 'RUNNING', now(), now())
      ON CONFLICT ("name", "runOn") DO UPDATE
        SET "status" = 'RUNNING', "startedAt" = now(), "heartbeatAt" = now(), "finishedAt" = NULL, "error" = NULL
      RETURNING "startedAt"`;
    return { claimed: true, startedAt: row!.startedAt, takenOver: existing !== undefined };
  });
}

/** Thrown when the claim was taken over while this process computed (it was thought dead). */
class LostClaimError extends Error {}

/** Locks the run's row and checks that this process's claim (its startedAt) still holds it. */
async function assertClaim(tx: Prisma.TransactionClient, name: string, runOn: Date, startedAt: Date) {
  const [row] = await tx.$queryRaw<{ status: string; startedAt: Date }[]>`
    SELECT "status"::text AS "status", "startedAt" FROM "ScheduledRun"
    WHERE "name" = ${name} AND "runOn" = ${sqlDay(runOn)} FOR UPDATE`;
  if (row?.status !== 'RUNNING' || row.startedAt.getTime() !== startedAt.getTime()) {
    throw new LostClaimError(`${name} ${toIsoDate(runOn)} was taken over by another process`);
  }
}

/**
 * The day's digests: claims the day, computes every active person's digest and every unit's push,
 * and writes them with the run's result and audit record in one transaction. A second call for
 * the same day (another process, a restart) finds the run done and writes nothing; the unique
 * (userId, kind, digestOn) and (unitId, kind, digestOn) keep a repeat a no-op even so.
 */
export async function runDailyDigest(
  prisma: PrismaClient,
  day: Date,
  options: DailyRunOptions = {},
): Promise<DailyRunOutcome> {
  const claim = await claimRun(prisma, DAILY_DIGEST, day, options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
  if (!claim.claimed) return { outcome: claim.outcome };
  const { startedAt } = claim;

  const heartbeat = setInterval(() => {
    prisma.$executeRaw`UPDATE "ScheduledRun" SET "heartbeatAt" = now()
      WHERE "name" = ${DAILY_DIGEST} AND "runOn" = ${sqlDay(day)} AND "startedAt" = ${startedAt.toISOString()}::timestamptz`.catch(
      (error: unknown) => options.logger?.warn({ err: error }, '日报任务心跳写入失败'),
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();

  try {
    await (options.beforeCompute ?? flagOverdueNotices)(prisma, day);
    const sources = new DigestSources(prisma, day);

    const people = await prisma.user.findMany({
      where: { status: 'ACTIVE' },
      select: { id: true, role: true, unitId: true, unit: { select: { name: true } } },
      orderBy: { id: 'asc' },
    });
    const notifications: Prisma.NotificationCreateManyInput[] = [];
    for (const person of people) {
      const digest = await digestFor(sources, {
        id: person.id,
        role: person.role,
        unitId: person.unitId,
        unitName: person.unit?.name ?? null,
      });
      if (!digest) continue;
      notifications.push({
        userId: person.id,
        kind: DIGEST_KIND,
        digestOn: day,
        title: digestTitle(digest),
        body: digestText(digest),
        payload: digest,
      });
    }

    const units = await prisma.unit.findMany({
      where: { disabled: false, webhookUrl: { not: null } },
      select: { id: true, name: true, type: true, webhookUrl: true },
      orderBy: { sortOrder: 'asc' },
    });
    const deliveries: Prisma.WebhookDeliveryCreateManyInput[] = [];
    for (const unit of units) {
      const digest = await unitDigestFor(sources, unit);
      if (!digest) continue;
      deliveries.push({
        unitId: unit.id,
        url: unit.webhookUrl!,
        kind: DIGEST_KIND,
        digestOn: day,
        payload: webhookMessage(digest),
      });
    }

    return await prisma.$transaction(
      async (tx) => {
        await assertClaim(tx, DAILY_DIGEST, day, startedAt);
        const written = await tx.notification.createMany({ data: notifications, skipDuplicates: true });
        const pushed = await tx.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });
        const result: DigestRunResult = {
          day: toIsoDate(day),
          people: people.length,
          notifications: written.count,
          deliveries: pushed.count,
        };
        await tx.scheduledRun.update({
          where: { name_runOn: { name: DAILY_DIGEST, runOn: day } },
          data: {
            status: 'SUCCEEDED',
            finishedAt: new Date(),
            heartbeatAt: new Date(),
            result: { ...result },
          },
        });
        await appendAudit(tx, {
          actor: null,
          action: 'digest.run',
          entityType: 'ScheduledRun',
          entityId: `${DAILY_DIGEST}:${result.day}`,
          after: { ...result, takenOver: claim.takenOver },
        });
        return { outcome: 'ran' as const, takenOver: claim.takenOver, result };
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (error) {
    // Another process took the run over: it writes the day's digests, this one must not record a failure over it.
    if (error instanceof LostClaimError) return { outcome: 'busy' };
    await recordFailure(prisma, day, startedAt, error).catch((recording: unknown) =>
      options.logger?.warn({ err: recording }, '日报任务失败记录写入失败'),
    );
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

/** A failed run stays on record (FAILED, the error) and is claimed again by the next attempt. */
async function recordFailure(prisma: PrismaClient, day: Date, startedAt: Date, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  await prisma.$transaction(async (tx) => {
    await assertClaim(tx, DAILY_DIGEST, day, startedAt);
    await tx.scheduledRun.update({
      where: { name_runOn: { name: DAILY_DIGEST, runOn: day } },
      data: { status: 'FAILED', finishedAt: new Date(), error: message.slice(0, 2_000) },
    });
    await appendAudit(tx, {
      actor: null,
      action: 'digest.run',
      entityType: 'ScheduledRun',
      entityId: `${DAILY_DIGEST}:${toIsoDate(day)}`,
      after: { error: message.slice(0, 500) },
      outcome: 'FAILURE',
    });
  });
}

/** The instant a ledger day (UTC-midnight Date) begins in Asia/Shanghai (UTC+8 all year, no DST). */
export const startOfLedgerDay = (day: Date) => new Date(day.getTime() - 8 * 3_600_000);
