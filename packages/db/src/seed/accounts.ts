/**
 * Demo accounts. They exist only in demo data (never in a production database): the seed refuses
 * to run when NODE_ENV=production unless asked explicitly.
 */
export const DEMO_PASSWORD = 'Ledger@2018';

export interface AccountSeed {
  username: string;
  displayName: string;
  role:
    | 'COORDINATOR'
    | 'UNIT_OFFICER'
    | 'UNIT_HEAD'
    | 'DISTRICT_LEADER'
    | 'AUDITOR'
    | 'ADMIN'
    | 'SECURITY_ADMIN'
    | 'AUDIT_ADMIN';
  unitCode: string | null;
  phone?: string;
}

/** The accounts the README lists. */
export const demoAccounts: AccountSeed[] = [
  {
    username: 'coordinator',
    displayName: '协调小组 陈志远',
    role: 'COORDINATOR',
    unitCode: 'coordination-group',
  },
  { username: 'leader', displayName: '区领导 周明华', role: 'DISTRICT_LEADER', unitCode: null },
  { username: 'auditor', displayName: '审计 林晓燕', role: 'AUDITOR', unitCode: 'dept-audit' },
  { username: 'admin', displayName: '系统管理员', role: 'ADMIN', unitCode: null },
  // 三员分立: the security admin and the audit admin are other people than the system admin.
  { username: 'secadmin', displayName: '安全管理员', role: 'SECURITY_ADMIN', unitCode: null },
  { username: 'auditadmin', displayName: '审计管理员', role: 'AUDIT_ADMIN', unitCode: null },
  {
    username: 'officer.hushu',
    displayName: '湖墅街道 王丽',
    role: 'UNIT_OFFICER',
    unitCode: 'street-hushu',
    phone: '0571-88000101',
  },
  {
    username: 'head.hushu',
    displayName: '湖墅街道 张建国',
    role: 'UNIT_HEAD',
    unitCode: 'street-hushu',
    phone: '0571-88000102',
  },
  {
    username: 'officer.banshan',
    displayName: '半山街道 李强',
    role: 'UNIT_OFFICER',
    unitCode: 'street-banshan',
    phone: '0571-88000201',
  },
];

const surnames = [
  '赵',
  '钱',
  '孙',
  '吴',
  '郑',
  '冯',
  '褚',
  '卫',
  '蒋',
  '沈',
  '韩',
  '杨',
  '朱',
  '秦',
  '尤',
  '许',
  '何',
  '吕',
  '施',
  '孔',
];
const givenNames = [
  '伟',
  '芳',
  '敏',
  '静',
  '磊',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
];

/** `street-hushu` → `hushu`: the unit part of `officer.<unit>` account names. */
export function accountKey(unitCode: string): string {
  return unitCode.replace(/^(street|park|dept)-/, '');
}

/**
 * Every other unit gets an officer and a head too, so that the seeded closure chains are signed
 * by the right people (谁签字，谁负责). Named `officer.<unit>` / `head.<unit>`.
 */
export function unitAccounts(unitCode: string, unitName: string, index: number): AccountSeed[] {
  const key = accountKey(unitCode);
  const person = (offset: number) =>
    `${surnames[(index * 2 + offset) % surnames.length]}${givenNames[(index * 3 + offset) % givenNames.length]}`;
  return [
    { username: `officer.${key}`, displayName: `${unitName} ${person(0)}`, role: 'UNIT_OFFICER', unitCode },
    { username: `head.${key}`, displayName: `${unitName} ${person(1)}`, role: 'UNIT_HEAD', unitCode },
  ];
}
