/**
 * The bad-file corpus of the import: files that are no workbook, locked, macro-enabled, zip
 * bombs (declared and real), too many rows, empty or without a ledger sheet, too large. Each gets
 * its own answer a person can act on; none crashes the server, leaves an import, a stored or temp
 * file, or writes an item. Two faults that a person fixes cell by cell — formulas and merged
 * header cells — answer a preview that names every place (see docs/imports.md), and cannot be
 * committed.
 */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { IMPORT_MAX_BYTES, type ImportView } from '@ledger/domain/imports';
import { taskSheet } from '@ledger/domain/ledger-workbook';
import ExcelJS from 'exceljs';
import XlsxPopulate from 'xlsx-populate';
import { beforeAll, describe, expect, it } from 'vitest';

import { commitMessages } from '../src/services/imports/commit';
import { fileMessages, PACKAGE_LIMITS } from '../src/services/imports/inspect';
import { readMessages } from '../src/services/imports/read';
import { docx, multipartForm, pdf, png } from './evidence-fixtures';
import { loginAs, useTestApp } from './helpers';
import {
  deflatedZeros,
  importHeaders,
  rowOf,
  taskSheetOf,
  taskValues,
  unzipParts,
  upload,
  workbookOf,
  zipOf,
  type ZipEntryInput,
} from './import-workbooks';
import { saveWithLibreOffice } from './libreoffice';

const MB = 1024 * 1024;

/** The parts every workbook package has, for packages made by hand. */
const skeleton = (): ZipEntryInput[] => [
  {
    name: '[Content_Types].xml',
    data: Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    ),
  },
  {
    name: 'xl/workbook.xml',
    data: Buffer.from(
      '<workbook><sheets><sheet name="整改任务" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
  },
];

const validWorkbook = () => workbookOf([taskSheetOf([taskValues('FILE-OK-001')])]);

/** A workbook exceljs wrote, with its parts changed. */
async function repacked(change: (parts: ZipEntryInput[]) => ZipEntryInput[]): Promise<Buffer> {
  return zipOf(change(await unzipParts(await validWorkbook())));
}

/** 100,000 task rows, written with exceljs's streaming writer (as a large export is). */
async function hundredThousandRows(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const { PassThrough } = await import('node:stream');
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true });
  const sheet = workbook.addWorksheet(taskSheet.name);
  const headers = importHeaders(taskSheet);
  sheet.addRow(headers).commit();
  for (let index = 1; index <= 100_000; index++) {
    sheet.addRow(rowOf(headers, { 编号: `BIG-${index}`, 问题概述: `第 ${index} 项` })).commit();
  }
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

interface BadFile {
  name: string;
  file: () => Promise<Buffer>;
  status: number;
  message: string | RegExp;
}

