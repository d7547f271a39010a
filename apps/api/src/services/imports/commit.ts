/**
 * `POST /api/imports/:id/commit`: applies a preview's plan, all rows or none.
 *
 * The request only moves the import from PREVIEWED to COMMITTING (one conditional UPDATE, so two
 * clicks cannot start two commits) and answers at once; the work runs in the background in ONE
 * database transaction, with the item routes' own create/update code (items-changes.ts): each
 * item's audit record as the routes write it, then the import's `import.commit` record and its
 * COMMITTED status — all in that transaction. An item whose version moved since the preview fails
 * the whole commit: the transaction rolls back and the import is marked FAILED with the row that
 * stopped it (and a FAILURE audit record).
 *
 * Progress cannot be seen inside an open transaction, so it is written beside it, through
 * another connection of the pool, every PROGRESS_EVERY rows, with a heartbeat. A commit whose
 * process died leaves COMMITTING behind (its transaction died with the process, nothing was
 * written): at the next start, such an import with a stale heartbeat is marked FAILED. With a
 * single database connection (the embedded database) nothing can be written beside the
 * transaction: progress then shows at the end, and at start-up every COMMITTING import is one
 * whose process died, as no other process can use that database.
 */
import { appendAudit } from '@ledger/db/audit';
import type { Prisma, PrismaClient } from '@ledger/db/client';
import { createItemInput, updateItemInput } from '@ledger/domain/items';
import type { FastifyBaseLogger } from 'fastify';

import { HttpError, conflict, notFound } from '../../lib/http-errors';
import {
  StaleVersionError,
  createItemIn,
  isUniqueViolation,
  updateItemIn,
  type ChangeContext,
} from '../items-changes';
import type { ActingUser } from '../progress';
import type { ImportPlan, PlanRow } from './plan';

/** Rows applied between two progress writes. */
export const PROGRESS_EVERY = 100;

export interface ImportCommitSettings {
  /** how often a running commit says it is alive */
  heartbeatMs: number;
  /** a COMMITTING import silent for this long belongs to a process that died */
  staleAfterMs: number;
}

/** As the job worker's (JOB_HEARTBEAT_SECONDS, JOB_STALE_AFTER_SECONDS). */
export const DEFAULT_IMPORT_COMMIT_SETTINGS: ImportCommitSettings = {
  heartbeatMs: 10_000,
  staleAfterMs: 2 * 60_000,
};
/** The longest a commit's transaction may take (20,000 rows, each with its audit record). */
const COMMIT_TIMEOUT_MS = 30 * 60_000;

export const commitMessages = {
  invalid: '有错误，不能导入：请按预览中的问题修改工作簿后重新上传',
  committing: '正在导入，请稍候',
  committed: '该文件已导入，不能重复导入',
  failed: '该预览导入失败，请重新上传预览',
  interrupted: '导入过程中服务中断，未写入任何数据，请重新上传预览后再导入',
  internal: '导入时服务器出错，未写入任何数据，请稍后重试',
};

export interface CommitContext {
  prisma: PrismaClient;
  actor: ActingUser;
  ip: string;
  /** whether something can be written beside the transaction (a pool of connections) */
  singleConnection: boolean;
  log: FastifyBaseLogger;
}

const rowPlace = (row: PlanRow) => `“${row.sheet}”表第 ${row.row} 行（编号 ${row.number ?? '空'}）`;

/** Why the row stopped the commit, for the person who clicked 导入. */
function rowFailure(row: PlanRow, error: unknown): string | null {
  if (error instanceof StaleVersionError) return `${rowPlace(row)}在预览后已被修改，请重新上传预览`;
  if (isUniqueViolation(error) || (error instanceof HttpError && error.statusCode === 409)) {
    return `${rowPlace(row)}：编号在预览后已被其他事项使用，请重新上传预览`;
  }
  if (error instanceof HttpError) {
    // A field refusal names API fields (body.leadUnitId); its messages alone speak to a person.
    const issues = error.details.issues as { message: string }[] | undefined;
    const reason = issues?.map((issue) => issue.message).join('；') ?? error.message;
    return `${rowPlace(row)}：${reason}，请重新上传预览`;
  }
  return null;
}

