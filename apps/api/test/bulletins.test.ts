/**
 * 通报 through the API, on PostgreSQL with the demo ledger: a week's bulletin carries the
 * dashboard's figures as they stood and the period's closures, rebounds and notices (created
 * here, with ones just outside the period that must not count), in the PDF as pdftotext reads it
 * and in the workbook as exceljs reads it; a later download is the same bytes whatever changed
 * since; bad periods name their field; who may generate, read and download; downloads audited.
 */
import { createHash } from 'node:crypto';

import { pdfText, squash } from '@ledger/documents/testing-pdf';
import type { BulletinDetail, BulletinList, BulletinView } from '@ledger/domain/bulletins';
import { ledgerDate } from '@ledger/domain/calendar';
import { taskReportBucket } from '@ledger/domain/vocabulary';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';

import { dashboardSummary } from '../src/services/dashboard';
import { SEED_TODAY, useSeedDayApp, useTestApp } from './helpers';

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const beijing = (iso: string) => new Date(`${iso}+08:00`);

describe('bulletins (通报)', () => {
  const context = useTestApp({ seed: true });
  const { login, inject } = useSeedDayApp(context);
  const prisma = () => context.db.prisma;
  const today = ledgerDate(SEED_TODAY); // 2026-11-29, a Sunday

  /** What the test put in the week 2026-11-16 … 2026-11-22, to find in the bulletin. */
  const made = { closed: '', rebound: '', notice: '', outsideNotice: '' };

  async function openItems(count: number) {
    return prisma().ledgerItem.findMany({
      where: { status: 'IN_PROGRESS', reboundCount: 0 },
      orderBy: { number: 'asc' },
      take: count,
      select: { id: true, number: true, leadUnitId: true },
    });
  }

  beforeAll(async () => {
    for (const username of ['coordinator', 'leader', 'auditor', 'officer.hushu']) {
      await login(username);
    }
    const coordinator = await prisma().user.findUniqueOrThrow({ where: { username: 'coordinator' } });
    const [toClose, toRebound, supervised, outside] = await openItems(4);
    // A closure, a rebound and notices as the workflow and the notices service leave them.
    await prisma().ledgerItem.update({
      where: { id: toClose!.id },
      data: { status: 'CLOSED', closedOn: day('2026-11-18') },
    });
    made.closed = toClose!.number;
    await prisma().lookBack.create({
      data: {
        itemId: toRebound!.id,
        inspectedOn: day('2026-11-19'),
        result: 'REBOUND',
        findings: '回头看发现沿河排口再次出现污水直排，问题反弹。',
        inspectorId: coordinator.id,
      },
    });
    await prisma().ledgerItem.update({ where: { id: toRebound!.id }, data: { reboundCount: 1 } });
    made.rebound = toRebound!.number;
    const notice = (itemId: string, unitId: string, issuedAt: Date, level: 'RED' | 'YELLOW') =>
      prisma().supervisionNotice.create({
        data: {
          itemId,
          unitId,
          level,
          reason: '超过整改时限，请加快推进。',
          responseDueOn: day('2026-11-27'),
          issuedById: coordinator.id,
          issuedAt,
        },
      });
    // 00:30 Beijing on Monday the 16th is in the week, though it is still the 15th in UTC.
    await notice(supervised!.id, supervised!.leadUnitId, beijing('2026-11-16T00:30:00'), 'RED');
    made.notice = supervised!.number;
    // 00:30 Beijing on Monday the 23rd is the next week, though it is still the 22nd in UTC.
    await notice(outside!.id, outside!.leadUnitId, beijing('2026-11-23T00:30:00'), 'YELLOW');
    made.outsideNotice = outside!.number;
  });

  /** The period's counts, as Prisma counts them (a formulation independent of the service's SQL). */
  async function periodCounts() {
    const [closed, rebounds, notices, red] = await Promise.all([
      prisma().ledgerItem.count({
        where: { status: 'CLOSED', closedOn: { gte: day('2026-11-16'), lte: day('2026-11-22') } },
      }),
      prisma().lookBack.count({
        where: { result: 'REBOUND', inspectedOn: { gte: day('2026-11-16'), lte: day('2026-11-22') } },
      }),
      prisma().supervisionNotice.count({
        where: { issuedAt: { gte: beijing('2026-11-16T00:00:00'), lt: beijing('2026-11-23T00:00:00') } },
      }),
      prisma().supervisionNotice.count({
        where: {
          level: 'RED',
          issuedAt: { gte: beijing('2026-11-16T00:00:00'), lt: beijing('2026-11-23T00:00:00') },
        },
      }),
    ]);
    return { closed, rebounds, notices, red };
  }

  let bulletin: BulletinView;
  let firstPdf: Buffer;
  let firstXlsx: Buffer;
  let summaryThen: Awaited<ReturnType<typeof dashboardSummary>>;
  let counts: Awaited<ReturnType<typeof periodCounts>>;

  it('generates the last complete week’s bulletin, with the dashboard’s figures and the period’s counts', async () => {
    const response = await inject('coordinator', {
      method: 'POST',
      url: '/api/bulletins',
      payload: { periodKind: 'WEEK' },
    });
    expect(response.statusCode, response.body).toBe(201);
    bulletin = response.json<BulletinView>();
    // Nothing changes the ledger in between: these are the figures at generation time.
    summaryThen = await dashboardSummary(prisma(), { kind: 'any' }, today);
    counts = await periodCounts();
    expect(counts).toMatchObject({ closed: expect.any(Number) });
    expect(counts.closed).toBeGreaterThanOrEqual(1);
    expect(counts.rebounds).toBeGreaterThanOrEqual(1);
    expect(counts.red).toBeGreaterThanOrEqual(1);

    expect(bulletin).toMatchObject({
      title: '拱墅区中央环保督察整改工作通报（2026年第47周）',
      periodKind: 'WEEK',
      periodStart: '2026-11-16',
      periodEnd: '2026-11-22',
      generatedBy: { name: expect.any(String) },
    });

    // The stored snapshot holds the dashboard's summary itself.
    const detail = (
      await inject('coordinator', { method: 'GET', url: `/api/bulletins/${bulletin.id}` })
    ).json<BulletinDetail>();
    const { asOf: _asOf, ...stored } = detail.figures.summary;
    const { asOf: _now, ...expected } = summaryThen;
    expect(stored).toEqual(expected);
    expect(detail.figures.summary.asOf).toBe(detail.dataAsOf);
    expect(detail.figures.closed.total).toBe(counts.closed);
    expect(detail.figures.rebounds.total).toBe(counts.rebounds);
    expect(detail.figures.notices.total).toBe(counts.notices);
    expect(detail.figures.notices.byLevel.RED).toBe(counts.red);

    const pdf = await inject('coordinator', { method: 'GET', url: bulletin.pdf.url });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(decodeURIComponent(String(pdf.headers['content-disposition']).split("''")[1]!)).toBe(
      '拱墅区中央环保督察整改工作通报（2026年第47周）.pdf',
    );
    firstPdf = pdf.rawPayload;
    expect(createHash('sha256').update(firstPdf).digest('hex')).toBe(bulletin.pdf.sha256);

    const text = squash(await pdfText(firstPdf));
    for (const section of [
      '一、总体进展',
      '二、各单位整改情况',
      '三、逾期事项',
      '四、反弹问题',
      '五、督办情况',
      '六、本期销号',
    ]) {
      expect(text).toContain(section);
    }
    expect(text).toContain(squash('统计周期：2026-11-16 至 2026-11-22（周报）'));
    expect(text).toContain('数据截至');
    expect(text).toMatch(/第1页\/共\d+页/);
    expect(text).toContain(
      squash(
        `全区台账共有督察反馈问题（整改任务）${summaryThen.tasks.total} 项、信访件 ${summaryThen.petitions.total} 件；` +
          `逾期未销号 ${summaryThen.deadlines.overdue} 项，7 日内到期 ${summaryThen.deadlines.dueSoon} 项。`,
      ),
    );
    expect(text).toContain(
      squash(
        `销号 ${counts.closed} 项，回头看发现反弹 ${counts.rebounds} 项，下发督办 ${counts.notices} 件。`,
      ),
    );
    expect(text).toContain(squash(`红色挂牌督办 ${counts.red} 件`));
    for (const code of taskReportBucket.codes) {
      expect(text).toContain(squash(`${taskReportBucket.label(code)} ${summaryThen.tasks.buckets[code]}`));
    }
    // Every unit's row of the per-unit table, with the dashboard's numbers.
    summaryThen.units.forEach((unit, index) => {
      const rate = `${(unit.completionRate * 100).toFixed(1)}%`;
      expect(text).toContain(
        `${index + 1}${unit.unitName}${unit.assigned}${unit.closed}${rate}${unit.overdue}${unit.rebound}`,
      );
    });
    const late = summaryThen.units.find((unit) => unit.overdue > 0)!;
    expect(text).toContain(squash(`${late.unitName}（逾期 ${late.overdue} 项）`));
    expect(text).toContain(made.closed);
    expect(text).toContain(made.rebound);
    expect(text).toContain(made.notice);
    expect(text).toContain('回头看发现沿河排口');
  });

  it('writes the same numbers into the workbook, one sheet per section', async () => {
    const response = await inject('coordinator', { method: 'GET', url: bulletin.xlsx.url });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    firstXlsx = response.rawPayload;
    expect(createHash('sha256').update(firstXlsx).digest('hex')).toBe(bulletin.xlsx.sha256);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(firstXlsx as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '一、总体进展',
      '二、各单位整改情况',
      '三、逾期事项',
      '四、反弹问题',
      '五、督办情况',
      '六、本期销号',
    ]);
    const rowsOf = (name: string) => {
      const sheet = workbook.getWorksheet(name)!;
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(String(sheet.getCell('A2').value)).toContain('统计周期：2026-11-16 至 2026-11-22');
      const rows: unknown[][] = [];
      sheet.eachRow((row, number) => {
        if (number > 3) rows.push((row.values as unknown[]).slice(1));
      });
      return rows;
    };

    const overview = new Map(rowsOf('一、总体进展').map((row) => [`${row[0]}/${row[1]}`, row[2]]));
    expect(overview.get('督察反馈问题（整改任务）/合计')).toBe(summaryThen.tasks.total);
    for (const code of taskReportBucket.codes) {
      expect(overview.get(`督察反馈问题（整改任务）/${taskReportBucket.label(code)}`)).toBe(
        summaryThen.tasks.buckets[code],
      );
    }
    expect(overview.get('信访件/合计')).toBe(summaryThen.petitions.total);
    expect(overview.get('期限情况/逾期未销号')).toBe(summaryThen.deadlines.overdue);
    expect(overview.get('本期/销号')).toBe(counts.closed);
    expect(overview.get('本期/回头看发现反弹')).toBe(counts.rebounds);
    expect(overview.get('本期/下发督办')).toBe(counts.notices);

    expect(rowsOf('二、各单位整改情况')).toEqual(
      summaryThen.units.map((unit, index) => [
        index + 1,
        unit.unitName,
        expect.any(String),
        unit.assigned,
        unit.closed,
        unit.completionRate,
        unit.overdue,
        unit.rebound,
      ]),
    );
    const overdueRows = rowsOf('三、逾期事项');
    expect(overdueRows.length).toBe(summaryThen.deadlines.overdue);
    expect(overdueRows[0]![4]).toBeInstanceOf(Date);

    const notices = rowsOf('五、督办情况');
    expect(notices.length).toBe(counts.notices);
    expect(notices.map((row) => row[3])).toContain(made.notice);
    expect(notices.map((row) => row[3])).not.toContain(made.outsideNotice);
    expect(rowsOf('六、本期销号').map((row) => row[0])).toContain(made.closed);
    expect(rowsOf('四、反弹问题').map((row) => row[0])).toContain(made.rebound);
  });

  it('serves the stored files unchanged after the ledger has moved on', async () => {
    const [another] = await openItems(1);
    await prisma().ledgerItem.update({
      where: { id: another!.id },
      data: { status: 'CLOSED', closedOn: day('2026-11-20') },
    });
    const pdf = await inject('leader', { method: 'GET', url: bulletin.pdf.url });
    const xlsx = await inject('auditor', { method: 'GET', url: bulletin.xlsx.url });
    expect(pdf.rawPayload.equals(firstPdf)).toBe(true);
    expect(xlsx.rawPayload.equals(firstXlsx)).toBe(true);
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(bulletin.pdf.sha256);

    // A new bulletin of the same week reads the ledger anew.
    const again = await inject('coordinator', {
      method: 'POST',
      url: '/api/bulletins',
      payload: { periodKind: 'WEEK', periodStart: '2026-11-19', title: '=第47周通报（更新）' },
    });
    expect(again.statusCode, again.body).toBe(201);
    const newer = again.json<BulletinView>();
    expect(newer).toMatchObject({ periodStart: '2026-11-16', periodEnd: '2026-11-22' });
    expect(newer.pdf.sha256).not.toBe(bulletin.pdf.sha256);
    const detail = (
      await inject('leader', { method: 'GET', url: `/api/bulletins/${newer.id}` })
    ).json<BulletinDetail>();
    expect(detail.figures.closed.total).toBe(counts.closed + 1);

    const list = await inject('leader', { method: 'GET', url: '/api/bulletins' });
    expect(list.statusCode).toBe(200);
    expect(list.json<BulletinList>()).toMatchObject({
      total: 2,
      bulletins: [{ id: newer.id }, { id: bulletin.id }],
    });
  });

  it('takes a month or a custom period, refusing what ends before it starts or lies in the future', async () => {
    const month = await inject('coordinator', {
      method: 'POST',
      url: '/api/bulletins',
      payload: { periodKind: 'MONTH' },
    });
    expect(month.statusCode, month.body).toBe(201);
    expect(month.json<BulletinView>()).toMatchObject({
      title: '拱墅区中央环保督察整改工作通报（2026年10月）',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
    });

    const refusals: [Record<string, unknown>, string][] = [
      [{ periodKind: 'CUSTOM', periodStart: '2026-11-20', periodEnd: '2026-11-10' }, 'body.periodEnd'],
      [{ periodKind: 'CUSTOM', periodStart: '2026-11-20', periodEnd: '2026-12-05' }, 'body.periodEnd'],
      [{ periodKind: 'CUSTOM', periodEnd: '2026-11-20' }, 'body.periodStart'],
      [{ periodKind: 'WEEK', periodStart: '2026-12-07' }, 'body.periodStart'],
      [{ periodKind: 'MONTH', periodStart: '2026-11-31' }, 'body.periodStart'],
      [{ periodKind: 'YEAR' }, 'body.periodKind'],
    ];
    for (const [payload, field] of refusals) {
      const response = await inject('coordinator', { method: 'POST', url: '/api/bulletins', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const body = response.json<{ message: string; issues: { field: string; message: string }[] }>();
      expect(body.issues.map((issue) => issue.field)).toContain(field);
      expect(body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const future = await inject('coordinator', {
      method: 'POST',
      url: '/api/bulletins',
      payload: { periodKind: 'CUSTOM', periodStart: '2026-11-20', periodEnd: '2026-12-05' },
    });
    expect(future.json<{ message: string }>().message).toContain('统计截止日期不能晚于今天（2026-11-29）');

    const custom = await inject('coordinator', {
      method: 'POST',
      url: '/api/bulletins',
      payload: { periodKind: 'CUSTOM', periodStart: '2026-11-01', periodEnd: '2026-11-29' },
    });
    expect(custom.statusCode, custom.body).toBe(201);
    expect(custom.json<BulletinView>().title).toBe(
      '拱墅区中央环保督察整改工作通报（2026-11-01至2026-11-29）',
    );
  });

  it('lets leaders and auditors read and download, only the coordination group generate, no unit officer in', async () => {
    const generate = { method: 'POST', url: '/api/bulletins', payload: { periodKind: 'WEEK' } } as const;
    for (const username of ['leader', 'auditor', 'officer.hushu']) {
      const refused = await inject(username, generate);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ missingPermission: 'generate:bulletin:any' });
    }
    for (const url of [
      '/api/bulletins',
      `/api/bulletins/${bulletin.id}`,
      bulletin.pdf.url,
      bulletin.xlsx.url,
    ]) {
      expect((await inject('officer.hushu', { method: 'GET', url })).statusCode).toBe(403);
      expect((await inject('auditor', { method: 'GET', url })).statusCode).toBe(200);
    }
    const missing = await inject('leader', {
      method: 'GET',
      url: '/api/bulletins/01900000-0000-7000-8000-000000000000/pdf',
    });
    expect(missing.statusCode).toBe(404);
  });

  it('keeps an audit record of each generation and of who downloaded which file', async () => {
    const generated = await prisma().auditLog.findMany({
      where: { action: 'bulletin.generate', entityId: bulletin.id },
    });
    expect(generated).toHaveLength(1);
    expect(generated[0]!.after).toMatchObject({
      periodStart: '2026-11-16',
      pdf: { sha256: bulletin.pdf.sha256 },
      xlsx: { sha256: bulletin.xlsx.sha256 },
    });
    const downloads = await prisma().auditLog.findMany({
      where: { action: 'bulletin.download', entityId: bulletin.id },
      orderBy: { id: 'asc' },
      include: { actor: { select: { username: true } } },
    });
    expect(
      downloads.map((record) => [record.actor?.username, (record.after as { format: string }).format]),
    ).toEqual([
      ['coordinator', 'pdf'],
      ['coordinator', 'xlsx'],
      ['leader', 'pdf'],
      ['auditor', 'xlsx'],
      ['auditor', 'pdf'],
      ['auditor', 'xlsx'],
    ]);
    expect(downloads[0]!.after).toMatchObject({ sha256: bulletin.pdf.sha256 });
  });
});