const corpus: BadFile[] = [
  {
    name: 'a text file renamed .xlsx',
    file: async () => Buffer.from('编号,问题概述,牵头单位\nGS-001,运河排口,湖墅街道\n'),
    status: 400,
    message: fileMessages.notWorkbook('纯文本（如 CSV 或 TXT）'),
  },
  { name: 'a PDF', file: async () => pdf, status: 400, message: fileMessages.notWorkbook(' PDF 文档') },
  {
    name: 'a PNG picture',
    file: async () => png,
    status: 400,
    message: fileMessages.notWorkbook('图片（PNG）'),
  },
  {
    name: 'a Word document',
    file: async () => docx,
    status: 400,
    message: fileMessages.notWorkbook(' Word 文档（.docx）'),
  },
  {
    name: 'an old .xls (saved by LibreOffice as Excel 97)',
    file: async () => saveWithLibreOffice(await validWorkbook(), 'xls:MS Excel 97'),
    status: 400,
    message: fileMessages.legacyXls,
  },
  {
    name: 'a password-protected workbook (agile encryption, as Excel writes it)',
    file: async () => {
      const workbook = await XlsxPopulate.fromDataAsync(await validWorkbook());
      return (await workbook.outputAsync({ password: 'ledger' })) as Buffer;
    },
    status: 400,
    message: fileMessages.encrypted,
  },
  {
    name: 'a macro-enabled workbook (vbaProject.bin)',
    file: () =>
      repacked((parts) => [...parts, { name: 'xl/vbaProject.bin', data: Buffer.from('VBA project') }]),
    status: 400,
    message: fileMessages.macros,
  },
  {
    name: 'a macro-enabled workbook (.xlsm content type)',
    file: () =>
      repacked((parts) =>
        parts.map((part) =>
          part.name === '[Content_Types].xml'
            ? {
                ...part,
                data: Buffer.from(
                  part.data
                    .toString()
                    .replace(
                      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
                      'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
                    ),
                ),
              }
            : part,
        ),
      ),
    status: 400,
    message: fileMessages.macros,
  },
  {
    name: 'a zip bomb by its ratio (100 MB of zeros in one part, honestly declared)',
    file: async () =>
      zipOf([
        ...skeleton(),
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0), deflated: await deflatedZeros(100 * MB) },
      ]),
    status: 400,
    message:
      /^工作簿的部件“xl\/worksheets\/sheet1\.xml”压缩比异常（约 [\d,]+:1，上限 200:1），疑似压缩炸弹，已拒绝$/,
  },
  {
    name: 'a zip bomb by its declared size (300 MB)',
    file: async () =>
      zipOf([
        ...skeleton(),
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0), deflated: await deflatedZeros(300 * MB) },
      ]),
    status: 413,
    message: fileMessages.tooLarge(300 * MB + skeleton().reduce((sum, part) => sum + part.data.length, 0)),
  },
  {
    name: 'a zip bomb whose sizes lie (300 MB of zeros declared as 1 MB)',
    file: async () =>
      zipOf([
        ...skeleton(),
        {
          name: 'xl/worksheets/sheet1.xml',
          data: Buffer.alloc(0),
          deflated: await deflatedZeros(300 * MB),
          declaredSize: MB,
        },
      ]),
    status: 400,
    message: fileMessages.sizeLies('xl/worksheets/sheet1.xml'),
  },
  {
    name: 'a package of 1,001 parts',
    file: async () =>
      zipOf([
        ...skeleton(),
        ...Array.from({ length: PACKAGE_LIMITS.maxEntries - 1 }, (_, index) => ({
          name: `xl/media/image${index}.png`,
          data: png,
          store: true,
        })),
      ]),
    status: 400,
    message: fileMessages.tooManyParts(PACKAGE_LIMITS.maxEntries + 1),
  },
  {
    name: 'a sheet of 5,001 merged ranges',
    file: () =>
      repacked((parts) =>
        parts.map((part) => {
          if (part.name !== 'xl/worksheets/sheet1.xml') return part;
          const merges = Array.from(
            { length: 5_001 },
            (_, index) => `<mergeCell ref="R${index + 10}:S${index + 10}"/>`,
          );
          const xml = part.data
            .toString()
            .replace('</sheetData>', `</sheetData><mergeCells count="5001">${merges.join('')}</mergeCells>`);
          return { ...part, data: Buffer.from(xml) };
        }),
      ),
    status: 400,
    message: fileMessages.tooManyMerges('整改任务'),
  },
  {
    name: 'a part hidden from the central directory',
    file: () =>
      repacked((parts) => [
        ...parts,
        { name: 'xl/worksheets/sheet9.xml', data: Buffer.from('<worksheet/>'), hidden: true },
      ]),
    status: 400,
    message: fileMessages.damaged('压缩包中有目录未列出的数据'),
  },
  {
    name: 'a workbook cut off half way',
    file: async () => {
      const whole = await validWorkbook();
      return whole.subarray(0, Math.floor(whole.length / 2));
    },
    status: 400,
    message: fileMessages.damaged('找不到压缩包目录，文件可能不完整'),
  },
  {
    name: '100,000 rows (written by the streaming writer)',
    file: hundredThousandRows,
    status: 413,
    message: readMessages.tooManyRows('整改任务', 20_002),
  },
  {
    name: 'an empty workbook',
    file: async () => {
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('Sheet1');
      return Buffer.from(await workbook.xlsx.writeBuffer());
    },
    status: 400,
    message: readMessages.empty,
  },
  {
    name: 'a workbook without a ledger sheet',
    file: () =>
      workbookOf([{ name: '填报说明', headers: ['本表为填报说明'], rows: [['请在“整改任务”表中填写']] }]),
    status: 400,
    message: readMessages.noLedgerSheet(['填报说明']),
  },
  {
    name: 'a sheet named 整改任务 without a header that can be found',
    file: () =>
      workbookOf([{ name: '整改任务', headers: ['序', '事项', '备注'], rows: [['1', '运河排口', '']] }]),
    status: 400,
    message: readMessages.noHeader('整改任务'),
  },
  {
    name: 'a sheet whose header fits either kind',
    file: () =>
      workbookOf([
        {
          name: 'Sheet1',
          headers: ['编号', '问题概述', '牵头单位', '整改时限'],
          rows: [['GS-1', '排口', '湖墅街道', '2030-01-01']],
        },
      ]),
    status: 400,
    message: '无法判断工作表“Sheet1”是整改任务还是信访件，请把工作表命名为“整改任务”或“信访件”',
  },
  {
    name: 'a ledger sheet with a header and no rows',
    file: () => workbookOf([taskSheetOf([])]),
    status: 400,
    message: readMessages.noDataRows,
  },
  {
    name: `a file over ${IMPORT_MAX_BYTES / MB} MB`,
    file: async () => Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(IMPORT_MAX_BYTES)]),
    status: 413,
    message: '文件超过 20 MB 的上限，请压缩或拆分后再上传',
  },
];

