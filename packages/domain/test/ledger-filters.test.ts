import { describe, expect, it } from 'vitest';

import { listItemsQuery } from '../src/items';
import { ALL_ITEMS, describeLedgerFilters, ledgerFilterLabels } from '../src/ledger-filters';

const HUSHU = '0195f7a0-0000-7000-8000-000000000001';
const names: Record<string, string> = { [HUSHU]: '湖墅街道' };
const unitName = (id: string) => names[id];

describe('describeLedgerFilters', () => {
  it('says 全部事项 when nothing narrows the ledger, whatever the sorting', () => {
    expect(describeLedgerFilters(listItemsQuery.parse({}), unitName)).toBe(ALL_ITEMS);
    expect(describeLedgerFilters(listItemsQuery.parse({ sort: 'number', order: 'desc' }), unitName)).toBe(
      ALL_ITEMS,
    );
  });

  it('names each filter with the vocabularies’ labels and the unit’s name, in the chips’ order', () => {
    const query = listItemsQuery.parse({
      q: '油烟',
      overdue: 'true',
      leadUnitId: HUSHU,
      kind: 'petition',
      status: ['IN_PROGRESS', 'REGISTERED'],
      pollutionType: 'CATERING_FUMES',
      deadlineFrom: '2026-01-01',
      closedTo: '2026-06-30',
    });
    expect(describeLedgerFilters(query, unitName)).toBe(
      '牵头单位：湖墅街道；类型：信访件；状态：整改中、挂账；污染类型：油烟；已逾期；' +
        '整改时限：2026-01-01 起；销号日期：至 2026-06-30；搜索：“油烟”',
    );
  });

  it('keys each label as the list query names the filter, so the web’s chips can remove it', () => {
    const query = listItemsQuery.parse({
      bucket: 'BEHIND',
      unitId: HUSHU,
      rebound: 'false',
      dueWithinDays: '7',
      category: 'WATER',
      originalDeadlineFrom: '2026-01-01',
      originalDeadlineTo: '2026-03-31',
    });
    expect(ledgerFilterLabels(query, unitName)).toEqual([
      { key: 'bucket', label: '统计口径：未达序时进度' },
      { key: 'unitId', label: '责任单位：湖墅街道' },
      { key: 'category', label: '问题类别：水' },
      { key: 'dueWithinDays', label: '7 天内到期' },
      { key: 'rebound', label: '未反弹' },
      { key: 'originalDeadline', label: '原整改时限：2026-01-01 至 2026-03-31' },
    ]);
  });

  it('calls a unit it cannot name 所选单位', () => {
    const query = listItemsQuery.parse({ leadUnitId: '0195f7a0-0000-7000-8000-0000000000ff' });
    expect(describeLedgerFilters(query, unitName)).toBe('牵头单位：所选单位');
  });
});
