import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import type { BulletinView } from '@ledger/domain/bulletins';
import { Space } from 'antd';

/**
 * The stored PDF and workbook of a bulletin: plain links, so the browser downloads them with the
 * session cookie and the server's file name; each download is audited on the server.
 */
export function BulletinDownloads({ bulletin }: { bulletin: BulletinView }) {
  return (
    <Space size={16} wrap>
      <a href={bulletin.pdf.url} download={bulletin.pdf.fileName} aria-label={`下载 PDF：${bulletin.title}`}>
        <FilePdfOutlined /> PDF
      </a>
      <a
        href={bulletin.xlsx.url}
        download={bulletin.xlsx.fileName}
        aria-label={`下载 Excel：${bulletin.title}`}
      >
        <FileExcelOutlined /> Excel
      </a>
    </Space>
  );
}
