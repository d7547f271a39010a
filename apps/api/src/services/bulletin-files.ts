/**
 * The bulletin's two files, both written from the one snapshot (BulletinFigures) and from nothing
 * else: the PDF that is circulated and the workbook with the same numbers, one sheet per section.
 * The sentences and tables of each section are built once here (`sections`), so the two files
 * cannot word a figure differently.
 */
import {
  OVERDUE_ITEMS_PER_UNIT,
  bulletinPeriod,
  describePeriod,
  type BulletinFigures,
} from '@ledger/domain/bulletins';
import { DUE_SOON_DAYS } from '@ledger/domain/dashboard';
import { formatDateTime, GAP, timesLine } from '@ledger/documents/format';
import { PdfReport } from '@ledger/documents/pdf';
import type { TableColumn } from '@ledger/documents/table';
import {
  addSheet,
  createWorkbook,
  workbookBuffer,
  type CellValue,
  type SheetColumn,
} from '@ledger/documents/xlsx';
import {
  handlingState,
  itemKind,
  noticeLevel,
  supervisionStatus,
  taskReportBucket,
  unitType,
} from '@ledger/domain/vocabulary';

const dateOf = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const share = (part: number, whole: number) => (whole === 0 ? '—' : percent(part / whole));

/** What the bulletin says, section by section: the same words in the PDF and the workbook. */
function sections(figures: BulletinFigures) {
  const { summary, rebounds, notices, closed } = figures;
  const asOf = formatDateTime(new Date(figures.dataAsOf));
  const period = describePeriod(figures);
  const overdueUnits = figures.overdueByUnit.length;
  return {
    periodLine: `统计周期：${period}（${bulletinPeriod.label(figures.periodKind)}）`,
    overview: [
      `截至 ${asOf}，全区台账共有督察反馈问题（整改任务）${summary.tasks.total} 项、信访件 ${summary.petitions.total} 件；` +
        `逾期未销号 ${summary.deadlines.overdue} 项，${DUE_SOON_DAYS} 日内到期 ${summary.deadlines.dueSoon} 项。`,
      `本期（${period}）销号 ${closed.total} 项，回头看发现反弹 ${rebounds.total} 项，下发督办 ${notices.total} 件。`,
    ],
    taskRows: taskReportBucket.codes.map((code) => ({
      label: taskReportBucket.label(code),
      count: summary.tasks.buckets[code],
    })),
    petitionRows: handlingState.codes.map((code) => ({
      label: handlingState.label(code),
      count: summary.petitions.buckets[code],
    })),
    overdueIntro:
      summary.deadlines.overdue === 0
        ? `截至 ${asOf}，无逾期事项。`
        : `截至 ${asOf}，共有 ${summary.deadlines.overdue} 项事项超过整改时限未销号，涉及 ${overdueUnits} 个牵头单位` +
          `（每个单位列出逾期最久的 ${OVERDUE_ITEMS_PER_UNIT} 项）。`,
    reboundIntro: `本期回头看发现反弹 ${rebounds.total} 项。`,
    noticeIntro:
      `本期下发督办 ${notices.total} 件，其中黄色督办 ${notices.byLevel.YELLOW} 件、` +
      `红色挂牌督办 ${notices.byLevel.RED} 件。`,
    closedIntro: `本期销号 ${closed.total} 项。`,
  };
}

/** `等 120 项（此处列出前 50 项，完整清单见台账）` when a list was cut, else nothing. */
const moreText = (shown: number, total: number) =>
  total > shown ? `……等 ${total} 项（此处列出前 ${shown} 项，完整清单见台账）。` : null;

// ───────────────────────────── PDF ─────────────────────────────

/** Under a cut list, the note saying how many there are in all. */
function noteMore(report: PdfReport, shown: number, total: number) {
  const more = moreText(shown, total);
  if (more) report.paragraph(more, { muted: true, size: 9 });
}

const countColumns: TableColumn[] = [
  { header: '口径', width: 3 },
  { header: '数量', width: 1, align: 'right' },
  { header: '占比', width: 1, align: 'right' },
];

