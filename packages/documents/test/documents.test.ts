/**
 * The document toolkit as a reader meets its output: the PDF's text as pdftotext extracts it
 * (Chinese, page numbers on every page, times, a table's header repeated on the pages it runs
 * over) and the workbook as exceljs reads it back (header, frozen rows, real dates, formulas kept
 * as text).
 */
import { existsSync } from 'node:fs';

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';

import { cjkFont, cjkFontPath } from '../src/fonts';
import { formatDateTime, wallClockDate } from '../src/format';
import { PdfReport, pageNumberText } from '../src/pdf';
import { pdfPages, squash } from '../src/testing-pdf';
import { addSheet, createWorkbook, neutraliseFormula, restoreFormulaText, workbookBuffer } from '../src/xlsx';

describe('the CJK font', () => {
  it('is found in the installed npm package, both weights, as TrueType files', () => {
    for (const weight of ['regular', 'bold'] as const) {
      const path = cjkFontPath(weight);
      expect(path).toMatch(/@expo-google-fonts[/\\]noto-sans-sc[/\\].*NotoSansSC_(400Regular|700Bold)\.ttf$/);
      expect(existsSync(path)).toBe(true);
      // TrueType's sfnt version 0x00010000.
      expect(cjkFont(weight).readUInt32BE(0)).toBe(0x00010000);
    }
  });
});

describe('PdfReport', () => {
  const generatedAt = new Date('2026-11-29T04:05:00Z');
  const dataAsOf = new Date('2026-11-29T04:04:30Z');

  it('writes Chinese text, the times and 第 X 页 / 共 Y 页 on every page, and repeats a long table’s header', async () => {
    const report = new PdfReport({ title: '拱墅区整改工作通报（测试）', generatedAt, dataAsOf });
    report.heading('拱墅区整改工作通报（测试）', 1);
    report.heading('一、总体进展');
    report.paragraph('运河沿线餐饮油烟直排问题已完成整改。');
    report.table({
      columns: [
        { header: '序号', width: 1, align: 'right' },
        { header: '责任单位', width: 3 },
        { header: '逾期天数', width: 2, align: 'right' },
      ],
      rows: Array.from({ length: 120 }, (_, index) => [
        String(index + 1),
        `湖墅街道第${index + 1}项`,
        String(index * 3),
      ]),
    });
    const pdf = await report.finish();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The font is embedded as a subset: a few dozen glyphs, not the 10 MB file.
    expect(pdf.length).toBeLessThan(400_000);

    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, index) => {
      expect(squash(page)).toContain(squash(pageNumberText(index + 1, pages.length)));
      expect(page).toContain('生成时间 2026-11-29 12:05');
      expect(page).toContain('数据截至 2026-11-29 12:04');
      expect(page).toContain('拱墅区整改工作通报（测试）');
      // The table runs over every page, each with its header.
      expect(page).toMatch(/序号\s+责任单位\s+逾期天数/);
    });
    const all = pages.join('\n');
    expect(all).toContain('一、总体进展');
    expect(all).toContain('运河沿线餐饮油烟直排问题已完成整改。');
    expect(all).toMatch(/120\s+湖墅街道第120项\s+357/);
  });

  it('says so when a table has no rows', async () => {
    const report = new PdfReport({ title: '空表', generatedAt, dataAsOf });
    report.table({ columns: [{ header: '事项', width: 1 }], rows: [], emptyText: '本期无反弹问题' });
    const [page] = await pdfPages(await report.finish());
    expect(page).toContain('本期无反弹问题');
    expect(page).not.toContain('事项');
    expect(squash(page!)).toContain(squash(pageNumberText(1, 1)));
  });
});

describe('neutraliseFormula', () => {
  it.each(['=1+1', '+86 571', '-2', '@SUM(A1)', '\tcmd', '\rcmd', '=HYPERLINK("http://x","点击")'])(
    'keeps %j from running as a formula',
    (text) => {
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    },
  );
  it.each(['湖墅街道', '1+1', 'a=b', ' =1', '', "'引号开头", "it's"])('leaves %j as it is', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
  it.each(['=1+1', "'=1+1", "''-2", '-2', '湖墅街道', "'引号开头", "'", ''])(
    'can be undone for %j, so an import reads back what the export wrote',
    (text) => {
      expect(restoreFormulaText(neutraliseFormula(text))).toBe(text);
    },
  );
});

describe('addSheet', () => {
  it('writes a title, a frozen styled header, real dates, numbers as numbers and formulas as text', async () => {
    const workbook = createWorkbook({ creator: '测试', created: new Date('2026-11-29T04:00:00Z') });
    addSheet(workbook, {
      name: '逾期事项: 按单位/明细',
      title: '逾期事项',
      subtitle: '数据截至 2026-11-29 12:04',
      columns: [
        { header: '标题', kind: 'text' },
        { header: '整改时限', kind: 'date' },
        { header: '逾期天数', kind: 'integer' },
        { header: '完成率', kind: 'percent' },
        { header: '下发时间', kind: 'datetime' },
      ],
      rows: [
        ['=cmd|" /C calc"!A0', new Date('2026-10-31T00:00:00Z'), 29, 0.25, new Date('2026-11-20T02:30:00Z')],
        ['河道整治', null, 0, 1, null],
      ],
    });
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await workbookBuffer(workbook)) as unknown as ArrayBuffer);
    const sheet = back.worksheets[0]!;
    // Excel's forbidden characters are replaced in the tab's name.
    expect(sheet.name).toBe('逾期事项_ 按单位_明细');
    expect(sheet.getCell('A1').value).toBe('逾期事项');
    expect(sheet.getCell('A2').value).toBe('数据截至 2026-11-29 12:04');
    expect(sheet.getRow(3).values).toEqual([undefined, '标题', '整改时限', '逾期天数', '完成率', '下发时间']);
    expect(sheet.getCell('A3').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });

    const first = sheet.getRow(4);
    expect(first.getCell(1).value).toBe(`'=cmd|" /C calc"!A0`);
    expect(first.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(2).value).toEqual(new Date('2026-10-31T00:00:00Z'));
    expect(first.getCell(2).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(3).value).toBe(29);
    expect(first.getCell(4).value).toBe(0.25);
    // Beijing wall-clock time: 02:30 UTC is 10:30 in Hangzhou.
    expect(first.getCell(5).value).toEqual(new Date('2026-11-20T10:30:00Z'));
    expect(sheet.getRow(5).getCell(2).value).toBeNull();
  });
});

describe('times', () => {
  it('are printed in Beijing time whatever the server’s zone', () => {
    expect(formatDateTime(new Date('2026-11-29T16:30:00Z'))).toBe('2026-11-30 00:30');
    expect(wallClockDate(new Date('2026-11-29T16:30:15Z')).toISOString()).toBe('2026-11-30T00:30:15.000Z');
  });
});
