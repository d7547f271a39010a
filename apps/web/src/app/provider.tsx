import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { ReactNode } from 'react';

import { queryClient as appQueryClient } from '@/lib/react-query';

import { SessionWatcher } from './session-watcher';

// antd's date pickers format through dayjs's global locale, not through ConfigProvider.
dayjs.locale('zh-cn');

type AppProviderProps = {
  children: ReactNode;
  /** Tests pass a fresh client so that no cached answer leaks between them. */
  queryClient?: QueryClient;
};

export function AppProvider({ children, queryClient = appQueryClient }: AppProviderProps) {
  return (
    // antd puts a space between two-character CJK button labels (「登 录」); our labels are written as meant.
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }}>
      {/* AntdApp lets message/notification/modal read the locale and theme above. */}
      <AntdApp>
        <QueryClientProvider client={queryClient}>
          <SessionWatcher />
          {children}
        </QueryClientProvider>
      </AntdApp>
    </ConfigProvider>
  );
}
