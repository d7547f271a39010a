/**
 * The streaming workbook: a sheet written row by row looks exactly like `addSheet`'s; rows are
 * held back while nobody takes the bytes (so memory stays flat with a slow reader), and the
 * workbook gives up when its reader is gone.
 */
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';

import { addSheet, createWorkbook, workbookBuffer, type CellValue, type SheetSpec } from '../src/xlsx';
import { StreamingWorkbook } from '../src/xlsx-stream';

const created = new Date('2026-11-29T04:00:00Z');

const spec: SheetSpec = {
  name: '整改任务',
  title: '督察反馈问题整改任务台账',
  subtitle: '生成时间 2026-11-29 12:05　　数据截至 2026-11-29 12:04　　筛选条件：全部事项',
  columns: [
    { header: '编号', kind: 'text', width: 12 },
    { header: '问题概述', kind: 'text', width: 28 },
    { header: '整改时限', kind: 'date' },
    { header: '反弹次数', kind: 'integer', width: 9 },
    { header: '罚款(万元)', kind: 'decimal' },
    { header: '完成比例', kind: 'percent', width: 9 },
    { header: '下发时间', kind: 'datetime' },
  ],
  rows: [
    [
      'GS-ZG-001',
      '=HYPERLINK("http://evil.example","点击")',
      new Date('2026-12-31T00:00:00Z'),
      0,
      1.5,
      0.4,
      null,
    ],
    ['GS-ZG-002', '运河沿线雨污混接\n第二行', null, 2, 0, 1, new Date('2026-11-20T02:30:00Z')],
  ],
};

async function read(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

function collect(stream: PassThrough): Promise<Buffer> {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** What a reader sees of a sheet: every cell's value and style, the views, widths, merges, filter. */
function looks(sheet: ExcelJS.Worksheet) {
  const cells: unknown[] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) =>
    row.eachCell({ includeEmpty: false }, (cell) =>
      cells.push({
        at: `${rowNumber}:${cell.col}`,
        value: cell.value,
        numFmt: cell.numFmt,
        bold: cell.font?.bold,
        fill: cell.fill,
        wrap: cell.alignment?.wrapText,
      }),
    ),
  );
  return {
    name: sheet.name,
    cells,
    views: sheet.views,
    widths: spec.columns.map((_, index) => sheet.getColumn(index + 1).width),
    merges: sheet.model.merges,
  };
}

describe('StreamingWorkbook', () => {
  it('writes a sheet exactly as addSheet does', async () => {
    const whole = createWorkbook({ creator: '测试', created });
    addSheet(whole, spec);
    const expected = (await read(await workbookBuffer(whole))).worksheets[0]!;

    const output = new PassThrough();
    const bytes = collect(output);
    const streaming = new StreamingWorkbook(output, { creator: '测试', created });
    const sheet = streaming.addSheet(spec);
    for (const row of spec.rows) sheet.addRow(row);
    sheet.commit();
    expect(await streaming.commit()).toBe(true);
    const actual = (await read(await bytes)).worksheets[0]!;

    expect(looks(actual)).toEqual(looks(expected));
    expect(actual.getCell('B4').value).toBe(`'=HYPERLINK("http://evil.example","点击")`);
    expect(actual.getCell('C4').value).toEqual(new Date('2026-12-31T00:00:00Z'));
    expect(actual.autoFilter).toBeTruthy();
  });

  it('holds rows back while nobody reads, and finishes once someone does', async () => {
    const output = new PassThrough();
    const streaming = new StreamingWorkbook(output, { creator: '测试', created });
    const sheet = streaming.addSheet(spec);
    const text = '反映底商餐饮店油烟直排，油烟扰民严重，夏季无法开窗，经现场核查属实，责令安装油烟净化设施。';
    const total = 20_000;
    const maxPending = 256 * 1024;
    let written = 0;
    const writing = (async () => {
      while (written < total) {
        for (let n = 0; n < 200; n += 1, written += 1) {
          const row: CellValue[] = [`X-${written}`, text, created, written, 1.25, 0.5, created];
          sheet.addRow(row);
        }
        await sheet.drain(maxPending);
      }
      sheet.commit();
      return streaming.commit();
    })();

    // Nobody reads: the writer stops well short of the end, with little left waiting.
    await sleep(1_500);
    const stalledAt = written;
    expect(stalledAt).toBeLessThan(total / 2);
    await sleep(500);
    expect(written).toBe(stalledAt);
    expect(sheet.pendingBytes().target).not.toBeNull();

    const bytes = collect(output);
    expect(await writing).toBe(true);
    const back = (await read(await bytes)).worksheets[0]!;
    expect(back.rowCount).toBe(3 + total);
    expect(back.getCell(`A${3 + total}`).value).toBe(`X-${total - 1}`);
  }, 60_000);

  it('sees the XML that compression has not taken yet, and waits until it has', async () => {
    const output = new PassThrough();
    const bytes = collect(output);
    const streaming = new StreamingWorkbook(output, { creator: '测试', created });
    const sheet = streaming.addSheet(spec);
    // Let the zip reach the sheet (it writes its fixed parts first), then outpace zlib.
    await sleep(50);
    for (let n = 0; n < 20_000; n += 1) sheet.addRow(spec.rows[1]!);
    const pending = sheet.pendingBytes();
    expect(pending.target).not.toBeNull();
    expect(pending.bytes).toBeGreaterThan(1024 * 1024);
    await sheet.drain(64 * 1024);
    expect(sheet.pendingBytes().bytes).toBeLessThanOrEqual(64 * 1024);
    sheet.commit();
    expect(await streaming.commit()).toBe(true);
    expect((await read(await bytes)).worksheets[0]!.rowCount).toBe(3 + 20_000);
  }, 60_000);

  it('gives up when the reader is gone', async () => {
    const output = new PassThrough();
    const streaming = new StreamingWorkbook(output, { creator: '测试', created });
    const sheet = streaming.addSheet(spec);
    for (let n = 0; n < 5_000; n += 1) sheet.addRow(spec.rows[1]!);
    const draining = sheet.drain(1024);
    output.destroy();
    await draining;
    sheet.commit();
    expect(await streaming.commit()).toBe(false);
  });
});