/** The commit stopped at a row; nothing was written. */
class CommitFailure extends Error {}

/**
 * The running commits of this process: their promises, so that closing the app waits for them
 * (a test, a graceful shutdown) rather than cutting a transaction off.
 */
export class ImportCommits {
  private readonly running = new Set<Promise<void>>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly settings: ImportCommitSettings = DEFAULT_IMPORT_COMMIT_SETTINGS) {}

  /**
   * Marks the imports of dead processes FAILED now, then again every half stale period: a process
   * restarted soon after a crash finds the dead commit's heartbeat still fresh, and without the
   * later sweeps the import would show 正在导入 until some later restart.
   */
  async sweepInterrupted(
    prisma: PrismaClient,
    singleConnection: boolean,
    log: Pick<FastifyBaseLogger, 'warn' | 'error'>,
  ): Promise<void> {
    const sweep = async () => {
      const failed = await failInterruptedCommits(prisma, singleConnection, this.settings.staleAfterMs);
      if (failed > 0) log.warn({ failed }, 'imports interrupted by a restart marked failed');
    };
    await sweep();
    // With one connection nothing but this process commits, and the first sweep took every dead one.
    if (singleConnection) return;
    this.sweeper = setInterval(() => {
      sweep().catch((error: unknown) => log.error({ err: error }, 'sweeping interrupted imports failed'));
    }, this.settings.staleAfterMs / 2);
    this.sweeper.unref();
  }

  /**
   * Moves the import to COMMITTING, runs `answer` (what the request answers with), then starts the
   * commit in the background — in that order, so that with a single connection the answer is
   * not queued behind the commit's transaction.
   */
  async start<T>(context: CommitContext, importId: string, answer: () => Promise<T>): Promise<T> {
    const { prisma } = context;
    const row = await prisma.ledgerImport.findUnique({ where: { id: importId }, select: { status: true } });
    if (!row) throw notFound('导入记录不存在');
    const started = await prisma.ledgerImport.updateMany({
      where: { id: importId, status: 'PREVIEWED' },
      data: { status: 'COMMITTING', progress: 0, heartbeatAt: new Date(), error: null },
    });
    if (started.count === 0) {
      const now = await prisma.ledgerImport.findUniqueOrThrow({
        where: { id: importId },
        select: { status: true },
      });
      if (now.status === 'INVALID') throw conflict(commitMessages.invalid);
      if (now.status === 'COMMITTING') throw conflict(commitMessages.committing);
      if (now.status === 'COMMITTED') throw conflict(commitMessages.committed);
      throw conflict(commitMessages.failed);
    }
    try {
      return await answer();
    } finally {
      const run = this.run(context, importId)
        .catch((error: unknown) => context.log.error({ err: error, importId }, 'import commit failed'))
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  /** Stops sweeping and waits for the commits under way. */
  async drain(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.running]);
  }

  private async run(context: CommitContext, importId: string): Promise<void> {
    const { prisma, actor, ip, singleConnection } = context;
    const stored = await prisma.ledgerImport.findUniqueOrThrow({
      where: { id: importId },
      select: { plan: true, fileName: true, sha256: true, counts: true },
    });
    const plan = stored.plan as unknown as ImportPlan;
    const rows = plan.rows.filter((row) => row.apply !== null);
    const change: ChangeContext = { actor: { id: actor.id, name: actor.name }, ip };

    // Written beside the transaction, never inside it: only rows of an import still committing.
    const beside = (data: Prisma.LedgerImportUpdateManyMutationInput) =>
      singleConnection
        ? Promise.resolve()
        : prisma.ledgerImport
            .updateMany({ where: { id: importId, status: 'COMMITTING' }, data })
            .then(() => undefined);
    await prisma.ledgerImport.update({ where: { id: importId }, data: { total: rows.length } });
    const heartbeat = singleConnection
      ? undefined
      : setInterval(() => {
          beside({ heartbeatAt: new Date() }).catch(() => {});
        }, this.settings.heartbeatMs);

    let failure: string | null = null;
    try {
      await prisma.$transaction(
        async (tx) => {
          let done = 0;
          let created = 0;
          let updated = 0;
          for (const row of rows) {
            const apply = row.apply!;
            try {
              if ('create' in apply) {
                // Re-validated: the plan is stored JSON, possibly from before an upgrade.
                await createItemIn(tx, createItemInput.parse(apply.create), change);
                created += 1;
              } else {
                await updateItemIn(tx, apply.itemId, updateItemInput.parse(apply.update), change);
                updated += 1;
              }
            } catch (error) {
              const message = rowFailure(row, error);
              if (message) throw new CommitFailure(message);
              throw error;
            }
            done += 1;
            if (done % PROGRESS_EVERY === 0) await beside({ progress: done, heartbeatAt: new Date() });
          }
          await appendAudit(tx, {
            actor: change.actor,
            action: 'import.commit',
            entityType: 'LedgerImport',
            entityId: importId,
            after: {
              fileName: stored.fileName,
              sha256: stored.sha256,
              created,
              updated,
              unchanged: plan.rows.length - rows.length,
            },
            ip,
          });
          await tx.ledgerImport.update({
            where: { id: importId },
            data: { status: 'COMMITTED', committedAt: new Date(), progress: done, heartbeatAt: new Date() },
          });
        },
        { timeout: COMMIT_TIMEOUT_MS, maxWait: 60_000 },
      );
    } catch (error) {
      if (error instanceof CommitFailure) {
        failure = error.message;
      } else {
        context.log.error({ err: error, importId }, 'import commit failed');
        failure = commitMessages.internal;
      }
    } finally {
      if (heartbeat) clearInterval(heartbeat);
    }
    if (failure !== null) await markFailed(prisma, importId, failure, change);
  }
}