describe('docs/imports.md', () => {
  it('quotes the answers as the API gives them', () => {
    const page = readFileSync(new URL('../../../docs/imports.md', import.meta.url), 'utf8');
    const answers = [
      fileMessages.notWorkbook('纯文本（如 CSV 或 TXT）'),
      fileMessages.encrypted,
      fileMessages.legacyXls,
      fileMessages.macros,
      fileMessages.tooManyParts(PACKAGE_LIMITS.maxEntries + 1),
      fileMessages.tooManyMerges('整改任务'),
      fileMessages.damaged('找不到压缩包目录，文件可能不完整'),
      readMessages.tooManyRows('整改任务', 20_002),
      readMessages.empty,
      readMessages.noLedgerSheet(['填报说明']),
      readMessages.noDataRows,
      readMessages.noHeader('整改任务'),
      readMessages.unreadable,
      ...Object.values(commitMessages).filter((message) => message !== commitMessages.internal),
    ];
    for (const answer of answers) expect(page, answer).toContain(answer);
  });
});

describe('bad files (导入的异常文件)', () => {
  const context = useTestApp({ seed: true });
  let coordinator: string;
  const prisma = () => context.db.prisma;
  let counts: { imports: number; items: number };

  beforeAll(async () => {
    coordinator = (await loginAs(context, 'coordinator')).cookie;
    counts = { imports: await prisma().ledgerImport.count(), items: await prisma().ledgerItem.count() };
  });

  /** Whatever was refused: no import, no item, no file left behind, and the server answers. */
  async function nothingLeft(message: string) {
    expect(await prisma().ledgerImport.count()).toBe(counts.imports);
    expect(await prisma().ledgerItem.count()).toBe(counts.items);
    expect(await readdir(join(context.evidenceDir, 'tmp'))).toEqual([]);
    expect(await readdir(join(context.evidenceDir, 'sha256'))).toEqual([]);
    const health = await context.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    const attempt = await prisma().auditLog.findFirstOrThrow({
      where: { action: 'import.preview' },
      orderBy: { id: 'desc' },
    });
    expect(attempt.outcome).toBe('FAILURE');
    expect(attempt.after).toMatchObject({ reason: message });
  }

  it.each(corpus)('$name → $status', async ({ file, status, message }) => {
    const response = await upload(context, coordinator, await file(), '台账.xlsx');
    expect(response.statusCode, response.body).toBe(status);
    const answer = response.json<{ message: string }>().message;
    if (typeof message === 'string') expect(answer).toBe(message);
    else expect(answer).toMatch(message);
    await nothingLeft(answer);
  });

  it('answers a request that is not a form, or a form without the file', async () => {
    const json = await context.app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { cookie: coordinator },
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);
    const form = multipartForm({ note: '没有文件' });
    const empty = await context.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: form.payload,
      headers: { ...form.headers, cookie: coordinator },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ message: string }>().message).toBe('请选择要导入的 Excel 工作簿（表单字段 file）');
    expect(await prisma().ledgerImport.count()).toBe(counts.imports);
  });

  describe('faults fixed cell by cell: a preview that names every place, never committed', () => {
    const commitRefused = async (previewed: ImportView) => {
      const refused = await context.app.inject({
        method: 'POST',
        url: `/api/imports/${previewed.id}/commit`,
        headers: { cookie: coordinator },
      });
      expect(refused.statusCode).toBe(409);
      expect(await prisma().ledgerItem.count()).toBe(counts.items);
    };

    it('merged header cells', async () => {
      const headers = importHeaders(taskSheet);
      const workbook = await workbookOf([
        {
          name: '整改任务',
          above: [['督察反馈问题整改任务台账']],
          headers,
          rows: [rowOf(headers, taskValues('FILE-MERGED-001'))],
          merges: ['A1:Q1', 'B2:D2'],
        },
      ]);
      const response = await upload(context, coordinator, workbook);
      expect(response.statusCode, response.body).toBe(201);
      const previewed = response.json<ImportView>();
      expect(previewed.status).toBe('INVALID');
      // The title row above may be merged; the header row may not.
      expect(previewed.fileProblems).toEqual([
        {
          sheet: '整改任务',
          row: 2,
          column: null,
          message: '表头第 2 行 B–D 列是合并单元格，请取消合并，每列一个表头',
        },
        expect.objectContaining({
          column: '督察轮次',
          message: expect.stringContaining('缺少必填列“督察轮次”') as unknown,
        }),
        expect.objectContaining({
          column: '反馈问题',
          message: expect.stringContaining('缺少必填列“反馈问题”') as unknown,
        }),
      ]);
      await commitRefused(previewed);
    });

    it('formulas instead of values, each cell named', async () => {
      const headers = importHeaders(taskSheet);
      const workbook = await workbookOf([
        taskSheetOf([
          taskValues('FILE-FORMULA-001', { 整改时限: { formula: 'DATE(2030,6,30)', result: 47299 } }),
          taskValues('FILE-FORMULA-002', {
            问题概述: { formula: 'B2&"（续）"', result: '导入测试（续）' },
            牵头单位: { formula: 'J2', result: '湖墅街道' },
          }),
        ]),
      ]);
      expect(headers.indexOf('整改时限')).toBe(13);
      const response = await upload(context, coordinator, workbook);
      expect(response.statusCode, response.body).toBe(201);
      const previewed = response.json<ImportView>();
      expect(previewed.status).toBe('INVALID');
      expect(previewed.rows.flatMap((row) => row.problems)).toEqual([
        {
          sheet: '整改任务',
          row: 2,
          column: '整改时限',
          message: '整改时限（N2）是公式，请复制该列后“选择性粘贴 → 数值”，再导入',
        },
        {
          sheet: '整改任务',
          row: 3,
          column: '问题概述',
          message: '问题概述（B3）是公式，请复制该列后“选择性粘贴 → 数值”，再导入',
        },
        {
          sheet: '整改任务',
          row: 3,
          column: '牵头单位',
          message: '牵头单位（J3）是公式，请复制该列后“选择性粘贴 → 数值”，再导入',
        },
      ]);
      await commitRefused(previewed);
    });
  });
});
