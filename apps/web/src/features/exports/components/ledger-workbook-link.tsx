import { FileExcelOutlined } from '@ant-design/icons';
import type { ListItemsQuery } from '@ledger/domain/items';
import { Button } from 'antd';

import { ledgerWorkbookUrl } from '../api/export-links';

/**
 * 导出 Excel: the ledger as the page filters it, one sheet of tasks and one of petition cases.
 * A link the browser follows, so a large ledger streams to disk rather than through this page.
 */
export function LedgerWorkbookLink({ filters }: { filters: Partial<ListItemsQuery> }) {
  return (
    <Button
      href={ledgerWorkbookUrl(filters)}
      download
      icon={<FileExcelOutlined />}
      title="按当前筛选条件导出台账（整改任务、信访件两个工作表）"
    >
      导出 Excel
    </Button>
  );
}
