import type { Permission } from '@ledger/domain/permissions';
import { todoGroupActions } from '@ledger/domain/todo';
import { workflowRules } from '@ledger/domain/workflow';

type Page = {
  path: string;
  label: string;
  /** Shown in the menu to users holding at least one of these; absent: to everyone logged in. */
  anyOf?: readonly Permission[];
};

const readsItems = ['read:item:any', 'read:item:own-unit'] as const satisfies Permission[];

/**
 * Whoever may take an action some to-do group waits for has a to-do list: the same rule by which
 * the API gives them the group (GET /api/todo).
 */
const takesWorkflowSteps: readonly Permission[] = [
  ...new Set(
    Object.values(todoGroupActions)
      .flat()
      .map((action) => workflowRules[action].permission),
  ),
];

/** Each page's address and its name in the UI; the router and the menu both read from here. */
export const paths = {
  home: { path: '/', label: '概览' },
  todo: { path: '/todo', label: '待办', anyOf: takesWorkflowSteps },
  ledger: { path: '/ledger', label: '台账', anyOf: readsItems },
  newItem: { path: '/ledger/new', label: '新增事项', anyOf: ['create:item:any'] },
  dashboard: {
    path: '/dashboard',
    label: '统计看板',
    anyOf: ['read:dashboard:any', 'read:dashboard:own-unit'],
  },
  supervision: { path: '/supervision', label: '督办', anyOf: readsItems },
  bulletins: { path: '/bulletins', label: '通报', anyOf: ['read:bulletin:any', 'generate:bulletin:any'] },
  exports: { path: '/exports', label: '导出记录', anyOf: ['export:item:any', 'export:item:own-unit'] },
  imports: { path: '/imports', label: '导入台账', anyOf: ['import:item:any'] },
  disclosure: { path: '/public', label: '公开信息' },
  notifications: { path: '/notifications', label: '消息通知' },
  webhookDeliveries: {
    path: '/admin/webhook-deliveries',
    label: '推送记录',
    anyOf: ['read:webhook-delivery:any'],
  },
  users: { path: '/admin/users', label: '用户管理', anyOf: ['read:user:any'] },
  units: { path: '/admin/units', label: '单位管理', anyOf: ['manage:unit:any'] },
  login: { path: '/login', label: '登录' },
  changePassword: { path: '/change-password', label: '修改密码' },
  secondFactor: { path: '/security/second-factor', label: '双因素认证' },
} as const satisfies Record<string, Page>;

/** The address of one ledger item. */
export const itemPath = (id: string) => `${paths.ledger.path}/${encodeURIComponent(id)}`;

/** The address of one import's preview (and, once committed, its result). */
export const importPath = (id: string) => `${paths.imports.path}/${encodeURIComponent(id)}`;

export const productName = '拱墅区中央环保督察整改台账';
/** What a phone's header has room for. */
export const productShortName = '整改台账';
