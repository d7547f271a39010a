import { createItemInput, updateItemInput } from '@ledger/domain/items';
import dayjs from 'dayjs';
import { describe, expect, test } from 'vitest';

import { buildPetitionDetail, buildTaskDetail, units } from '@/testing/data';

import {
  changedFields,
  changedLabels,
  differingLabels,
  toCreateInput,
  toUpdateInput,
  valuesOfItem,
  type ItemValues,
} from './item-values';

describe('the item form values', () => {
  test('a filled-in task becomes the body createItemInput accepts; blank optional texts are none', () => {
    const values: ItemValues = {
      kind: 'TASK',
      number: 'GS-ZG-101',
      title: '运河沿线餐饮油烟整治',
      leadUnitId: units.hushu.id,
      cooperatingUnitIds: [units.ecology.id],
      leadLeaderName: '  ',
      responsiblePersonName: '王丽',
      responsiblePersonPhone: '',
      deadline: dayjs('2027-03-31'),
      warningDate: null,
      timeLimitType: 'SHORT_TERM',
      task: {
        inspectionRound: 'FIRST_ROUND',
        feedbackText: '油烟直排。',
        category: 'AIR',
        target: '全部安装净化设施。',
        measures: ['全面排查', undefined],
        closureStandard: '检测达标。',
      },
      // The other kind's fields, left from switching kinds, are not sent.
      petition: { batch: 3 },
    };
    const input = toCreateInput(values);
    expect(input).toEqual({
      kind: 'TASK',
      number: 'GS-ZG-101',
      title: '运河沿线餐饮油烟整治',
      leadUnitId: units.hushu.id,
      cooperatingUnitIds: [units.ecology.id],
      leadLeaderName: null,
      responsiblePersonName: '王丽',
      responsiblePersonPhone: null,
      deadline: '2027-03-31',
      warningDate: null,
      timeLimitType: 'SHORT_TERM',
      isPublic: false,
      task: {
        inspectionRound: 'FIRST_ROUND',
        feedbackText: '油烟直排。',
        category: 'AIR',
        target: '全部安装净化设施。',
        measures: ['全面排查', ''],
        closureStandard: '检测达标。',
      },
    });
    // The empty second measure is what the schema refuses, on that measure.
    const result = createItemInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['task.measures.1', '整改措施不能为空'],
    ]);
  });

  test('a petition case left with empty counts sends none (0) for each', () => {
    const input = toCreateInput({
      kind: 'PETITION',
      number: 'D330000201707150009',
      title: '夜间施工噪声扰民',
      leadUnitId: units.hushu.id,
      deadline: dayjs('2027-01-31'),
      timeLimitType: 'IMMEDIATE',
      petition: {
        batch: 4,
        handedOverOn: dayjs('2017-07-21'),
        complaintSummary: '反映夜间施工噪声扰民。',
        areaUnitId: units.hushu.id,
        pollutionTypes: ['NOISE'],
        penaltyCases: null,
        finesTenThousandYuan: 2.5,
      },
    });
    const parsed = createItemInput.parse(input);
    expect(parsed).toMatchObject({
      kind: 'PETITION',
      petition: { batch: 4, penaltyCases: 0, finesTenThousandYuan: 2.5, verdict: null, signerName: null },
    });
  });

  test('an unchanged record sends nothing; an edit sends the fields it changed, nested by kind', () => {
    const item = buildTaskDetail({ version: 4, cooperatingUnits: [units.ecology, units.banshan] });
    const before = toUpdateInput(valuesOfItem(item), item.version);
    // The record as read passes the schema it will be edited with.
    expect(updateItemInput.safeParse(before).success).toBe(true);
    expect(changedFields(before, updateItemInput.parse(before))).toEqual({});

    const values = valuesOfItem(item);
    const edited: ItemValues = {
      ...values,
      deadline: dayjs('2027-06-30'),
      // The same units in another order are no change.
      cooperatingUnitIds: [units.banshan.id, units.ecology.id],
      responsiblePersonName: '',
      task: { ...values.task, measures: [...values.task!.measures!, '建立长效巡查机制'] },
    };
    const changes = changedFields(before, updateItemInput.parse(toUpdateInput(edited, item.version)));
    expect(changes).toEqual({
      deadline: '2027-06-30',
      responsiblePersonName: null,
      task: { measures: ['全面排查沿线餐饮企业', '督促安装油烟净化设施', '建立长效巡查机制'] },
    });
    expect(changedLabels(changes)).toEqual(['责任人', '整改时限', '整改措施']);
  });

  test('a petition record fills the form with its area unit and counts, and round-trips unchanged', () => {
    const item = buildPetitionDetail();
    const values = valuesOfItem(item);
    expect(values.petition).toMatchObject({ areaUnitId: units.hushu.id, orderedToRectify: 5, interviews: 3 });
    const before = toUpdateInput(values, item.version);
    expect(changedFields(before, updateItemInput.parse(before))).toEqual({});
  });

  test('two versions of a record name the fields in which they differ', () => {
    const read = buildTaskDetail({ version: 1 });
    const current = {
      ...read,
      version: 2,
      title: '运河沿线餐饮油烟专项整治',
      leadUnit: units.banshan,
      task: { ...read.task!, category: 'WATER' as const },
    };
    expect(differingLabels(read, current)).toEqual(['标题', '牵头单位', '问题类别']);
    expect(differingLabels(read, { ...read, version: 2 })).toEqual([]);
  });
});
