import { describe, expect, it } from 'vitest';

import {
  cellText,
  formatCell,
  parseCell,
  petitionSheet,
  taskSheet,
  type WorkbookColumn,
  type WorkbookValue,
} from '../src/ledger-workbook';

const column = (key: string): WorkbookColumn => {
  const found = [...taskSheet.columns, ...petitionSheet.columns].find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no column ${key}`);
  return found;
};

const value = (key: string, raw: Parameters<typeof parseCell>[1]) => {
  const parsed = parseCell(column(key), raw);
  if (!parsed.ok) throw new Error(`${key}: ${parsed.problem}`);
  return parsed.value;
};

const problem = (key: string, raw: Parameters<typeof parseCell>[1]) => {
  const parsed = parseCell(column(key), raw);
  return parsed.ok ? null : parsed.problem;
};

describe('parseCell reads back what formatCell writes', () => {
  const samples: [string, WorkbookValue][] = [
    ['number', 'GS-2018-001'],
    ['title', '运河沿线餐饮油烟扰民'],
    ['task.inspectionRound', 'LOOK_BACK'],
    ['task.category', 'SOLID_WASTE'],
    ['task.measures', ['排查沿河排口', '实施截污纳管', '建立长效巡查']],
    ['task.feedbackText', '第一段\n第二段'],
    ['leadUnit', '湖墅街道'],
    ['cooperatingUnits', ['区住建局', '区城管局']],
    ['deadline', '2026-06-30'],
    ['isPublic', true],
    ['isPublic', false],
    ['petition.batch', 3],
    ['petition.finesTenThousandYuan', 2.5],
    ['petition.pollutionTypes', ['CATERING_FUMES', 'NOISE']],
    ['petition.verdict', 'PARTLY_TRUE'],
    ['timeLimitType', 'LONG_TERM'],
  ];
  it.each(samples)('%s: %j', (key, original) => {
    expect(parseCell(column(key), formatCell(column(key), original))).toEqual({ ok: true, value: original });
  });

  it('reads an empty cell as no value, whatever the column', () => {
    for (const key of [
      'number',
      'deadline',
      'petition.batch',
      'cooperatingUnits',
      'isPublic',
      'task.category',
    ]) {
      expect(value(key, null)).toBeNull();
      expect(value(key, '  ')).toBeNull();
    }
  });
});

describe('dates', () => {
  it('takes a date cell, the text forms people type and Excel serial numbers', () => {
    expect(value('deadline', new Date('2026-06-30T00:00:00Z'))).toBe('2026-06-30');
    // An Excel date-time: the day it shows.
    expect(value('deadline', new Date('2026-06-30T15:30:00Z'))).toBe('2026-06-30');
    for (const text of [
      '2026-06-30',
      '2026/6/30',
      '2026.6.30',
      '2026年6月30日',
      '2026 年 6 月 30 日',
      '20260630',
    ]) {
      expect(value('deadline', text)).toBe('2026-06-30');
    }
    expect(value('deadline', '２０２６－０６－３０')).toBe('2026-06-30');
    expect(value('deadline', '2026-06-30 00:00:00')).toBe('2026-06-30');
    // 46203 is Excel's serial number of 2026-06-30.
    expect(value('deadline', 46_203)).toBe('2026-06-30');
    expect(value('deadline', 46_203.75)).toBe('2026-06-30');
  });

  it('names what is wrong with a date that is none', () => {
    expect(problem('deadline', '2026-02-30')).toBe(
      '整改时限“2026-02-30”不是有效的日期，请填写如 2026-06-30、2026/6/30 或 2026年6月30日',
    );
    expect(problem('deadline', '下月底')).toContain('整改时限“下月底”不是有效的日期');
    // A year typed into a date column is not Excel's day 2026 (in 1905).
    expect(problem('deadline', 2026)).toContain('“2026”不是有效的日期');
  });
});

describe('value lists', () => {
  it('takes the Chinese label, with or without quotes and spaces, or the code', () => {
    expect(value('task.inspectionRound', '督察“回头看”')).toBe('LOOK_BACK');
    expect(value('task.inspectionRound', '督察"回头看"')).toBe('LOOK_BACK');
    expect(value('task.inspectionRound', '督察回头看')).toBe('LOOK_BACK');
    expect(value('task.category', '固废／危废')).toBe('SOLID_WASTE');
    expect(value('task.category', 'water')).toBe('WATER');
    expect(value('petition.pollutionTypes', '油烟，噪声;油烟')).toEqual(['CATERING_FUMES', 'NOISE']);
  });

  it('lists the choices when a label is unknown', () => {
    expect(problem('task.category', '空气')).toBe(
      '问题类别“空气”不在可选范围内，请填写：大气、水、土壤、固废/危废、噪声、生态、体制机制、其他',
    );
    expect(problem('petition.pollutionTypes', '水、光污染')).toContain('污染类型“光污染”不在可选范围内');
  });
});

describe('numbers, yes/no, units and text', () => {
  it('reads numbers typed as text and refuses what is none', () => {
    expect(value('petition.orderedToRectify', ' 1,200 ')).toBe(1200);
    expect(value('petition.finesTenThousandYuan', '3.5')).toBe(3.5);
    expect(problem('petition.orderedToRectify', 2.5)).toBe('责令整改(家)“2.5”须为整数');
    expect(problem('petition.orderedToRectify', '三家')).toBe('责令整改(家)“三家”不是整数，请填写整数');
  });

  it('reads yes and no in their common spellings', () => {
    expect(value('petition.isKeyCase', '是')).toBe(true);
    expect(value('petition.isKeyCase', 'Y')).toBe(true);
    expect(value('petition.isKeyCase', '否')).toBe(false);
    expect(value('petition.isKeyCase', 0)).toBe(false);
    expect(problem('petition.isKeyCase', '待定')).toBe('是否重点件“待定”无法识别，请填写“是”或“否”');
  });

  it('splits cooperating units and keeps a lead unit to one', () => {
    expect(value('cooperatingUnits', '区住建局、区城管局\n区住建局')).toEqual(['区住建局', '区城管局']);
    expect(value('leadUnit', ' 湖墅街道 ')).toBe('湖墅街道');
    expect(problem('leadUnit', '湖墅街道、小河街道')).toContain('牵头单位只能填写一个单位');
  });

  it('keeps numbers in text columns as typed and measures as lines', () => {
    expect(value('number', 12)).toBe('12');
    expect(value('responsiblePersonPhone', 13_800_000_000)).toBe('13800000000');
    expect(value('task.measures', '1. 排查\r\n\r\n2. 整治 ')).toEqual(['1. 排查', '2. 整治']);
  });

  it('shows changes as the cells show them', () => {
    expect(cellText(column('task.category'), 'WATER')).toBe('水');
    expect(cellText(column('cooperatingUnits'), [])).toBeNull();
  });
});
