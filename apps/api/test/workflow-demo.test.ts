/**
 * The demo ledger can be carried on along the closure path: every seeded item that waits for a
 * step offers it to the person whose step it is, and the step succeeds — so that the seed's
 * closure chains are consistent with the state machine, and a demo shows the whole path.
 */
import { DEFAULT_SIGN_STATEMENT } from '@ledger/domain/workflow-inputs';
import { toIsoDate } from '@ledger/domain/calendar';
import type { ItemDetail } from '@ledger/domain/items';
import type { WorkflowAction } from '@ledger/domain/workflow';
import { describe, expect, it } from 'vitest';

import { SEED_TODAY, useSeedDayApp, useTestApp } from './helpers';

describe('the demo ledger along the closure path', () => {
  const context = useTestApp({ seed: true });
  // The seed's day: notice periods and deadlines mean the same on whatever day the test runs.
  const { sessions, login, inject } = useSeedDayApp(context);
  const prisma = () => context.db.prisma;
  const todayIso = toIsoDate(SEED_TODAY);

  async function as(username: string, method: 'GET' | 'POST', url: string, payload?: object) {
    if (!(username in sessions)) await login(username);
    return inject(username, { method, url, payload });
  }

  /** The unit head of the item's lead unit (谁签字，谁负责). */
  async function headOf(leadUnitId: string) {
    const head = await prisma().user.findFirstOrThrow({
      where: { role: 'UNIT_HEAD', unitId: leadUnitId, status: 'ACTIVE' },
      orderBy: { username: 'asc' },
    });
    return head.username;
  }

  async function act(username: string, item: { id: string }, action: WorkflowAction, input: object) {
    const before = (await as(username, 'GET', `/api/items/${item.id}`)).json() as ItemDetail;
    expect(before.allowedActions, `${username} on ${before.number}`).toContain(action);
    const response = await as(username, 'POST', `/api/items/${item.id}/actions/${action}`, {
      version: before.version,
      ...input,
    });
    expect(response.statusCode, `${action} on ${before.number}: ${response.body}`).toBe(200);
    return response.json() as ItemDetail;
  }

  const itemsIn = (status: 'CLOSURE_REQUESTED' | 'AWAITING_VERIFICATION' | 'AWAITING_SIGN_OFF' | 'CLOSED') =>
    prisma().ledgerItem.findMany({ where: { status }, select: { id: true, leadUnitId: true } });

  it('has items waiting at each step of the path', async () => {
    const counts = await prisma().ledgerItem.groupBy({ by: ['status'], _count: true });
    const byStatus = Object.fromEntries(counts.map((row) => [row.status, row._count]));
    for (const status of [
      'CLOSURE_REQUESTED',
      'AWAITING_VERIFICATION',
      'PUBLIC_NOTICE',
      'AWAITING_SIGN_OFF',
      'CLOSED',
    ]) {
      expect(byStatus[status] ?? 0, status).toBeGreaterThan(0);
    }
  });

  it('lets each lead unit’s head sign the requests waiting for them', async () => {
    for (const item of await itemsIn('CLOSURE_REQUESTED')) {
      const signed = await act(await headOf(item.leadUnitId), item, 'sign', {
        statement: DEFAULT_SIGN_STATEMENT,
      });
      expect(signed.status).toBe('AWAITING_VERIFICATION');
      expect(signed.closure?.signer).not.toBeNull();
    }
  });

  it('lets the coordinator verify what waits for verification, then start its notice', async () => {
    for (const item of await itemsIn('AWAITING_VERIFICATION')) {
      const verified = await act('coordinator', item, 'verify', {
        result: 'PASSED',
        conclusion: '经现场核查，整改到位。',
        onSite: true,
        verifiedOn: todayIso,
      });
      expect(verified.status).toBe('VERIFIED');
      const notice = await act('coordinator', item, 'start_notice', {});
      expect(notice.status).toBe('PUBLIC_NOTICE');
    }
  });

  it('lets the coordinator end the seeded notices whose period has passed without objection', async () => {
    const seeded = await prisma().ledgerItem.findMany({
      where: {
        status: 'PUBLIC_NOTICE',
        closureRequests: { some: { noticePeriods: { some: { endsOn: { lt: SEED_TODAY } } } } },
      },
      select: { id: true },
    });
    expect(seeded.length).toBeGreaterThan(0);
    for (const item of seeded) {
      const ended = await act('coordinator', item, 'close_notice', {});
      expect(ended.status).toBe('AWAITING_SIGN_OFF');
    }
  });

  it('lets the leader sign off what waits for sign-off', async () => {
    for (const item of await itemsIn('AWAITING_SIGN_OFF')) {
      const closed = await act('leader', item, 'sign_off', { decision: 'APPROVED', statement: '同意销号。' });
      expect(closed).toMatchObject({ status: 'CLOSED', closedOn: todayIso });
    }
  });

  it('lets the coordinator record a look-back on every closed item', async () => {
    for (const item of await itemsIn('CLOSED')) {
      const kept = await act('coordinator', item, 'record_lookback', {
        result: 'KEPT',
        findings: '回头看：整改成果保持。',
        inspectedOn: todayIso,
      });
      expect(kept.status).toBe('CLOSED');
    }
  });
});
