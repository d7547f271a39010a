import { FilePdfOutlined, FileZipOutlined } from '@ant-design/icons';
import { Button } from 'antd';

import { caseFileUrl, closureReportUrl } from '../api/export-links';

/**
 * 下载销号报告 (PDF) and 下载案卷 (ZIP: the report, every evidence file, the audit records and
 * a manifest of sha256 sums) of one item. Links, so that the server names the files.
 */
export function ItemDownloads({ itemId }: { itemId: string }) {
  return (
    <>
      <Button href={closureReportUrl(itemId)} download icon={<FilePdfOutlined />}>
        下载销号报告
      </Button>
      <Button href={caseFileUrl(itemId)} download icon={<FileZipOutlined />}>
        下载案卷
      </Button>
    </>
  );
}
