/**
 * Excel import (导入台账): the preview places every problem on its sheet, row and column and
 * changes nothing; a commit applies the preview in one transaction — all rows or none — with the
 * item routes' own audit records; only the coordination group may import.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { verifyAuditChain } from '@ledger/db/audit';
import type { ImportList, ImportProblem, ImportView } from '@ledger/domain/imports';
import { taskSheet } from '@ledger/domain/ledger-workbook';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../src/app';
import { commitMessages } from '../src/services/imports/commit';
import { inspectWorkbookFile } from '../src/services/imports/inspect';
import { readWorkbook } from '../src/services/imports/read';
import { loginAs, useTestApp } from './helpers';
import {
  itemValues,
  petitionSheetOf,
  petitionValues,
  settled,
  taskSheetOf,
  taskValues,
  upload,
  workbookOf,
} from './import-workbooks';
import { saveWithLibreOffice } from './libreoffice';

describe('Excel import (导入台账)', () => {
  const context = useTestApp({ seed: true });
  let coordinator: string;
  const prisma = () => context.db.prisma;

  beforeAll(async () => {
    coordinator = (await loginAs(context, 'coordinator')).cookie;
  });

  const preview = async (content: Buffer) => {
    const response = await upload(context, coordinator, content);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<ImportView>();
  };
  const commit = (importId: string) =>
    context.app.inject({
      method: 'POST',
      url: `/api/imports/${importId}/commit`,
      headers: { cookie: coordinator },
    });
  const view = async (importId: string, query = '') => {
    const response = await context.app.inject({
      method: 'GET',
      url: `/api/imports/${importId}?${query}`,
      headers: { cookie: coordinator },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ImportView>();
  };
  /** Open tasks of the demo ledger, a few at a time, never the same twice in this file. */
  let taken = 0;
  const openTasks = async (count: number) => {
    const items = await prisma().ledgerItem.findMany({
      where: { kind: 'TASK', status: 'IN_PROGRESS' },
      orderBy: { number: 'asc' },
      skip: taken,
      take: count,
      select: { id: true, number: true, version: true },
    });
    taken += count;
    expect(items).toHaveLength(count);
    return items;
  };
  const versions = async (numbers: string[]) =>
    Object.fromEntries(
      (
        await prisma().ledgerItem.findMany({
          where: { number: { in: numbers } },
          select: { number: true, version: true },
        })
      ).map((item) => [item.number, item.version]),
    );

  describe('preview, then commit', () => {
    it('previews 2 new items, 1 update and 1 unchanged row without touching the ledger, then commits them with their audit records', async () => {
      const [changed, same] = await openTasks(2);
      const itemsBefore = await prisma().ledgerItem.count();
      const before = await versions([changed!.number, same!.number]);
      const changedRow = await itemValues(prisma(), changed!.number);
      const workbook = await workbookOf([
        taskSheetOf([
          taskValues('IMP-OK-001'),
          { ...changedRow, 整改目标: '年底前全面完成截污纳管。', 整改时限: new Date('2031-12-31T00:00:00Z') },
          await itemValues(prisma(), same!.number),
        ]),
        petitionSheetOf([petitionValues('IMP-OK-P01')]),
      ]);

      const previewed = await preview(workbook);
      expect(previewed).toMatchObject({
        status: 'PREVIEWED',
        fileName: '台账.xlsx',
        counts: { rows: 4, create: 2, update: 1, unchanged: 1, error: 0, problems: 0 },
        fileProblems: [],
        notes: [],
        progress: { done: 0, total: 0 },
      });
      expect(previewed.rows.map((row) => [row.sheet, row.row, row.number, row.action])).toEqual([
        ['整改任务', 2, 'IMP-OK-001', 'CREATE'],
        ['整改任务', 3, changed!.number, 'UPDATE'],
        ['整改任务', 4, same!.number, 'UNCHANGED'],
        ['信访件', 2, 'IMP-OK-P01', 'CREATE'],
      ]);
      const update = previewed.rows[1]!;
      expect(update.itemId).toBe(changed!.id);
      expect(update.changes).toEqual([
        { header: '整改目标', before: changedRow['整改目标'], after: '年底前全面完成截污纳管。' },
        {
          header: '整改时限',
          before: (changedRow['整改时限'] as Date).toISOString().slice(0, 10),
          after: '2031-12-31',
        },
      ]);
      // Nothing in the ledger yet; the preview is on record with its file's hash.
      expect(await prisma().ledgerItem.count()).toBe(itemsBefore);
      expect(await versions([changed!.number, same!.number])).toEqual(before);
      const previewAudit = await prisma().auditLog.findFirstOrThrow({
        where: { action: 'import.preview', entityId: previewed.id },
      });
      expect(previewAudit.after).toMatchObject({ sha256: previewed.sha256, counts: previewed.counts });

      const started = await commit(previewed.id);
      expect(started.statusCode, started.body).toBe(202);
      expect(started.json<ImportView>()).toMatchObject({ status: 'COMMITTING', progress: { done: 0 } });
      const done = await settled(context, coordinator, previewed.id);
      expect(done).toMatchObject({ status: 'COMMITTED', error: null, progress: { done: 3, total: 3 } });
      expect(done.committedAt).not.toBeNull();

      const task = await prisma().ledgerItem.findUniqueOrThrow({
        where: { number: 'IMP-OK-001' },
        include: { task: true, leadUnit: true, cooperatingUnits: { include: { unit: true } } },
      });
      expect(task).toMatchObject({ kind: 'TASK', status: 'REGISTERED', title: '导入测试任务 IMP-OK-001' });
      expect(task.leadUnit.name).toBe('湖墅街道');
      expect(task.cooperatingUnits.map((link) => link.unit.name).sort()).toEqual(
        ['区城管局', '区住建局'].sort(),
      );
      expect(task.deadline.toISOString().slice(0, 10)).toBe('2030-06-30');
      expect(task.task).toMatchObject({ category: 'WATER', measures: ['排查沿河排口', '实施截污纳管'] });
      const petition = await prisma().ledgerItem.findUniqueOrThrow({
        where: { number: 'IMP-OK-P01' },
        include: { petition: { include: { area: true } } },
      });
      expect(petition.petition).toMatchObject({
        batch: 2,
        pollutionTypes: ['CATERING_FUMES', 'NOISE'],
        verdict: 'TRUE',
      });
      expect(petition.petition!.area.name).toBe('湖墅街道');
      expect(petition.petition!.finesTenThousandYuan.toNumber()).toBe(0.5);
      const updated = await prisma().ledgerItem.findUniqueOrThrow({
        where: { id: changed!.id },
        include: { task: true },
      });
      expect(updated.task!.target).toBe('年底前全面完成截污纳管。');
      expect(updated.deadline.toISOString().slice(0, 10)).toBe('2031-12-31');
      expect(await versions([changed!.number, same!.number])).toEqual({
        [changed!.number]: before[changed!.number]! + 1,
        [same!.number]: before[same!.number],
      });

      // Each item's own record, as the item routes write them, and one for the import.
      const records = await prisma().auditLog.findMany({
        where: {
          entityId: { in: [task.id, petition.id, changed!.id, previewed.id] },
          action: { not: 'import.preview' },
        },
        select: { action: true, entityId: true, outcome: true },
      });
      expect(records).toEqual(
        expect.arrayContaining([
          { action: 'item.create', entityId: task.id, outcome: 'SUCCESS' },
          { action: 'item.create', entityId: petition.id, outcome: 'SUCCESS' },
          { action: 'item.update', entityId: changed!.id, outcome: 'SUCCESS' },
          { action: 'import.commit', entityId: previewed.id, outcome: 'SUCCESS' },
        ]),
      );
      expect(records).toHaveLength(4);
      expect(await verifyAuditChain(prisma())).toMatchObject({ ok: true });

      // Committed once: a second commit is refused.
      const again = await commit(previewed.id);
      expect(again.statusCode).toBe(409);
      expect(again.json<{ message: string }>().message).toBe(commitMessages.committed);
    });

    it('shows its progress while the commit runs, written beside the transaction', async () => {
      const rows = Array.from({ length: 300 }, (_, index) => taskValues(`IMP-PROGRESS-${index}`));
      const previewed = await preview(await workbookOf([taskSheetOf(rows)]));
      expect(previewed.counts.create).toBe(300);
      expect((await commit(previewed.id)).statusCode).toBe(202);
      const seen: { done: number; total: number }[] = [];
      for (;;) {
        const current = await view(previewed.id, 'pageSize=1');
        if (current.status !== 'COMMITTING') {
          expect(current).toMatchObject({ status: 'COMMITTED', progress: { done: 300, total: 300 } });
          break;
        }
        seen.push(current.progress);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (context.db.singleConnection) {
        // One connection (PGlite): nothing can be written beside the transaction.
        expect(seen.every((progress) => progress.done === 0)).toBe(true);
      } else {
        expect(
          seen.some((progress) => progress.done > 0 && progress.done < 300 && progress.total === 300),
        ).toBe(true);
        expect(seen.every((progress) => progress.done % 100 === 0)).toBe(true);
      }
      expect(await prisma().ledgerItem.count({ where: { number: { startsWith: 'IMP-PROGRESS-' } } })).toBe(
        300,
      );
    });

    it('commits a preview with nothing to change as a no-op that is still recorded', async () => {
      const items = await openTasks(2);
      const numbers = items.map((item) => item.number);
      const before = await versions(numbers);
      const previewed = await preview(
        await workbookOf([
          taskSheetOf(await Promise.all(numbers.map((number) => itemValues(prisma(), number)))),
        ]),
      );
      expect(previewed).toMatchObject({
        status: 'PREVIEWED',
        counts: { rows: 2, unchanged: 2, create: 0, update: 0 },
      });
      expect((await commit(previewed.id)).statusCode).toBe(202);
      expect(await settled(context, coordinator, previewed.id)).toMatchObject({
        status: 'COMMITTED',
        progress: { done: 0, total: 0 },
      });
      expect(await versions(numbers)).toEqual(before);
      const record = await prisma().auditLog.findFirstOrThrow({
        where: { action: 'import.commit', entityId: previewed.id },
      });
      expect(record.after).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    });

    it('writes nothing when an item changed after the preview, and says which row', async () => {
      const [first, second] = await openTasks(2);
      const itemsBefore = await prisma().ledgerItem.count();
      const previewed = await preview(
        await workbookOf([
          taskSheetOf([
            taskValues('IMP-RACE-001'),
            { ...(await itemValues(prisma(), first!.number)), 责任人: '赵一' },
            { ...(await itemValues(prisma(), second!.number)), 责任人: '钱二' },
          ]),
        ]),
      );
      expect(previewed).toMatchObject({ status: 'PREVIEWED', counts: { create: 1, update: 2 } });

      // Someone edits the last row's item through the ledger before the commit.
      const patched = await context.app.inject({
        method: 'PATCH',
        url: `/api/items/${second!.id}`,
        headers: { cookie: coordinator },
        payload: { version: second!.version, title: '预览后被修改的标题' },
      });
      expect(patched.statusCode, patched.body).toBe(200);
      const afterPatch = await versions([first!.number, second!.number]);

      expect((await commit(previewed.id)).statusCode).toBe(202);
      const failed = await settled(context, coordinator, previewed.id);
      expect(failed.status).toBe('FAILED');
      expect(failed.error).toBe(
        `“整改任务”表第 4 行（编号 ${second!.number}）在预览后已被修改，请重新上传预览`,
      );
      expect(failed.error).toContain(`第 4 行（编号 ${second!.number}）在预览后已被修改，请重新上传预览`);
      // The create and the first update ran in the transaction before the conflict: rolled back.
      expect(await prisma().ledgerItem.count()).toBe(itemsBefore);
      expect(await prisma().ledgerItem.findUnique({ where: { number: 'IMP-RACE-001' } })).toBeNull();
      expect(await versions([first!.number, second!.number])).toEqual(afterPatch);
      const firstItem = await prisma().ledgerItem.findUniqueOrThrow({ where: { id: first!.id } });
      expect(firstItem.responsiblePersonName).not.toBe('赵一');
      expect(
        await prisma().auditLog.count({
          where: { action: 'import.commit', entityId: previewed.id, outcome: 'FAILURE' },
        }),
      ).toBe(1);
      expect(await prisma().auditLog.count({ where: { action: 'item.create', entityId: null } })).toBe(0);

      // A failed commit cannot be retried: the file must be previewed again.
      expect((await commit(previewed.id)).statusCode).toBe(409);
    });
  });

  describe('problems, each on its sheet, row and column', () => {
    let previewed: ImportView;
    let problems: ImportProblem[];
    let closedNumber: string;
    let closedDeadline: string;
    let petitionNumber: string;

    beforeAll(async () => {
      const [closed, closedToo] = await prisma().ledgerItem.findMany({
        where: { kind: 'TASK', status: 'CLOSED' },
        orderBy: { number: 'asc' },
        take: 2,
      });
      if (!closed || !closedToo) throw new Error('the demo ledger has closed tasks');
      closedNumber = closed.number;
      closedDeadline = closed.deadline.toISOString().slice(0, 10);
      petitionNumber = (await prisma().ledgerItem.findFirstOrThrow({ where: { kind: 'PETITION' } })).number;
      const workbook = await workbookOf([
        taskSheetOf([
          taskValues('IMP-BAD-UNIT', { 牵头单位: '湖墅街' }), // row 2
          taskValues('IMP-BAD-DATE', { 整改时限: '2030-02-30' }), // row 3
          taskValues('IMP-BAD-DUP'), // row 4
          taskValues('IMP-BAD-DUP'), // row 5
          taskValues('IMP-BAD-MISSING', { 整改目标: null }), // row 6
          taskValues('IMP-BAD-LABEL', { 问题类别: '空气' }), // row 7
          taskValues(petitionNumber), // row 8
          { ...(await itemValues(prisma(), closed.number)), 整改时限: new Date('2032-01-31T00:00:00Z') }, // row 9
          taskValues('IMP-BAD-FORMULA', { 责任人: { formula: 'CONCATENATE("李","明")', result: '李明' } }), // row 10
          taskValues('IMP-BAD-FINE'), // row 11
          await itemValues(prisma(), closedToo.number), // row 12: closed, but unchanged
        ]),
        petitionSheetOf([
          petitionValues('IMP-BAD-P-AREA', { 行政区域: '火星街道', 交办日期: '去年' }), // row 2
        ]),
      ]);
      previewed = await preview(workbook);
      problems = (await view(previewed.id, 'show=problems&pageSize=200')).rows.flatMap((row) => row.problems);
    });

    it('marks the preview INVALID with the rows that have problems', () => {
      expect(previewed.status).toBe('INVALID');
      expect(previewed.counts).toEqual({
        rows: 12,
        create: 1,
        update: 0,
        unchanged: 1,
        error: 10,
        problems: 11,
      });
      expect(previewed.rows.find((row) => row.row === 11)?.action).toBe('CREATE');
      expect(previewed.rows.find((row) => row.row === 12)?.action).toBe('UNCHANGED');
    });

    const at = (sheet: string, row: number) =>
      problems.filter((problem) => problem.sheet === sheet && problem.row === row);

    it('an unknown unit, naming it and the unit meant', () => {
      expect(at('整改任务', 2)).toEqual([
        {
          sheet: '整改任务',
          row: 2,
          column: '牵头单位',
          message:
            '牵头单位“湖墅街”不是系统中的单位（是否为：湖墅街道？）。单位名称须与系统中的完全一致，可在台账页“责任单位”筛选的下拉列表中查看',
        },
      ]);
      expect(at('信访件', 2)).toEqual([
        {
          sheet: '信访件',
          row: 2,
          column: '交办日期',
          message: '交办日期“去年”不是有效的日期，请填写如 2026-06-30、2026/6/30 或 2026年6月30日',
        },
        {
          sheet: '信访件',
          row: 2,
          column: '行政区域',
          message: expect.stringContaining('行政区域“火星街道”不是系统中的单位。') as unknown as string,
        },
      ]);
    });

    it('a date that is none', () => {
      expect(at('整改任务', 3)).toEqual([
        {
          sheet: '整改任务',
          row: 3,
          column: '整改时限',
          message: '整改时限“2030-02-30”不是有效的日期，请填写如 2026-06-30、2026/6/30 或 2026年6月30日',
        },
      ]);
    });

    it('a number twice in the file, on both rows', () => {
      const message =
        '编号“IMP-BAD-DUP”在本文件中出现了 2 次（“整改任务”第 4 行、“整改任务”第 5 行），同一编号只能有一行';
      expect(at('整改任务', 4)).toEqual([{ sheet: '整改任务', row: 4, column: '编号', message }]);
      expect(at('整改任务', 5)).toEqual([{ sheet: '整改任务', row: 5, column: '编号', message }]);
    });

    it('a required field left empty', () => {
      expect(at('整改任务', 6)).toEqual([
        { sheet: '整改任务', row: 6, column: '整改目标', message: '整改目标为必填项，不能为空' },
      ]);
    });

    it('a label not in the value list, with the choices', () => {
      expect(at('整改任务', 7)).toEqual([
        {
          sheet: '整改任务',
          row: 7,
          column: '问题类别',
          message:
            '问题类别“空气”不在可选范围内，请填写：大气、水、土壤、固废/危废、噪声、生态、体制机制、其他',
        },
      ]);
    });

    it('a number the ledger holds as the other kind', () => {
      expect(at('整改任务', 8)).toEqual([
        {
          sheet: '整改任务',
          row: 8,
          column: '编号',
          message: `编号“${petitionNumber}”在台账中是信访件，不能在“整改任务”表中导入；请移到“信访件”表`,
        },
      ]);
    });

    it('a closed item changed (an unchanged one passes)', () => {
      expect(at('整改任务', 9)).toEqual([
        {
          sheet: '整改任务',
          row: 9,
          column: '整改时限',
          message: `事项“${closedNumber}”已销号，记录不能再修改（整改时限：${closedDeadline} → 2032-01-31）；请恢复原值或删除本行`,
        },
      ]);
      expect(at('整改任务', 12)).toEqual([]);
    });

    it('a formula instead of a value', () => {
      expect(at('整改任务', 10)).toEqual([
        {
          sheet: '整改任务',
          row: 10,
          column: '责任人',
          message: '责任人（L10）是公式，请复制该列后“选择性粘贴 → 数值”，再导入',
        },
      ]);
    });

    it('refuses to commit, and writes nothing', async () => {
      const refused = await commit(previewed.id);
      expect(refused.statusCode).toBe(409);
      expect(refused.json<{ message: string }>().message).toBe(commitMessages.invalid);
      expect(refused.json<{ message: string }>().message).toContain('有错误，不能导入');
      expect((await view(previewed.id)).status).toBe('INVALID');
      expect(await prisma().ledgerItem.findUnique({ where: { number: 'IMP-BAD-FINE' } })).toBeNull();
    });

    it('pages through the rows, all of them or only those that change or have problems', async () => {
      const firstPage = await view(previewed.id, 'pageSize=5');
      expect(firstPage).toMatchObject({ total: 12, page: 1, pageSize: 5 });
      expect(firstPage.rows.map((row) => row.row)).toEqual([2, 3, 4, 5, 6]);
      const third = await view(previewed.id, 'pageSize=5&page=3');
      expect(third.rows.map((row) => [row.sheet, row.row])).toEqual([
        ['整改任务', 12],
        ['信访件', 2],
      ]);
      const changes = await view(previewed.id, 'show=changes');
      expect(changes.total).toBe(1);
      expect(changes.rows.map((row) => row.number)).toEqual(['IMP-BAD-FINE']);
      const errors = await view(previewed.id, 'show=problems');
      expect(errors.total).toBe(10);
      expect(errors.rows.every((row) => row.action === 'ERROR')).toBe(true);
      const unknown = await context.app.inject({
        method: 'GET',
        url: `/api/imports/${previewed.id}?show=errors`,
        headers: { cookie: coordinator },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json<{ message: string }>().message).toContain(
        'querystring.show 须为 all（全部）、changes（新增和更新）或 problems（有错误）',
      );
    });
  });

  describe('headers as officials write them', () => {
    it('accepts variant headers, required-markers, full-width brackets, a title above and extra columns', async () => {
      const taskHeaders = [
        '序号*',
        '问题概述',
        '轮次',
        '反馈问题（原文）',
        '问题类型',
        '整改目标 *',
        '主要措施',
        '整改要求',
      ];
      const common = ['责任单位', '协办单位', '联系人', '联系电话', '完成时限', '时限类型', '备注'];
      const petitionHeaders = [
        '受理编号※',
        '问题概述',
        '批次',
        '交办时间',
        '交办问题基本情况',
        '所属街道',
        '污染类别',
        '责令整改（家）',
        '罚款（万元）',
        '责任单位',
        '完成时限',
        '时限类型',
      ];
      const workbook = await workbookOf([
        {
          // Neither sheet carries the layout's name: each is recognised by its header.
          name: 'Sheet1',
          above: [['拱墅区督察反馈问题整改任务台账'], ['填报单位：区整改协调小组']],
          headers: [...taskHeaders, ...common],
          rows: [
            [
              'IMP-VAR-001',
              '沿河排口整治',
              '督察回头看',
              '沿河排口旱天直排。',
              '水',
              '消除直排。',
              '1. 排查\n2. 封堵',
              '无直排。',
              '湖墅街道',
              '区住建局；区城管局',
              '陈工',
              '0571-12345678',
              '2030/9/30',
              '短期攻坚',
              '系统外备注',
            ],
          ],
          merges: ['A1:O1'],
        },
        {
          name: 'Sheet2',
          headers: petitionHeaders,
          rows: [
            [
              'IMP-VAR-P01',
              '噪声扰民',
              3,
              '2029年7月1日',
              '夜间施工噪声扰民。',
              '小河街道',
              '噪声',
              2,
              '1.5',
              '小河街道',
              new Date('2030-01-31T00:00:00Z'),
              '立行立改',
            ],
          ],
        },
      ]);
      const previewed = await preview(workbook);
      expect(previewed.fileProblems).toEqual([]);
      expect(previewed).toMatchObject({ status: 'PREVIEWED', counts: { create: 2, error: 0 } });
      expect(previewed.rows.map((row) => [row.sheet, row.row, row.kind, row.action])).toEqual([
        ['Sheet1', 4, 'TASK', 'CREATE'],
        ['Sheet2', 2, 'PETITION', 'CREATE'],
      ]);
      expect(previewed.notes).toEqual([
        { sheet: 'Sheet1', row: 3, column: null, message: '以下列不在台账格式中，已忽略：“备注”（O 列）' },
      ]);

      expect((await commit(previewed.id)).statusCode).toBe(202);
      expect((await settled(context, coordinator, previewed.id)).status).toBe('COMMITTED');
      const task = await prisma().ledgerItem.findUniqueOrThrow({
        where: { number: 'IMP-VAR-001' },
        include: { task: true, cooperatingUnits: true },
      });
      expect(task.task).toMatchObject({ inspectionRound: 'LOOK_BACK', measures: ['1. 排查', '2. 封堵'] });
      expect(task.cooperatingUnits).toHaveLength(2);
      expect(task.deadline.toISOString().slice(0, 10)).toBe('2030-09-30');
      const petition = await prisma().ledgerItem.findUniqueOrThrow({
        where: { number: 'IMP-VAR-P01' },
        include: { petition: true },
      });
      expect(petition.petition).toMatchObject({ batch: 3, orderedToRectify: 2, pollutionTypes: ['NOISE'] });
      expect(petition.petition!.handedOverOn.toISOString().slice(0, 10)).toBe('2029-07-01');
      expect(petition.petition!.finesTenThousandYuan.toNumber()).toBe(1.5);
    });

    it('names a missing required column and a duplicated one as problems of the file', async () => {
      const headers = taskSheet.columns
        .filter((column) => !column.exportOnly && column.header !== '整改时限')
        .map((column) => column.header);
      const previewed = await preview(
        await workbookOf([
          { name: '整改任务', headers: [...headers, '责任单位'], rows: [headers.map(() => 'x')] },
        ]),
      );
      expect(previewed.status).toBe('INVALID');
      expect(previewed.fileProblems).toEqual([
        {
          sheet: '整改任务',
          row: 1,
          column: '责任单位',
          message: 'J 列“牵头单位”和 Q 列“责任单位”都是牵头单位，请删去其中一列',
        },
        {
          sheet: '整改任务',
          row: 1,
          column: '整改时限',
          message: '缺少必填列“整改时限”（也可写作：完成时限、整改期限、整改完成时限）',
        },
      ]);
    });
  });

  describe('the list and who may import', () => {
    it('lists recent imports, newest first', async () => {
      const response = await context.app.inject({
        method: 'GET',
        url: '/api/imports',
        headers: { cookie: coordinator },
      });
      expect(response.statusCode).toBe(200);
      const { imports } = response.json<ImportList>();
      expect(imports.length).toBeGreaterThanOrEqual(5);
      const times = imports.map((entry) => entry.createdAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(imports[0]).not.toHaveProperty('rows');
      expect(imports.map((entry) => entry.status)).toEqual(
        expect.arrayContaining(['COMMITTED', 'INVALID', 'FAILED']),
      );
    });

    it('answers 404 for an unknown import', async () => {
      const id = '00000000-0000-7000-8000-000000000000';
      expect(
        (
          await context.app.inject({
            method: 'GET',
            url: `/api/imports/${id}`,
            headers: { cookie: coordinator },
          })
        ).statusCode,
      ).toBe(404);
      expect((await commit(id)).statusCode).toBe(404);
    });

    it.each(['auditor', 'leader', 'officer.hushu', 'head.hushu', 'admin'])(
      'refuses %s, naming import:item:any',
      async (username) => {
        const { cookie } = await loginAs(context, username);
        const workbook = await workbookOf([taskSheetOf([taskValues('IMP-WHO-001')])]);
        for (const response of [
          await upload(context, cookie, workbook),
          await context.app.inject({ method: 'GET', url: '/api/imports', headers: { cookie } }),
        ]) {
          expect(response.statusCode).toBe(403);
          expect(response.json<{ message: string }>().message).toBe('缺少权限: import:item:any');
        }
        expect(await prisma().ledgerImport.count({ where: { fileName: 'IMP-WHO' } })).toBe(0);
      },
    );
  });

  describe('reading', () => {
    it('reads Chinese text unchanged wherever the streaming reader cuts its chunks', async () => {
      // Long texts of varied CJK characters: the inflated XML reaches the parser in 16 KB chunks,
      // and a three-byte character is cut at some chunk boundary (exceljs#2063, patched).
      const text = (index: number) =>
        Array.from({ length: 300 }, (_, at) =>
          String.fromCodePoint(0x4e00 + ((index * 7919 + at * 104_729) % 20_000)),
        ).join('');
      const rows = Array.from({ length: 200 }, (_, index) =>
        taskValues(`IMP-CJK-${index}`, { 反馈问题: text(index) }),
      );
      const dir = await mkdtemp(join(tmpdir(), 'ledger-import-read-'));
      try {
        const path = join(dir, 'workbook.xlsx');
        await writeFile(path, await workbookOf([taskSheetOf(rows)]));
        const read = await readWorkbook(path, await inspectWorkbookFile(path));
        const feedback = read.sheets[0]!.rows.map((row) => row.values.get('task.feedbackText'));
        expect(feedback).toEqual(rows.map((_, index) => text(index)));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('round trip: export, edit in a spreadsheet, import', () => {
    const exportLedger = async () => {
      const response = await context.app.inject({
        method: 'GET',
        url: '/api/exports/ledger.xlsx',
        headers: { cookie: coordinator },
      });
      expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
      return response.rawPayload;
    };
    const allVersions = async () =>
      Object.fromEntries(
        (await prisma().ledgerItem.findMany({ select: { number: true, version: true } })).map((item) => [
          item.number,
          item.version,
        ]),
      );

    /** Sets cells of the exported workbook, found by the row's number and the column's header. */
    async function edit(
      content: Buffer,
      edits: { sheet: string; number: string; header: string; value: string }[],
    ) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
      for (const change of edits) {
        const sheet = workbook.getWorksheet(change.sheet)!;
        let headerRow = 0;
        const columns = new Map<string, number>();
        sheet.eachRow((row, rowNumber) => {
          if (headerRow) return;
          const texts = (row.values as unknown[]).map((value) => (typeof value === 'string' ? value : ''));
          if (texts.includes(change.header)) {
            headerRow = rowNumber;
            texts.forEach((text, index) => columns.set(text, index));
          }
        });
        const numberColumn = columns.get(change.sheet === '信访件' ? '受理编号' : '编号')!;
        let found = false;
        sheet.eachRow((row, rowNumber) => {
          if (rowNumber > headerRow && row.getCell(numberColumn).value === change.number) {
            row.getCell(columns.get(change.header)!).value = change.value;
            found = true;
          }
        });
        expect(found, `${change.sheet} ${change.number}`).toBe(true);
      }
      return Buffer.from(await workbook.xlsx.writeBuffer());
    }

    /** Two open items, one of each kind, and the changes made to them in the workbook. */
    async function twoEdits(tag: string) {
      const task = await prisma().ledgerItem.findFirstOrThrow({
        where: { kind: 'TASK', status: 'IN_PROGRESS', number: { startsWith: 'GS' } },
        orderBy: { number: 'desc' },
        skip: tag === 'lo' ? 1 : 0,
        include: { task: true },
      });
      const petition = await prisma().ledgerItem.findFirstOrThrow({
        where: { kind: 'PETITION', status: { not: 'CLOSED' } },
        orderBy: { number: 'asc' },
        skip: tag === 'lo' ? 1 : 0,
        include: { petition: true },
      });
      return {
        task,
        petition,
        edits: [
          {
            sheet: '整改任务',
            number: task.number,
            header: '整改目标',
            value: `${tag}：年底前完成全部整改。`,
          },
          {
            sheet: '信访件',
            number: petition.number,
            header: '处理和整改情况',
            value: `${tag}：已责令停业整顿。`,
          },
        ],
      };
    }

    async function importsExactly(content: Buffer, expected: Awaited<ReturnType<typeof twoEdits>>) {
      const before = await allVersions();
      const previewed = await preview(content);
      expect(previewed.fileProblems).toEqual([]);
      expect(previewed.status).toBe('PREVIEWED');
      expect(previewed.counts).toMatchObject({ update: 2, create: 0, error: 0 });
      const changes = await view(previewed.id, 'show=changes');
      expect(changes.rows.map((row) => [row.number, row.action, row.changes])).toEqual([
        [
          expected.task.number,
          'UPDATE',
          [{ header: '整改目标', before: expected.task.task!.target, after: expected.edits[0]!.value }],
        ],
        [
          expected.petition.number,
          'UPDATE',
          [
            {
              header: '处理和整改情况',
              before: expected.petition.petition!.handling,
              after: expected.edits[1]!.value,
            },
          ],
        ],
      ]);
      expect((await commit(previewed.id)).statusCode).toBe(202);
      expect((await settled(context, coordinator, previewed.id)).status).toBe('COMMITTED');
      expect(await allVersions()).toEqual({
        ...before,
        [expected.task.number]: before[expected.task.number]! + 1,
        [expected.petition.number]: before[expected.petition.number]! + 1,
      });
      expect(
        (await prisma().taskDetail.findUniqueOrThrow({ where: { itemId: expected.task.id } })).target,
      ).toBe(expected.edits[0]!.value);
      expect(
        (await prisma().petitionDetail.findUniqueOrThrow({ where: { itemId: expected.petition.id } }))
          .handling,
      ).toBe(expected.edits[1]!.value);
    }

    it('imports an unchanged export as a no-op: every row unchanged, nothing written', async () => {
      const before = await allVersions();
      const previewed = await preview(await exportLedger());
      expect(previewed.fileProblems).toEqual([]);
      expect(previewed.counts).toMatchObject({
        rows: Object.keys(before).length,
        unchanged: Object.keys(before).length,
        create: 0,
        update: 0,
        error: 0,
      });
      expect(previewed.status).toBe('PREVIEWED');
      expect((await commit(previewed.id)).statusCode).toBe(202);
      expect(await settled(context, coordinator, previewed.id)).toMatchObject({
        status: 'COMMITTED',
        progress: { done: 0, total: 0 },
      });
      expect(await allVersions()).toEqual(before);
    });

    it('imports an export with two cells changed (exceljs) as exactly those two changes', async () => {
      const expected = await twoEdits('exceljs');
      await importsExactly(await edit(await exportLedger(), expected.edits), expected);
    });

    it('imports the same after LibreOffice saved the edited file', async () => {
      const expected = await twoEdits('lo');
      const edited = await edit(await exportLedger(), expected.edits);
      const saved = await saveWithLibreOffice(edited, 'xlsx:Calc MS Excel 2007 XML');
      await importsExactly(saved, expected);
    }, 180_000);
  });

  describe('a commit cut off by a restart', () => {
    it('is marked failed at the next start: its transaction died with the process', async () => {
      const user = await prisma().user.findUniqueOrThrow({ where: { username: 'coordinator' } });
      const row = (fresh: boolean) => ({
        fileName: fresh ? '进行中.xlsx' : '中断.xlsx',
        sha256: '0'.repeat(64),
        sizeBytes: 1,
        storageKey: `sha256/00/00/${'0'.repeat(64)}`,
        status: 'COMMITTING' as const,
        plan: { rows: [], notes: [] },
        counts: { rows: 0, create: 0, update: 0, unchanged: 0, error: 0, problems: 0 },
        createdById: user.id,
        heartbeatAt: new Date(Date.now() - (fresh ? 1_000 : 10 * 60_000)),
      });
      const interrupted = await prisma().ledgerImport.create({ data: row(false) });
      // Another process's commit, alive and well: not touched.
      const running = await prisma().ledgerImport.create({ data: row(true) });

      const restarted = await buildApp({
        db: context.db,
        evidence: { dir: context.evidenceDir, maxBytes: 1_000_000 },
      });
      await restarted.ready();
      await restarted.close();

      expect(await prisma().ledgerImport.findUniqueOrThrow({ where: { id: interrupted.id } })).toMatchObject({
        status: 'FAILED',
        error: commitMessages.interrupted,
      });
      expect(commitMessages.interrupted).toContain('导入过程中服务中断，未写入任何数据');
      // With one connection no other process can be committing: every COMMITTING import is dead.
      expect((await prisma().ledgerImport.findUniqueOrThrow({ where: { id: running.id } })).status).toBe(
        context.db.singleConnection ? 'FAILED' : 'COMMITTING',
      );
      await prisma().ledgerImport.update({ where: { id: running.id }, data: { status: 'FAILED' } });
      expect(
        await prisma().auditLog.count({
          where: { action: 'import.commit', entityId: interrupted.id, outcome: 'FAILURE' },
        }),
      ).toBe(1);
    });
  });
});
