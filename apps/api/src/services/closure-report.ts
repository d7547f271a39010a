/**
 * 销号报告: the PDF an auditor files for one item — its official fields (the ledger workbook's
 * columns, so the report and the Excel ledger name every field alike), the rectification report,
 * the unit head's signature with the exact words signed (谁签字，谁负责), the verifications, the
 * public notice periods with their objections (never the objector's contact), the district
 * leader's sign-off, the evidence files with their SHA-256 and proven dates, the whole timeline,
 * and the hash of the last audit record concerning the item, which ties the paper to the audit
 * chain. Written from what services/case-file.ts read in one snapshot; nothing is read here.
 * An item not yet closed gets the same report, saying so at the top.
 */
import { describeNoticePeriod } from '@ledger/domain/calendar';
import { formatDateTime } from '@ledger/domain/format';
import type { ItemDetail, TimelineEntry } from '@ledger/domain/items';
import {
  cellText,
  sheetOfKind,
  type WorkbookColumn,
  type WorkbookValue,
} from '@ledger/domain/ledger-workbook';
import {
  closureRequestStatus,
  itemKind,
  itemStatus,
  noticePeriodStatus,
  objectionStatus,
  signOffDecision,
  verificationResult,
} from '@ledger/domain/vocabulary';
import { GAP } from '@ledger/documents/format';
import { PdfReport } from '@ledger/documents/pdf';

/** A public notice period of the closure request, with its objections (no contact, no address). */
export interface NoticeRecord {
  id: string;
  startsOn: string;
  endsOn: string;
  workingDays: number;
  url: string | null;
  status: keyof typeof noticePeriodStatus.labels;
  startedBy: string;
  startedAt: Date;
  objections: {
    content: string;
    status: keyof typeof objectionStatus.labels;
    resolution: string | null;
    resolvedBy: string | null;
    resolvedAt: Date | null;
    receivedAt: Date;
  }[];
}

/** The newest audit record concerning the item when the report was read. */
export interface AuditAnchor {
  id: string;
  hash: string;
  occurredAt: Date;
  action: string;
}

export interface ClosureReportInput {
  detail: ItemDetail;
  /** every notice period of the closure request the detail shows (the detail has only the latest) */
  notices: NoticeRecord[];
  lastAudit: AuditAnchor | null;
  /** the snapshot's moment (数据截至) */
  dataAsOf: Date;
  generatedAt: Date;
  /** who took the report out (导出人) */
  exportedBy: string;
}

export const closureReportFileName = (number: string) => `销号报告-${number}.pdf`;

const NONE = '—';
/** Room for a section's heading with the start of what follows, so a heading never ends a page alone. */
const SECTION_START = 110;
const time = (instant: string | Date | null) => (instant ? formatDateTime(instant) : NONE);
const yesNo = (value: boolean) => (value ? '是' : '否');

/** The latest progress report: by the date it reports on, then by when it was written. */
function latestProgress(detail: ItemDetail): TimelineEntry | undefined {
  return detail.timeline.filter((entry) => entry.type === 'progress').at(-1);
}

/** A workbook column's value for this item, as the ledger export writes it. */
function fieldValue(detail: ItemDetail, column: WorkbookColumn): WorkbookValue {
  const { task, petition } = detail;
  switch (column.key) {
    case 'leadUnit':
      return detail.leadUnit.name;
    case 'cooperatingUnits':
      return detail.cooperatingUnits.map((unit) => unit.name);
    case 'petition.area':
      return petition?.area.name ?? null;
    case 'latestProgressPercent':
      return detail.latestPercent;
    case 'latestProgress':
      return latestProgress(detail)?.detail ?? null;
    case 'lastProgressOn':
      return latestProgress(detail)?.on ?? null;
  }
  const [scope, field] = column.key.split('.') as [string, string | undefined];
  const record: Record<string, unknown> | null =
    field === undefined ? detail : scope === 'task' ? task : scope === 'petition' ? petition : null;
  const value = record?.[field ?? scope];
  return value === undefined ? null : (value as WorkbookValue);
}

/** 字段 | 内容 rows: the item's kind, then the official columns in the official order. */
export function officialFields(detail: ItemDetail): [string, string][] {
  const rows: [string, string][] = [['台账类型', itemKind.label(detail.kind)]];
  for (const column of sheetOfKind(detail.kind).columns) {
    const value = fieldValue(detail, column);
    const text =
      column.kind === 'percent' && typeof value === 'number' ? `${value}%` : cellText(column, value);
    rows.push([column.header, text ?? NONE]);
  }
  return rows;
}