export async function renderBulletinPdf(figures: BulletinFigures): Promise<Buffer> {
  const text = sections(figures);
  const { summary } = figures;
  const report = new PdfReport({
    title: figures.title,
    generatedAt: new Date(figures.generatedAt),
    dataAsOf: new Date(figures.dataAsOf),
    author: '拱墅区整改协调小组',
    subject: text.periodLine,
  });
  report.heading(figures.title, 1);
  report.paragraph(text.periodLine, { align: 'center' });
  report.paragraph(
    `${timesLine(new Date(figures.generatedAt), new Date(figures.dataAsOf))}${GAP}生成人：${figures.generatedBy.name}`,
    { align: 'center', muted: true, size: 9 },
  );

  report.heading('一、总体进展');
  for (const line of text.overview) report.paragraph(line);
  report.heading('督察反馈问题（整改任务）', 3);
  report.table({
    columns: countColumns,
    rows: [
      ...text.taskRows.map((row) => [row.label, String(row.count), share(row.count, summary.tasks.total)]),
      ['合计', String(summary.tasks.total), share(summary.tasks.total, summary.tasks.total)],
    ],
  });
  report.heading('信访件办结情况', 3);
  report.table({
    columns: countColumns,
    rows: [
      ...text.petitionRows.map((row) => [
        row.label,
        String(row.count),
        share(row.count, summary.petitions.total),
      ]),
      ['合计', String(summary.petitions.total), share(summary.petitions.total, summary.petitions.total)],
    ],
  });
  report.table({
    columns: [
      { header: '期限情况', width: 3 },
      { header: '事项数', width: 2, align: 'right' },
    ],
    rows: [
      ['逾期未销号', String(summary.deadlines.overdue)],
      [`${DUE_SOON_DAYS} 日内到期`, String(summary.deadlines.dueSoon)],
    ],
  });

  report.heading('二、各单位整改情况');
  report.paragraph('按牵头单位统计，逾期事项多的在前，其次完成率低的在前。', { muted: true, size: 9 });
  report.table({
    columns: [
      { header: '序号', width: 0.8, align: 'right' },
      { header: '牵头单位', width: 3 },
      { header: '牵头事项', width: 1.2, align: 'right' },
      { header: '已销号', width: 1.2, align: 'right' },
      { header: '完成率', width: 1.3, align: 'right' },
      { header: '逾期', width: 1, align: 'right' },
      { header: '曾反弹', width: 1.2, align: 'right' },
    ],
    rows: summary.units.map((unit, index) => [
      String(index + 1),
      unit.unitName,
      String(unit.assigned),
      String(unit.closed),
      percent(unit.completionRate),
      String(unit.overdue),
      String(unit.rebound),
    ]),
    emptyText: '台账中尚无事项。',
  });

  report.heading('三、逾期事项');
  report.paragraph(text.overdueIntro);
  for (const unit of figures.overdueByUnit) {
    report.heading(`${unit.unitName}（逾期 ${unit.overdue} 项）`, 3);
    report.table({
      columns: [
        { header: '编号', width: 2.2 },
        { header: '事项', width: 4.6 },
        { header: '整改时限', width: 1.5 },
        { header: '逾期天数', width: 1.1, align: 'right' },
      ],
      rows: unit.items.map((item) => [item.number, item.title, item.deadline, String(item.daysOverdue)]),
    });
    noteMore(report, unit.items.length, unit.overdue);
  }

  report.heading('四、反弹问题');
  report.paragraph(text.reboundIntro);
  report.table({
    columns: [
      { header: '编号', width: 2.1 },
      { header: '事项', width: 3 },
      { header: '牵头单位', width: 1.8 },
      { header: '检查日期', width: 1.5 },
      { header: '检查情况', width: 3.6 },
    ],
    rows: figures.rebounds.rows.map((row) => [
      row.number,
      row.title,
      row.unitName,
      row.inspectedOn,
      row.findings,
    ]),
    emptyText: '本期无反弹问题。',
  });
  noteMore(report, figures.rebounds.rows.length, figures.rebounds.total);

  report.heading('五、督办情况');
  report.paragraph(text.noticeIntro);
  report.table({
    columns: [
      { header: '下发日期', width: 1.3 },
      { header: '等级', width: 1.1 },
      { header: '被督办单位', width: 1.6 },
      { header: '编号', width: 2.3 },
      { header: '事项', width: 2.4 },
      { header: '要求反馈', width: 1.3 },
      { header: '当前状态', width: 1.6 },
    ],
    // Seven columns: a size smaller keeps an acceptance number (X330000…, 19 characters) on one line.
    fontSize: 8,
    rows: figures.notices.rows.map((row) => [
      formatDateTime(new Date(row.issuedAt)).slice(0, 10),
      noticeLevel.label(row.level),
      row.unitName,
      row.number,
      row.title,
      row.responseDueOn,
      supervisionStatus.label(row.status),
    ]),
    emptyText: '本期未下发督办。',
  });
  noteMore(report, figures.notices.rows.length, figures.notices.total);

  report.heading('六、本期销号');
  report.paragraph(text.closedIntro);
  report.table({
    columns: [
      { header: '编号', width: 2.2 },
      { header: '类型', width: 1.6 },
      { header: '事项', width: 4 },
      { header: '牵头单位', width: 2 },
      { header: '销号日期', width: 1.5 },
    ],
    rows: figures.closed.rows.map((row) => [
      row.number,
      itemKind.label(row.kind),
      row.title,
      row.unitName,
      row.closedOn,
    ]),
    emptyText: '本期无销号事项。',
  });
  noteMore(report, figures.closed.rows.length, figures.closed.total);

  return report.finish();
}

// ───────────────────────────── XLSX ─────────────────────────────

