/**
 * The ledger workbook (GET /api/exports/ledger.xlsx) on PostgreSQL with the demo ledger, read back
 * twice — by exceljs and by LibreOffice (CSV) — as auditors and officials will open it: the two
 * sheets in the layout's columns, title block and frozen header; exactly the rows the ledger list
 * finds for the same filters, in its order; the values of known items (Chinese text, real dates,
 * labels, units, measures, numbers); formulas that stay text; who may export what; bad filters;
 * an audit record per download; an export whose reader went away stops.
 */
import { ledgerDate } from '@ledger/domain/calendar';
import { listItemsDefaults, type ItemSummary } from '@ledger/domain/items';
import {
  petitionSheet,
  taskSheet,
  type WorkbookColumn,
  type WorkbookSheet,
} from '@ledger/domain/ledger-workbook';
import {
  inspectionRound,
  itemKind,
  itemStatus,
  pollutionType,
  problemCategory,
  timeLimitType,
  verdict,
} from '@ledger/domain/vocabulary';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';

import { startLedgerExport } from '../src/services/ledger-export';
import { SEED_TODAY, useSeedDayApp, useTestApp } from './helpers';
import { xlsxToCsv } from './libreoffice';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER_ROW = 3;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

async function readWorkbook(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

/** The data rows of a sheet, as objects keyed by the layout's column keys. */
function dataRows(sheet: ExcelJS.Worksheet, layout: WorkbookSheet) {
  const rows: Record<string, ExcelJS.Cell>[] = [];
  for (let number = HEADER_ROW + 1; number <= sheet.rowCount; number += 1) {
    const row = sheet.getRow(number);
    rows.push(
      Object.fromEntries(layout.columns.map((column, index) => [column.key, row.getCell(index + 1)])),
    );
  }
  return rows;
}

const columnIndex = (layout: WorkbookSheet, key: string) =>
  layout.columns.findIndex((column: WorkbookColumn) => column.key === key);

describe('ledger workbook export (GET /api/exports/ledger.xlsx)', () => {
  const context = useTestApp({ seed: true });
  const { login, inject, units } = useSeedDayApp(context);
  const prisma = () => context.db.prisma;
  const today = ledgerDate(SEED_TODAY);

  beforeAll(async () => {
    for (const username of ['coordinator', 'auditor', 'leader', 'officer.hushu', 'admin'])
      await login(username);
  });

  const download = (username: string, search = '') =>
    inject(username, { method: 'GET', url: `/api/exports/ledger.xlsx${search ? `?${search}` : ''}` });

  async function exported(username: string, search = '') {
    const response = await download(username, search);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    return { response, workbook: await readWorkbook(response.rawPayload) };
  }

  /** The ledger list's numbers for the same query, all pages, split by kind in the list's order. */
  async function listed(username: string, search: string) {
    const items: ItemSummary[] = [];
    for (let page = 1; ; page += 1) {
      const response = await inject(username, {
        method: 'GET',
        url: `/api/items?${search}${search ? '&' : ''}pageSize=200&page=${page}`,
      });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<{ items: ItemSummary[]; total: number }>();
      items.push(...body.items);
      if (items.length >= body.total || body.items.length === 0) break;
    }
    return {
      tasks: items.filter((item) => item.kind === 'TASK').map((item) => item.number),
      petitions: items.filter((item) => item.kind === 'PETITION').map((item) => item.number),
    };
  }

  function numbersIn(workbook: ExcelJS.Workbook) {
    const numbers = (layout: WorkbookSheet) =>
      dataRows(workbook.getWorksheet(layout.name)!, layout).map((row) => row.number!.value);
    return { tasks: numbers(taskSheet), petitions: numbers(petitionSheet) };
  }

  describe('layout', () => {
    let response: Awaited<ReturnType<typeof exported>>['response'];
    let workbook: ExcelJS.Workbook;
    beforeAll(async () => {
      ({ response, workbook } = await exported('coordinator'));
    });

    it('is an .xlsx attachment named 整改台账_<Beijing time>.xlsx', () => {
      expect(response.headers['content-type']).toBe(XLSX_TYPE);
      const disposition = String(response.headers['content-disposition']);
      expect(disposition).toMatch(/^attachment; filename="_+_\d{8}-\d{4}\.xlsx"; filename\*=UTF-8''/);
      const name = decodeURIComponent(disposition.split("filename*=UTF-8''")[1]!);
      expect(name).toMatch(/^整改台账_\d{8}-\d{4}\.xlsx$/);
      expect(response.headers['cache-control']).toBe('private, no-store');
    });

    it('has the task sheet then the petition sheet, each with title, times, filter and the layout’s header', () => {
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([taskSheet.name, petitionSheet.name]);
      for (const layout of [taskSheet, petitionSheet]) {
        const sheet = workbook.getWorksheet(layout.name)!;
        expect(sheet.getCell('A1').value).toBe(layout.title);
        const subtitle = String(sheet.getCell('A2').value);
        expect(subtitle).toMatch(
          /^生成时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}\u3000\u3000数据截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/,
        );
        expect(subtitle).toContain('筛选条件：全部事项');
        const header = sheet.getRow(HEADER_ROW);
        expect(layout.columns.map((_, index) => header.getCell(index + 1).value)).toEqual(
          layout.columns.map((column) => column.header),
        );
        expect(header.getCell(1).font?.bold).toBe(true);
        expect(header.getCell(1).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
        expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
        expect(layout.columns.map((_, index) => sheet.getColumn(index + 1).width)).toEqual(
          layout.columns.map((column) => column.width),
        );
        expect(sheet.autoFilter).toBeTruthy();
      }
    });

    it('holds every item of the ledger, in the list’s order', async () => {
      const expected = await listed('coordinator', '');
      expect(expected.tasks.length).toBeGreaterThan(20);
      expect(expected.petitions.length).toBe(73);
      expect(numbersIn(workbook)).toEqual(expected);
    });
  });

  it('finds what the list finds for the same filters, and says which filters in words', async () => {
    const hushu = units['street-hushu']!;
    const cases: { search: string; words: string }[] = [
      { search: `leadUnitId=${hushu}&overdue=true`, words: '筛选条件：牵头单位：湖墅街道；已逾期' },
      { search: 'kind=task&sort=number&order=desc', words: `筛选条件：类型：${itemKind.label('TASK')}` },
      { search: 'q=油烟', words: '筛选条件：搜索：“油烟”' },
      { search: `unitId=${hushu}&status=IN_PROGRESS&status=REGISTERED`, words: '状态：整改中、挂账' },
      { search: 'kind=petition&pollutionType=NOISE&sort=updatedAt&order=desc', words: '污染类型：噪声' },
    ];
    for (const { search, words } of cases) {
      const { workbook } = await exported('auditor', search);
      const expected = await listed('auditor', search);
      expect(expected.tasks.length + expected.petitions.length, search).toBeGreaterThan(0);
      expect(numbersIn(workbook), search).toEqual(expected);
      expect(String(workbook.getWorksheet(taskSheet.name)!.getCell('A2').value), search).toContain(words);
    }
    // A filter for tasks leaves the petition sheet with its header only.
    const { workbook } = await exported('auditor', 'kind=task');
    const petitions = workbook.getWorksheet(petitionSheet.name)!;
    expect(petitions.rowCount).toBe(HEADER_ROW);
    expect(petitions.getRow(HEADER_ROW).getCell(1).value).toBe('受理编号');
  });

  describe('values', () => {
    let workbook: ExcelJS.Workbook;
    let buffer: Buffer;
    beforeAll(async () => {
      const result = await exported('auditor');
      workbook = result.workbook;
      buffer = result.response.rawPayload;
    });

    /** A task with cooperating units, several measures and progress, read from the database. */
    async function knownTask() {
      const candidates = await prisma().ledgerItem.findMany({
        where: { kind: 'TASK', cooperatingUnits: { some: {} }, progressEntries: { some: {} } },
        orderBy: { number: 'asc' },
        include: {
          task: true,
          leadUnit: true,
          cooperatingUnits: { include: { unit: true }, orderBy: { unit: { sortOrder: 'asc' } } },
          progressEntries: { orderBy: [{ reportedOn: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }] },
        },
      });
      const item = candidates.find((candidate) => (candidate.task?.measures.length ?? 0) > 1);
      expect(item).toBeDefined();
      return item!;
    }

    async function knownPetition() {
      const item = await prisma().ledgerItem.findFirst({
        where: { kind: 'PETITION', petition: { verdict: { not: null }, orderedToRectify: { gt: 0 } } },
        orderBy: { number: 'asc' },
        include: { petition: { include: { area: true } }, leadUnit: true },
      });
      expect(item).toBeDefined();
      return item!;
    }

    it('shows a task as the ledger holds it: Chinese text, dates as dates, labels, units, measures, numbers', async () => {
      const item = await knownTask();
      const row = dataRows(workbook.getWorksheet(taskSheet.name)!, taskSheet).find(
        (candidate) => candidate.number!.value === item.number,
      )!;
      expect(row).toBeDefined();
      expect(row.title!.value).toBe(item.title);
      expect(row['task.inspectionRound']!.value).toBe(inspectionRound.label(item.task!.inspectionRound));
      expect(row['task.feedbackText']!.value).toBe(item.task!.feedbackText);
      expect(row['task.category']!.value).toBe(problemCategory.label(item.task!.category));
      expect(row['task.measures']!.value).toBe(item.task!.measures.join('\n'));
      expect(row.leadUnit!.value).toBe(item.leadUnit.name);
      expect(row.cooperatingUnits!.value).toBe(
        item.cooperatingUnits.map((entry) => entry.unit.name).join('、'),
      );
      expect(row.deadline!.type).toBe(ExcelJS.ValueType.Date);
      expect(row.deadline!.value).toEqual(item.deadline);
      expect(row.deadline!.numFmt).toBe('yyyy-mm-dd');
      expect(row.originalDeadline!.value).toEqual(item.originalDeadline);
      expect(row.timeLimitType!.value).toBe(timeLimitType.label(item.timeLimitType));
      expect(row.isPublic!.value).toBe(item.isPublic ? '是' : '否');
      expect(row.status!.value).toBe(itemStatus.label(item.status));
      expect(row.latestProgress!.value).toBe(item.progressEntries[0]!.content);
      expect(row.lastProgressOn!.value).toEqual(item.lastProgressOn);
      if (item.latestProgressPercent !== null) {
        expect(row.latestProgressPercent!.value).toBe(item.latestProgressPercent / 100);
        expect(row.latestProgressPercent!.numFmt).toBe('0.0%');
      }
      expect(row.reboundCount!.type).toBe(ExcelJS.ValueType.Number);
      expect(row.reboundCount!.value).toBe(item.reboundCount);
    });

    it('shows a petition’s counts as numbers, its pollution types and area by name', async () => {
      const item = await knownPetition();
      const petition = item.petition!;
      const row = dataRows(workbook.getWorksheet(petitionSheet.name)!, petitionSheet).find(
        (candidate) => candidate.number!.value === item.number,
      )!;
      expect(row).toBeDefined();
      expect(row['petition.batch']!.value).toBe(petition.batch);
      expect(row['petition.handedOverOn']!.value).toEqual(petition.handedOverOn);
      expect(row['petition.isKeyCase']!.value).toBe(petition.isKeyCase ? '是' : '否');
      expect(row['petition.complaintSummary']!.value).toBe(petition.complaintSummary);
      expect(row['petition.area']!.value).toBe(petition.area.name);
      expect(row['petition.pollutionTypes']!.value).toBe(
        petition.pollutionTypes.map((code) => pollutionType.label(code)).join('、'),
      );
      expect(row['petition.verdict']!.value).toBe(verdict.label(petition.verdict!));
      expect(row['petition.orderedToRectify']!.type).toBe(ExcelJS.ValueType.Number);
      expect(row['petition.orderedToRectify']!.value).toBe(petition.orderedToRectify);
      expect(row['petition.finesTenThousandYuan']!.value).toBe(Number(petition.finesTenThousandYuan));
      expect(row['petition.accountablePersons']!.value).toBe(petition.accountablePersons);
      expect(row.leadUnit!.value).toBe(item.leadUnit.name);
    });

    it('reads the same in LibreOffice: Chinese text, dates as 2026-…, numbers and percents', async () => {
      const csv = await xlsxToCsv(buffer);
      expect(Object.keys(csv).sort()).toEqual([taskSheet.name, petitionSheet.name].sort());
      const tasks = csv[taskSheet.name]!;
      expect(tasks[0]![0]).toBe(taskSheet.title);
      expect(tasks[1]![0]).toContain('筛选条件：全部事项');
      expect(tasks[HEADER_ROW - 1]!.slice(0, taskSheet.columns.length)).toEqual(
        taskSheet.columns.map((column) => column.header),
      );
      const task = await knownTask();
      const taskRow = tasks.find((row) => row[0] === task.number)!;
      const cell = (row: string[], layout: WorkbookSheet, key: string) => row[columnIndex(layout, key)];
      expect(cell(taskRow, taskSheet, 'title')).toBe(task.title);
      expect(cell(taskRow, taskSheet, 'task.measures')).toBe(task.task!.measures.join('\n'));
      expect(cell(taskRow, taskSheet, 'deadline')).toBe(isoDay(task.deadline));
      expect(cell(taskRow, taskSheet, 'deadline')).toMatch(/^20\d\d-\d\d-\d\d$/);
      expect(cell(taskRow, taskSheet, 'reboundCount')).toBe(String(task.reboundCount));
      if (task.latestProgressPercent !== null) {
        // A number shown as a percent, not text: LibreOffice writes the value with its % sign.
        expect(cell(taskRow, taskSheet, 'latestProgressPercent')).toBe(`${task.latestProgressPercent}%`);
      }

      const petition = await knownPetition();
      const petitionRow = csv[petitionSheet.name]!.find((row) => row[0] === petition.number)!;
      expect(cell(petitionRow, petitionSheet, 'petition.complaintSummary')).toBe(
        petition.petition!.complaintSummary,
      );
      expect(cell(petitionRow, petitionSheet, 'petition.handedOverOn')).toBe(
        isoDay(petition.petition!.handedOverOn),
      );
      expect(cell(petitionRow, petitionSheet, 'petition.orderedToRectify')).toBe(
        String(petition.petition!.orderedToRectify),
      );
      expect(cell(petitionRow, petitionSheet, 'petition.finesTenThousandYuan')).toBe(
        String(Number(petition.petition!.finesTenThousandYuan)),
      );
    }, 120_000);
  });

  it('keeps text that looks like a formula as text, in exceljs and in LibreOffice', async () => {
    const title = '=HYPERLINK("http://evil.example","点击")';
    const created = await inject('coordinator', {
      method: 'POST',
      url: '/api/items',
      payload: {
        kind: 'TASK',
        number: 'FORMULA-001',
        title,
        leadUnitId: units['street-hushu'],
        leadLeaderName: '@王建华',
        responsiblePersonName: '-李明',
        responsiblePersonPhone: '+86 571 8888 6666',
        deadline: '2027-06-30',
        timeLimitType: 'MEDIUM_TERM',
        task: {
          inspectionRound: 'FIRST_ROUND',
          feedbackText: '+运河沿线排口雨污混接',
          category: 'WATER',
          target: '=1+1',
          measures: ['-排查排口', '=SUM(A1:A9)'],
          closureStandard: '@排口晴天无污水直排',
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);

    const { workbook, response } = await exported('coordinator', 'q=FORMULA-001');
    const sheet = workbook.getWorksheet(taskSheet.name)!;
    const [row] = dataRows(sheet, taskSheet);
    expect(sheet.rowCount).toBe(HEADER_ROW + 1);
    expect(row!.title!.value).toBe(`'${title}`);
    expect(row!.leadLeaderName!.value).toBe("'@王建华");
    expect(row!.responsiblePersonName!.value).toBe("'-李明");
    expect(row!.responsiblePersonPhone!.value).toBe("'+86 571 8888 6666");
    expect(row!['task.feedbackText']!.value).toBe("'+运河沿线排口雨污混接");
    expect(row!['task.target']!.value).toBe("'=1+1");
    expect(row!['task.measures']!.value).toBe("'-排查排口\n=SUM(A1:A9)");
    expect(row!['task.closureStandard']!.value).toBe("'@排口晴天无污水直排");
    for (const worksheet of workbook.worksheets) {
      worksheet.eachRow((sheetRow) =>
        sheetRow.eachCell((cell) => {
          expect(cell.type, cell.address).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula, cell.address).toBeUndefined();
        }),
      );
    }

    const csv = await xlsxToCsv(response.rawPayload);
    const csvRow = csv[taskSheet.name]![HEADER_ROW]!;
    expect(csvRow[columnIndex(taskSheet, 'title')]).toBe(`'${title}`);
    expect(csvRow[columnIndex(taskSheet, 'task.target')]).toBe("'=1+1");
    expect(csvRow[columnIndex(taskSheet, 'responsiblePersonPhone')]).toBe("'+86 571 8888 6666");
    expect(csvRow).not.toContain('点击');
    expect(csvRow).not.toContain('2');
  }, 120_000);

  describe('who may export what', () => {
    it('gives a unit officer the items of their unit only, and says so', async () => {
      const { workbook } = await exported('officer.hushu');
      const expected = await listed('officer.hushu', '');
      const all = await listed('coordinator', '');
      expect(numbersIn(workbook)).toEqual(expected);
      expect(expected.tasks.length + expected.petitions.length).toBeLessThan(
        all.tasks.length + all.petitions.length,
      );
      for (const layout of [taskSheet, petitionSheet]) {
        const sheet = workbook.getWorksheet(layout.name)!;
        expect(String(sheet.getCell('A2').value)).toContain('范围：湖墅街道牵头或配合的事项');
        for (const row of dataRows(sheet, layout)) {
          const unitsOfRow = [
            String(row.leadUnit!.value),
            ...String(row.cooperatingUnits!.value ?? '').split('、'),
          ];
          expect(unitsOfRow, String(row.number!.value)).toContain('湖墅街道');
        }
      }
    });

    it('refuses the admin, naming the permission, and anyone not logged in', async () => {
      const refused = await download('admin');
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ missingPermission: 'export:item:own-unit' });
      expect(refused.json().message).toContain('export:item:own-unit');
      const anonymous = await context.app.inject({ method: 'GET', url: '/api/exports/ledger.xlsx' });
      expect(anonymous.statusCode).toBe(401);
    });

    it('lets the district leader export everything, as the coordinator and the auditor', async () => {
      const { workbook } = await exported('leader', 'kind=petition');
      expect(numbersIn(workbook)).toEqual(await listed('leader', 'kind=petition'));
    });

    it('answers a bad filter with 400 naming the field, as the list does', async () => {
      for (const [search, field] of [
        ['overdue=maybe', 'overdue'],
        ['deadlineFrom=2026-13-45', 'deadlineFrom'],
        ['leadUnitId=湖墅街道', 'leadUnitId'],
        ['colour=red', 'colour'],
      ] as const) {
        const response = await download('coordinator', search);
        expect(response.statusCode, search).toBe(400);
        expect(response.json().message, search).toContain(field);
        const list = await inject('coordinator', { method: 'GET', url: `/api/items?${search}` });
        expect(response.json().message, search).toBe(list.json().message);
      }
    });
  });

  it('writes an audit record for each download: who, the filters, the counts, 数据截至', async () => {
    const before = await prisma().auditLog.count({ where: { action: 'export.ledger' } });
    const hushu = units['street-hushu']!;
    const response = await download('auditor', `leadUnitId=${hushu}&kind=petition`);
    expect(response.statusCode).toBe(200);
    const workbook = await readWorkbook(response.rawPayload);
    const records = await prisma().auditLog.findMany({
      where: { action: 'export.ledger' },
      orderBy: { id: 'asc' },
    });
    expect(records).toHaveLength(before + 1);
    const record = records.at(-1)!;
    const auditor = await prisma().user.findUniqueOrThrow({ where: { username: 'auditor' } });
    expect(record).toMatchObject({
      entityType: 'LedgerItem',
      entityId: null,
      actorId: auditor.id,
      outcome: 'SUCCESS',
    });
    const after = record.after as {
      filters: Record<string, unknown>;
      tasks: number;
      petitions: number;
      dataAsOf: string;
    };
    expect(after.filters).toEqual({ leadUnitId: hushu, kind: 'petition', sort: 'deadline', order: 'asc' });
    expect(after.tasks).toBe(0);
    expect(after.petitions).toBe(numbersIn(workbook).petitions.length);
    expect(after.petitions).toBeGreaterThan(0);
    expect(new Date(after.dataAsOf).getTime()).toBeLessThanOrEqual(record.occurredAt.getTime());

    // A refused export is no export: nothing recorded.
    await download('admin');
    await download('coordinator', 'overdue=maybe');
    expect(await prisma().auditLog.count({ where: { action: 'export.ledger' } })).toBe(before + 1);
  });

  it('stops reading when nobody takes the bytes any more', async () => {
    const auditor = await prisma().user.findUniqueOrThrow({ where: { username: 'auditor' } });
    const actor = { id: auditor.id, name: auditor.displayName, role: auditor.role, unitId: auditor.unitId };
    const started = await startLedgerExport(context.db, {
      query: listItemsDefaults,
      scope: { kind: 'any' },
      today,
      actor,
      ip: '127.0.0.1',
    });
    expect(started.tasks + started.petitions).toBeGreaterThan(100);
    started.stream.destroy();
    await expect(started.finished).resolves.toMatchObject({ outcome: 'aborted' });
    // The connection is free again: the snapshot's transaction has ended.
    expect(await prisma().ledgerItem.count()).toBeGreaterThan(100);
    if (!context.db.singleConnection) {
      // …and its process with it: no session of the export is left on the database.
      await expect
        .poll(
          async () =>
            (
              await prisma().$queryRaw<{ n: number }[]>`
                SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'ledger-export'`
            )[0]!.n,
          { timeout: 5_000 },
        )
        .toBe(0);
    }
  });
});
