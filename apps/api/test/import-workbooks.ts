/**
 * Workbooks for the import tests, built with exceljs as officials' files are: sheets with a
 * title above the header if wanted, headers as written (variants, markers), and rows given by
 * header so that a test names only what it is about. Rows start from a valid registration of
 * each kind; `upload` posts a workbook to `POST /api/imports`.
 */
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

import type { PrismaClient } from '@ledger/db/client';
import { toIsoDate } from '@ledger/domain/calendar';
import type { ImportView } from '@ledger/domain/imports';
import {
  formatCell,
  petitionSheet,
  taskSheet,
  type WorkbookSheet,
  type WorkbookValue,
} from '@ledger/domain/ledger-workbook';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';

import { multipartForm } from './evidence-fixtures';
import type { TestContext } from './helpers';

export type CellInput = ExcelJS.CellValue;

export interface SheetInput {
  name: string;
  /** rows above the header (a title, 生成时间 …) */
  above?: CellInput[][];
  headers: string[];
  rows: CellInput[][];
  /** ranges to merge, e.g. 'B3:D3' */
  merges?: string[];
}

export async function workbookOf(sheets: SheetInput[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    for (const row of spec.above ?? []) sheet.addRow(row);
    sheet.addRow(spec.headers);
    for (const row of spec.rows) {
      const added = sheet.addRow(row);
      row.forEach((value, index) => {
        if (value instanceof Date) added.getCell(index + 1).numFmt = 'yyyy-mm-dd';
      });
    }
    for (const range of spec.merges ?? []) sheet.mergeCells(range);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The headers an import reads (no export-only columns), in the official order. */
export const importHeaders = (layout: WorkbookSheet) =>
  layout.columns.filter((column) => !column.exportOnly).map((column) => column.header);

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A valid new task, by official header. */
export function taskValues(
  number: string,
  overrides: Record<string, CellInput> = {},
): Record<string, CellInput> {
  return {
    编号: number,
    问题概述: `导入测试任务 ${number}`,
    督察轮次: '第一轮督察',
    反馈问题: '运河沿线部分排口雨污混接，旱天仍有污水直排。',
    问题类别: '水',
    整改目标: '消除沿河排口旱天直排。',
    整改措施: '排查沿河排口\n实施截污纳管',
    销号标准: '排口旱天无出流，水质达标。',
    责任区领导: '王副区长',
    牵头单位: '湖墅街道',
    配合单位: '区住建局、区城管局',
    责任人: '李明',
    责任人电话: '0571-88880000',
    整改时限: day('2030-06-30'),
    预警时间: day('2030-06-15'),
    时限类型: '中期推进',
    是否公开: '否',
    ...overrides,
  };
}

/** A valid new petition case, by official header. */
export function petitionValues(
  number: string,
  overrides: Record<string, CellInput> = {},
): Record<string, CellInput> {
  return {
    受理编号: number,
    问题概述: `导入测试信访件 ${number}`,
    交办批次: 2,
    交办日期: day('2029-07-10'),
    是否重点件: '否',
    重复件编号: null,
    交办问题基本情况: '小区旁餐馆油烟直排，夜间噪声扰民。',
    行政区域: '湖墅街道',
    污染类型: '油烟、噪声',
    调查核实情况: '经现场核查，情况属实。',
    是否属实: '属实',
    处理和整改情况: '责令安装油烟净化设施。',
    '责令整改(家)': 1,
    '立案处罚(家)': 0,
    '罚款(万元)': 0.5,
    '立案侦查(件)': 0,
    '行政拘留(人)': 0,
    '刑事拘留(人)': 0,
    '约谈(人)': 1,
    '问责(人)': 0,
    签字人: '张主任',
    责任区领导: '王副区长',
    牵头单位: '湖墅街道',
    配合单位: '区市场监管局',
    责任人: '陈华',
    责任人电话: '0571-88881111',
    整改时限: day('2030-03-31'),
    预警时间: null,
    时限类型: '短期攻坚',
    是否公开: '是',
    ...overrides,
  };
}

/** Cells in the order of `headers`. */
export const rowOf = (headers: string[], values: Record<string, CellInput>) =>
  headers.map((header) => values[header] ?? null);

export const taskSheetOf = (
  rows: Record<string, CellInput>[],
  extra: Partial<SheetInput> = {},
): SheetInput => {
  const headers = extra.headers ?? importHeaders(taskSheet);
  return { name: taskSheet.name, headers, rows: rows.map((values) => rowOf(headers, values)), ...extra };
};

export const petitionSheetOf = (
  rows: Record<string, CellInput>[],
  extra: Partial<SheetInput> = {},
): SheetInput => {
  const headers = extra.headers ?? importHeaders(petitionSheet);
  return { name: petitionSheet.name, headers, rows: rows.map((values) => rowOf(headers, values)), ...extra };
};

/** POST /api/imports with `content` as the file. */
export function upload(context: TestContext, cookie: string, content: Buffer, name = '台账.xlsx') {
  const form = multipartForm({}, [{ name, content, type: 'application/octet-stream' }]);
  return context.app.inject({
    method: 'POST',
    url: '/api/imports',
    payload: form.payload,
    headers: { ...form.headers, cookie },
  });
}

/** Polls GET /api/imports/:id until the commit is over. */
export async function settled(context: TestContext, cookie: string, importId: string): Promise<ImportView> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await context.app.inject({
      method: 'GET',
      url: `/api/imports/${importId}`,
      headers: { cookie },
    });
    const view = response.json<ImportView>();
    if (view.status !== 'COMMITTING') return view;
    if (Date.now() > deadline) throw new Error(`import ${importId} still committing`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * An item of the ledger as a row of its sheet, by official header: what an export writes for it
 * (dates as dates, value lists as labels, units by name), built here from the database.
 */
export async function itemValues(prisma: PrismaClient, number: string): Promise<Record<string, CellInput>> {
  const item = await prisma.ledgerItem.findUniqueOrThrow({
    where: { number },
    include: {
      leadUnit: true,
      cooperatingUnits: { include: { unit: true }, orderBy: { unit: { sortOrder: 'asc' } } },
      task: true,
      petition: { include: { area: true } },
    },
  });
  const iso = (date: Date | null | undefined) => (date ? toIsoDate(date) : null);
  const fields: Record<string, WorkbookValue> = {
    number: item.number,
    title: item.title,
    leadLeaderName: item.leadLeaderName,
    leadUnit: item.leadUnit.name,
    cooperatingUnits: item.cooperatingUnits.map((link) => link.unit.name),
    responsiblePersonName: item.responsiblePersonName,
    responsiblePersonPhone: item.responsiblePersonPhone,
    deadline: iso(item.deadline),
    warningDate: iso(item.warningDate),
    timeLimitType: item.timeLimitType,
    isPublic: item.isPublic,
  };
  if (item.task) {
    for (const [field, value] of Object.entries(item.task)) fields[`task.${field}`] = value as WorkbookValue;
  }
  if (item.petition) {
    const { area, handedOverOn, finesTenThousandYuan, ...rest } = item.petition;
    for (const [field, value] of Object.entries(rest)) fields[`petition.${field}`] = value as WorkbookValue;
    fields['petition.area'] = area.name;
    fields['petition.handedOverOn'] = iso(handedOverOn);
    fields['petition.finesTenThousandYuan'] = finesTenThousandYuan.toNumber();
  }
  const layout = item.kind === 'TASK' ? taskSheet : petitionSheet;
  const values: Record<string, CellInput> = {};
  for (const column of layout.columns) {
    if (column.exportOnly) continue;
    const value = fields[column.key] ?? null;
    values[column.header] =
      column.kind === 'date' && typeof value === 'string' ? day(value) : formatCell(column, value);
  }
  return values;
}

// ───────────── ZIP packages, made by hand ─────────────

export interface ZipEntryInput {
  name: string;
  data: Buffer;
  /** already deflated (data is then ignored): a large body made without holding it whole */
  deflated?: Deflated;
  /** stored as is, or deflated (the default) */
  store?: boolean;
  /** what the headers claim the uncompressed size is (a lie, for zip bombs) */
  declaredSize?: number;
  /** written, but left out of the central directory */
  hidden?: boolean;
}

/** A ZIP with its central directory, entries in the order given. */
export function zipOf(entries: ZipEntryInput[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const body = entry.deflated?.body ?? (entry.store ? entry.data : deflateRawSync(entry.data));
    const method = entry.store && !entry.deflated ? 0 : 8;
    const crc = entry.deflated?.crc ?? crc32(entry.data);
    const size = entry.declaredSize ?? entry.deflated?.size ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, body);
    if (entry.hidden) {
      offset += local.length + name.length + body.length;
      continue;
    }
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x0800, 8);
    record.writeUInt16LE(method, 10);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(body.length, 20);
    record.writeUInt32LE(size, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(offset, 42);
    central.push(record, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

/** The parts of a ZIP (a workbook exceljs wrote), to change and pack again with zipOf. */
export async function unzipParts(content: Buffer): Promise<ZipEntryInput[]> {
  const zip = await yauzl.fromBufferPromise(content, { lazyEntries: true });
  const parts: ZipEntryInput[] = [];
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    parts.push({ name: entry.fileName, data: Buffer.concat(chunks) });
  }
  zip.close();
  return parts;
}

export interface Deflated {
  body: Buffer;
  crc: number;
  size: number;
}

/** `bytes` zero bytes, deflated a megabyte at a time: how a zip bomb is made. */
export async function deflatedZeros(bytes: number): Promise<Deflated> {
  const megabyte = Buffer.alloc(1024 * 1024);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const finished = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  let crc = 0;
  for (let left = bytes; left > 0; left -= megabyte.length) {
    const chunk = left >= megabyte.length ? megabyte : megabyte.subarray(0, left);
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await finished;
  return { body: Buffer.concat(out), crc, size: bytes };
}