export async function renderBulletinXlsx(figures: BulletinFigures): Promise<Buffer> {
  const text = sections(figures);
  const { summary } = figures;
  const generatedAt = new Date(figures.generatedAt);
  const workbook = createWorkbook({
    creator: figures.generatedBy.name,
    created: generatedAt,
    title: figures.title,
  });
  const subtitle = `${text.periodLine}${GAP}${timesLine(generatedAt, new Date(figures.dataAsOf))}`;
  const sheet = (name: string, columns: SheetColumn[], rows: CellValue[][], note?: string | null) =>
    addSheet(workbook, {
      name,
      title: `${figures.title} — ${name}`,
      subtitle: note ? `${subtitle}${GAP}${note}` : subtitle,
      columns,
      rows,
    });

  sheet(
    '一、总体进展',
    [
      { header: '分类', kind: 'text', width: 22 },
      { header: '口径', kind: 'text', width: 20 },
      { header: '数量', kind: 'integer' },
    ],
    [
      ...text.taskRows.map((row): CellValue[] => ['督察反馈问题（整改任务）', row.label, row.count]),
      ['督察反馈问题（整改任务）', '合计', summary.tasks.total],
      ...text.petitionRows.map((row): CellValue[] => ['信访件', row.label, row.count]),
      ['信访件', '合计', summary.petitions.total],
      ['期限情况', '逾期未销号', summary.deadlines.overdue],
      ['期限情况', `${DUE_SOON_DAYS} 日内到期`, summary.deadlines.dueSoon],
      ['本期', '销号', figures.closed.total],
      ['本期', '回头看发现反弹', figures.rebounds.total],
      ['本期', '下发督办', figures.notices.total],
      ['本期', '其中黄色督办', figures.notices.byLevel.YELLOW],
      ['本期', '其中红色挂牌督办', figures.notices.byLevel.RED],
    ],
  );

  sheet(
    '二、各单位整改情况',
    [
      { header: '序号', kind: 'integer', width: 6 },
      { header: '牵头单位', kind: 'text', width: 22 },
      { header: '单位类型', kind: 'text', width: 10 },
      { header: '牵头事项', kind: 'integer' },
      { header: '已销号', kind: 'integer' },
      { header: '完成率', kind: 'percent' },
      { header: '逾期', kind: 'integer' },
      { header: '曾反弹', kind: 'integer' },
    ],
    summary.units.map((unit, index) => [
      index + 1,
      unit.unitName,
      unitType.label(unit.unitType),
      unit.assigned,
      unit.closed,
      unit.completionRate,
      unit.overdue,
      unit.rebound,
    ]),
  );

  sheet(
    '三、逾期事项',
    [
      { header: '牵头单位', kind: 'text', width: 22 },
      { header: '单位逾期总数', kind: 'integer', width: 14 },
      { header: '编号', kind: 'text', width: 16 },
      { header: '事项', kind: 'text', width: 48 },
      { header: '整改时限', kind: 'date' },
      { header: '逾期天数', kind: 'integer' },
    ],
    figures.overdueByUnit.flatMap((unit) =>
      unit.items.map((item): CellValue[] => [
        unit.unitName,
        unit.overdue,
        item.number,
        item.title,
        dateOf(item.deadline),
        item.daysOverdue,
      ]),
    ),
    `每个单位列出逾期最久的 ${OVERDUE_ITEMS_PER_UNIT} 项`,
  );

  sheet(
    '四、反弹问题',
    [
      { header: '编号', kind: 'text', width: 16 },
      { header: '事项', kind: 'text', width: 40 },
      { header: '牵头单位', kind: 'text', width: 20 },
      { header: '检查日期', kind: 'date' },
      { header: '检查情况', kind: 'text', width: 60 },
    ],
    figures.rebounds.rows.map((row) => [
      row.number,
      row.title,
      row.unitName,
      dateOf(row.inspectedOn),
      row.findings,
    ]),
    moreText(figures.rebounds.rows.length, figures.rebounds.total),
  );

  sheet(
    '五、督办情况',
    [
      { header: '下发时间', kind: 'datetime' },
      { header: '督办等级', kind: 'text', width: 10 },
      { header: '被督办单位', kind: 'text', width: 20 },
      { header: '编号', kind: 'text', width: 16 },
      { header: '事项', kind: 'text', width: 40 },
      { header: '要求反馈日期', kind: 'date', width: 14 },
      { header: '当前状态', kind: 'text', width: 18 },
    ],
    figures.notices.rows.map((row) => [
      new Date(row.issuedAt),
      noticeLevel.label(row.level),
      row.unitName,
      row.number,
      row.title,
      dateOf(row.responseDueOn),
      supervisionStatus.label(row.status),
    ]),
    moreText(figures.notices.rows.length, figures.notices.total),
  );

  sheet(
    '六、本期销号',
    [
      { header: '编号', kind: 'text', width: 16 },
      { header: '类型', kind: 'text', width: 14 },
      { header: '事项', kind: 'text', width: 48 },
      { header: '牵头单位', kind: 'text', width: 20 },
      { header: '销号日期', kind: 'date' },
    ],
    figures.closed.rows.map((row) => [
      row.number,
      itemKind.label(row.kind),
      row.title,
      row.unitName,
      dateOf(row.closedOn),
    ]),
    moreText(figures.closed.rows.length, figures.closed.total),
  );

  return workbookBuffer(workbook);
}