export async function renderClosureReport(input: ClosureReportInput): Promise<Buffer> {
  const { detail, notices, lastAudit } = input;
  const closure = detail.closure;
  const title = `销号报告（${detail.number}）`;
  const report = new PdfReport({
    title,
    generatedAt: input.generatedAt,
    dataAsOf: input.dataAsOf,
    author: input.exportedBy,
    subject: `${detail.number} ${detail.title}`,
  });
  const evidenceById = new Map(detail.evidence.map((file) => [file.id, file]));

  report.heading('销号报告', 1);
  report.paragraph(`${detail.number}${GAP}${detail.title}`, { align: 'center', bold: true, size: 12 });
  report.paragraph(`导出人：${input.exportedBy}`, { align: 'center', muted: true, size: 9 });
  if (detail.status === 'CLOSED') {
    report.paragraph(`本事项已销号，销号日期 ${detail.closedOn ?? NONE}。`, { bold: true });
  } else {
    report.paragraph(
      `本事项尚未销号（当前状态：${itemStatus.label(detail.status)}）。本报告记录截至数据截至时间的办理情况，不作为销号证明。`,
      { bold: true },
    );
  }

  report.heading('一、事项基本信息');
  report.table({
    columns: [
      { header: '字段', width: 1 },
      { header: '内容', width: 3.4 },
    ],
    rows: officialFields(detail),
  });

  report.heading('二、整改报告（销号申请）');
  if (!closure) {
    report.paragraph('尚未申请销号。');
  } else {
    report.paragraph(
      `申请人：${closure.requestedBy.displayName}${GAP}申请时间：${time(closure.requestedAt)}${GAP}` +
        `申请状态：${closureRequestStatus.label(closure.status)}`,
    );
    if (closure.returnReason) report.paragraph(`退回/撤回原因：${closure.returnReason}`);
    report.heading('整改报告', 3);
    report.paragraph(closure.report);
    const attached = closure.evidenceIds.map((id) => evidenceById.get(id)?.fileName ?? id);
    report.paragraph(`随申请提交的佐证材料：${attached.length > 0 ? attached.join('、') : '无'}`, {
      muted: true,
      size: 9,
    });
  }

  report.heading('三、单位主要负责人签字（谁签字，谁负责）');
  if (!closure?.signer || !closure.signedAt) {
    report.paragraph(closure ? '销号申请尚未经单位主要负责人签字。' : '尚未申请销号，无签字。');
  } else {
    report.paragraph(`签字人：${closure.signer.displayName}${GAP}签字时间：${time(closure.signedAt)}`);
    report.paragraph('签字内容（原文）：', { muted: true, size: 9 });
    report.paragraph(closure.signedStatement ?? NONE);
  }

  report.ensureSpace(SECTION_START).heading('四、验收');
  report.table({
    columns: [
      { header: '验收日期', width: 1.2 },
      { header: '验收人', width: 1.3 },
      { header: '现场核查', width: 0.9, align: 'center' },
      { header: '结论', width: 1.1 },
      { header: '验收意见', width: 3.4 },
      { header: '记录时间', width: 1.5 },
    ],
    rows: (closure?.verifications ?? []).map((verification) => [
      verification.verifiedOn,
      verification.verifier.displayName,
      yesNo(verification.onSite),
      verificationResult.label(verification.result),
      verification.conclusion,
      time(verification.recordedAt),
    ]),
    emptyText: '尚无验收记录。',
  });

  // The section's heading, its first notice's heading and the start of its table stay together.
  report.ensureSpace(SECTION_START + 40).heading('五、公示及异议');
  if (notices.length === 0) report.paragraph('尚未公示。');
  notices.forEach((notice, index) => {
    report
      .ensureSpace(SECTION_START)
      .heading(`公示${notices.length > 1 ? ` ${index + 1}` : ''}：${describeNoticePeriod(notice)}`, 3);
    report.paragraph(
      `状态：${noticePeriodStatus.label(notice.status)}${GAP}发起人：${notice.startedBy}${GAP}` +
        `发起时间：${time(notice.startedAt)}${notice.url ? `${GAP}公示链接：${notice.url}` : ''}`,
    );
    report.table({
      columns: [
        { header: '收到时间', width: 1.4 },
        { header: '异议内容', width: 3.2 },
        { header: '处理结果', width: 1.1 },
        { header: '处理意见', width: 2.6 },
        { header: '处理人', width: 1.1 },
        { header: '处理时间', width: 1.4 },
      ],
      rows: notice.objections.map((objection) => [
        time(objection.receivedAt),
        objection.content,
        objectionStatus.label(objection.status),
        objection.resolution ?? NONE,
        objection.resolvedBy ?? NONE,
        time(objection.resolvedAt),
      ]),
      emptyText: '公示期内未收到异议。',
    });
  });
  if (notices.some((notice) => notice.objections.length > 0)) {
    report.paragraph('异议人的联系方式仅供核实处理，不列入本报告。', { muted: true, size: 9 });
  }

  report.ensureSpace(SECTION_START).heading('六、区领导审签');
  report.table({
    columns: [
      { header: '审签时间', width: 1.5 },
      { header: '区领导', width: 1.3 },
      { header: '审签结论', width: 1.1 },
      { header: '审签意见', width: 4.5 },
    ],
    rows: (closure?.signOffs ?? []).map((signOff) => [
      time(signOff.signedAt),
      signOff.leader.displayName,
      signOffDecision.label(signOff.decision),
      signOff.statement,
    ]),
    emptyText: '尚未审签。',
  });

  report.ensureSpace(SECTION_START).heading('七、佐证材料');
  report.table({
    columns: [
      { header: '序号', width: 0.6, align: 'right' },
      { header: '文件名', width: 2.6 },
      { header: '证明日期', width: 1.3 },
      { header: '说明', width: 2.2 },
      { header: '上传人', width: 1.2 },
      { header: '上传时间', width: 1.6 },
      { header: '大小（字节）', width: 1.3, align: 'right' },
    ],
    rows: detail.evidence.map((file, index) => [
      String(index + 1),
      file.fileName,
      file.provesDate,
      file.description ?? NONE,
      file.uploadedBy.displayName,
      time(file.uploadedAt),
      String(file.sizeBytes),
    ]),
    fontSize: 8,
    emptyText: '无佐证材料。',
  });
  if (detail.evidence.length > 0) {
    report.ensureSpace(SECTION_START).heading('佐证材料校验值（SHA-256）', 3);
    report.table({
      columns: [
        { header: '序号', width: 0.6, align: 'right' },
        { header: '证明日期', width: 1.4 },
        { header: 'SHA-256', width: 8 },
      ],
      rows: detail.evidence.map((file, index) => [String(index + 1), file.provesDate, file.sha256]),
      fontSize: 8,
    });
  }

  report.ensureSpace(SECTION_START).heading('八、办理过程（留痕）');
  report.table({
    columns: [
      { header: '时间', width: 1.5 },
      { header: '环节', width: 2.2 },
      { header: '操作人', width: 1.2 },
      { header: '说明', width: 4.2 },
    ],
    rows: detail.timeline.map((entry) => {
      const on =
        entry.on && entry.on !== formatDateTime(entry.at).slice(0, 10) ? `\n（关于 ${entry.on}）` : '';
      return [`${time(entry.at)}${on}`, entry.title, entry.actor?.displayName ?? NONE, entry.detail ?? ''];
    }),
    fontSize: 8,
  });

  // The section is short and read as one: it starts on a page that holds all of it.
  report.ensureSpace(170).heading('九、审计链');
  if (!lastAudit) {
    report.paragraph('审计日志中没有涉及本事项的记录。');
  } else {
    report.paragraph('生成本报告前涉及本事项的最后一条审计记录：');
    report.paragraph(
      `记录号：${lastAudit.id}${GAP}时间：${time(lastAudit.occurredAt)}${GAP}操作：${lastAudit.action}`,
    );
    report.paragraph('该记录的哈希（SHA-256）：', { muted: true, size: 9 });
    report.paragraph(lastAudit.hash, { bold: true });
    report.paragraph(
      '审计记录逐条以哈希相连（每条的哈希涵盖上一条的哈希和本条内容），可在审计日志中按此哈希核对；此后对本事项记录的任何改动都会留下新的审计记录。',
      { muted: true, size: 9 },
    );
  }

  return report.finish();
}
