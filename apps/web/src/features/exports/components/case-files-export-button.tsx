import { FileZipOutlined } from '@ant-design/icons';
import { CASE_FILES_BATCH_MAX_ITEMS } from '@ledger/domain/exports';
import type { ListItemsQuery } from '@ledger/domain/items';
import { App, Button } from 'antd';
import { useNavigate } from 'react-router';

import { paths } from '@/config/paths';

import { useStartCaseFilesExport, type CaseFilesExportRequest } from '../api/start-case-files-export';

type CaseFilesExportButtonProps = {
  filters: Partial<ListItemsQuery>;
  /** the items chosen in the list; none: every item the filters find */
  selectedIds: string[];
  /** how many items the filters find (absent while the list loads) */
  total: number | undefined;
  /** more items match than the list counted */
  totalCapped: boolean;
  onStarted?: () => void;
};

/**
 * 批量导出案卷: one ZIP of many case files, built in the background. The chosen items, or with
 * none chosen, the whole filtered list once the person has confirmed how many that is; the job's
 * progress and its file are on 导出记录.
 */
export function CaseFilesExportButton({
  filters,
  selectedIds,
  total,
  totalCapped,
  onStarted,
}: CaseFilesExportButtonProps) {
  const { modal, notification } = App.useApp();
  const navigate = useNavigate();
  const start = useStartCaseFilesExport();

  const send = (request: CaseFilesExportRequest) =>
    start.mutate(request, {
      onSuccess: (job) => {
        onStarted?.();
        notification.success({
          key: 'case-files-export',
          title: '已开始导出案卷',
          description: `${job.description}。案卷在后台打包，完成后可在「${paths.exports.label}」下载。`,
          // A button rather than a link: notifications live outside the router.
          actions: (
            <Button
              type="primary"
              size="small"
              onClick={() => {
                notification.destroy('case-files-export');
                void navigate(paths.exports.path);
              }}
            >
              查看{paths.exports.label}
            </Button>
          ),
          duration: 10,
        });
      },
      onError: (error) =>
        notification.error({
          key: 'case-files-export',
          title: '未能开始导出案卷',
          description: error.message,
        }),
    });

  const exportFiltered = () => {
    if (total === undefined) return;
    if (totalCapped || total > CASE_FILES_BATCH_MAX_ITEMS) {
      modal.warning({
        title: '筛选结果过多',
        content: `当前筛选结果${totalCapped ? '超过' : '共'} ${total} 项，一次最多导出 ${CASE_FILES_BATCH_MAX_ITEMS} 个事项的案卷。请缩小筛选范围，或勾选要导出的事项。`,
        okText: '知道了',
      });
      return;
    }
    modal.confirm({
      title: '按筛选结果导出案卷',
      content: `未勾选事项，将导出当前筛选结果的全部 ${total} 个事项的案卷（每项含销号报告、佐证材料和留痕记录）。`,
      okText: `导出 ${total} 项`,
      cancelText: '取消',
      onOk: () => send({ filters }),
    });
  };

  const nothingToExport = selectedIds.length === 0 && !total;
  return (
    <Button
      icon={<FileZipOutlined />}
      loading={start.isPending}
      disabled={nothingToExport}
      onClick={() => (selectedIds.length > 0 ? send({ itemIds: selectedIds }) : exportFiltered())}
    >
      {selectedIds.length > 0 ? `批量导出案卷（${selectedIds.length}）` : '批量导出案卷'}
    </Button>
  );
}
