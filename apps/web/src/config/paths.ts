/** Each page's address and its name in the UI; the router and the menu both read from here. */
export const paths = {
  home: { path: '/', label: '概览' },
  ledger: { path: '/ledger', label: '台账' },
  dashboard: { path: '/dashboard', label: '统计看板' },
  supervision: { path: '/supervision', label: '督办' },
  bulletins: { path: '/bulletins', label: '通报' },
  disclosure: { path: '/disclosure', label: '公开信息' },
  login: { path: '/login', label: '登录' },
} as const;

export const productName = '拱墅区中央环保督察整改台账';
