/**
 * The units of Gongshu District in 2018: the ten streets, the parks, the departments that lead
 * or cooperate on rectification, and the coordination group (区整改协调小组).
 */
export interface UnitSeed {
  code: string;
  name: string;
  type: 'STREET' | 'PARK' | 'DEPARTMENT' | 'COORDINATION_GROUP';
}

export const streets = [
  { code: 'street-mishixiang', name: '米市巷街道', type: 'STREET' },
  { code: 'street-hushu', name: '湖墅街道', type: 'STREET' },
  { code: 'street-xiaohe', name: '小河街道', type: 'STREET' },
  { code: 'street-gongchenqiao', name: '拱宸桥街道', type: 'STREET' },
  { code: 'street-hemu', name: '和睦街道', type: 'STREET' },
  { code: 'street-daguan', name: '大关街道', type: 'STREET' },
  { code: 'street-shangtang', name: '上塘街道', type: 'STREET' },
  { code: 'street-xiangfu', name: '祥符街道', type: 'STREET' },
  { code: 'street-kangqiao', name: '康桥街道', type: 'STREET' },
  { code: 'street-banshan', name: '半山街道', type: 'STREET' },
] as const satisfies readonly UnitSeed[];

export const parks = [
  { code: 'park-northern-software', name: '杭州北部软件园', type: 'PARK' },
  { code: 'park-canal-fortune', name: '运河财富小镇', type: 'PARK' },
  { code: 'park-smart-valley', name: '智慧网谷小镇', type: 'PARK' },
] as const satisfies readonly UnitSeed[];

export const departments = [
  { code: 'dept-ecology', name: '生态环境拱墅分局', type: 'DEPARTMENT' },
  { code: 'dept-construction', name: '区住建局', type: 'DEPARTMENT' },
  { code: 'dept-urban-management', name: '区城管局', type: 'DEPARTMENT' },
  { code: 'dept-forestry-water', name: '区林水局', type: 'DEPARTMENT' },
  { code: 'dept-market-regulation', name: '区市场监管局', type: 'DEPARTMENT' },
  { code: 'dept-public-security', name: '公安拱墅分局', type: 'DEPARTMENT' },
  { code: 'dept-development-economy', name: '区发改经信局', type: 'DEPARTMENT' },
  { code: 'dept-planning', name: '区规划和自然资源分局', type: 'DEPARTMENT' },
  { code: 'dept-audit', name: '区审计局', type: 'DEPARTMENT' },
  { code: 'dept-organization', name: '区委组织部', type: 'DEPARTMENT' },
] as const satisfies readonly UnitSeed[];

export const coordinationGroup = {
  code: 'coordination-group',
  name: '区整改协调小组',
  type: 'COORDINATION_GROUP',
} as const satisfies UnitSeed;

export const allUnits: readonly UnitSeed[] = [...streets, ...parks, ...departments, coordinationGroup];

export type UnitCode = (typeof allUnits)[number]['code'];