async function markFailed(prisma: PrismaClient, importId: string, reason: string, change: ChangeContext) {
  await prisma.$transaction(async (tx) => {
    await tx.ledgerImport.update({
      where: { id: importId },
      data: { status: 'FAILED', error: reason, progress: 0, heartbeatAt: new Date() },
    });
    await appendAudit(tx, {
      actor: change.actor,
      action: 'import.commit',
      entityType: 'LedgerImport',
      entityId: importId,
      outcome: 'FAILURE',
      after: { reason },
      ip: change.ip,
    });
  });
}

/**
 * At start-up: imports left COMMITTING by a process that died are FAILED (their transaction
 * died with it, so nothing of them is in the ledger).
 */
export async function failInterruptedCommits(
  prisma: PrismaClient,
  singleConnection: boolean,
  staleAfterMs = DEFAULT_IMPORT_COMMIT_SETTINGS.staleAfterMs,
): Promise<number> {
  const staleBefore = new Date(Date.now() - (singleConnection ? 0 : staleAfterMs));
  const where = {
    status: 'COMMITTING',
    OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: staleBefore } }],
  } satisfies Prisma.LedgerImportWhereInput;
  const stale = await prisma.ledgerImport.findMany({ where, select: { id: true } });
  let failed = 0;
  for (const { id } of stale) {
    await prisma.$transaction(async (tx) => {
      // Still stale now: another process may have taken it up since the list was read.
      const marked = await tx.ledgerImport.updateMany({
        where: { ...where, id },
        data: { status: 'FAILED', error: commitMessages.interrupted, progress: 0 },
      });
      if (marked.count === 0) return;
      failed += 1;
      await appendAudit(tx, {
        actor: null,
        action: 'import.commit',
        entityType: 'LedgerImport',
        entityId: id,
        outcome: 'FAILURE',
        after: { reason: commitMessages.interrupted },
      });
    });
  }
  return failed;
}
