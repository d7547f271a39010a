import { drillDown, type UnitFigures } from '@ledger/domain/dashboard';
import { unitType } from '@ledger/domain/vocabulary';
import { Flex, Progress, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';

import { chartColors } from '../utils/charts';
import { FigureLink } from './figure-link';

type Column = 'assigned' | 'closed' | 'overdue' | 'rebound';

const countColumns: { key: Column; title: string; color?: string }[] = [
  { key: 'assigned', title: '牵头事项' },
  { key: 'closed', title: '已销号' },
  { key: 'overdue', title: '逾期', color: chartColors.overdue },
  { key: 'rebound', title: '曾反弹', color: chartColors.planned },
];

/** 完成率 to one decimal, as the progress reports print it. */
export const percent = (rate: number) => Math.round(rate * 1000) / 10;

/**
 * Each lead unit's figures, in the API's order (the worst first: most overdue, then lowest
 * completion rate); every column sorts, and every count opens the unit's rows behind it.
 */
export function UnitTable({ units }: { units: UnitFigures[] }) {
  const columns: TableColumnsType<UnitFigures> = [
    {
      key: 'unit',
      title: '牵头单位',
      fixed: 'left',
      width: 140,
      sorter: (a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN'),
      render: (_, unit) => (
        <Flex vertical gap={2} align="start">
          <span>{unit.unitName}</span>
          <Tag variant="filled" style={{ marginInlineEnd: 0 }}>
            {unitType.label(unit.unitType)}
          </Tag>
        </Flex>
      ),
    },
    ...countColumns.map(({ key, title, color }): TableColumnsType<UnitFigures>[number] => ({
      key,
      title,
      align: 'right',
      width: 88,
      sorter: (a, b) => a[key] - b[key],
      render: (_, unit) => (
        <FigureLink
          label={`${unit.unitName} ${title}`}
          value={unit[key]}
          filters={drillDown.unit(unit.unitId, key)}
          style={color && unit[key] > 0 ? { color, fontWeight: 600 } : undefined}
        />
      ),
    })),
    {
      key: 'completionRate',
      title: '完成率',
      width: 150,
      sorter: (a, b) => a.completionRate - b.completionRate,
      render: (_, unit) => (
        <Progress
          percent={percent(unit.completionRate)}
          size="small"
          format={(value) => `${value}%`}
          aria-label={`${unit.unitName} 完成率 ${percent(unit.completionRate)}%`}
        />
      ),
    },
  ];

  return (
    <Table<UnitFigures>
      rowKey="unitId"
      columns={columns}
      dataSource={units}
      size="small"
      pagination={false}
      sortDirections={['descend', 'ascend']}
      showSorterTooltip={false}
      // The table scrolls inside its card on a phone; the page itself never scrolls sideways.
      scroll={{ x: 640 }}
    />
  );
}
