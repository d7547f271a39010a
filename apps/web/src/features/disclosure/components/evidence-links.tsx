import { FileOutlined, FilePdfOutlined } from '@ant-design/icons';
import type { PublicEvidence } from '@ledger/domain/public';
import { Flex, Image, Typography } from 'antd';

const isPhoto = (file: PublicEvidence) =>
  file.mediaType.startsWith('image/') && file.mediaType !== 'image/heic';

const sizeLabel = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** The public files (公开的佐证材料): photos as thumbnails a finger can open, documents as links. */
export function EvidenceLinks({ files }: { files: PublicEvidence[] }) {
  if (files.length === 0) return null;
  const photos = files.filter(isPhoto);
  const documents = files.filter((file) => !isPhoto(file));
  return (
    <Flex vertical gap={8}>
      {photos.length > 0 && (
        <Image.PreviewGroup>
          <Flex wrap gap={8}>
            {photos.map((file) => (
              <Image
                key={file.id}
                src={file.url}
                alt={file.description ?? file.fileName}
                width={96}
                height={96}
                style={{ objectFit: 'cover', borderRadius: 4 }}
              />
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
      {documents.map((file) => (
        <Typography.Link key={file.id} href={file.url} target="_blank" rel="noopener">
          {file.mediaType === 'application/pdf' ? <FilePdfOutlined /> : <FileOutlined />} {file.fileName}
          <Typography.Text type="secondary">
            {' '}
            （{sizeLabel(file.sizeBytes)}，证明日期 {file.provesDate}）
          </Typography.Text>
        </Typography.Link>
      ))}
    </Flex>
  );
}
