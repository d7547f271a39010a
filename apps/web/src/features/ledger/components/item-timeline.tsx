import { FileOutlined } from '@ant-design/icons';
import type { EvidenceFileView, TimelineEntry } from '@ledger/domain/items';
import { Empty, Flex, Image, Progress, Timeline, Typography } from 'antd';

import { formatDateTime, formatSize } from '@/lib/format';

const entryColors: Partial<Record<TimelineEntry['type'], string>> = {
  registered: 'gray',
  progress: 'blue',
  evidence: 'blue',
  'closure-requested': 'green',
  'closure-signed': 'green',
  verification: 'green',
  'public-notice': 'cyan',
  objection: 'red',
  'sign-off': 'green',
  extension: 'orange',
  'supervision-notice': 'red',
  'look-back': 'purple',
};

/** The item's history (留痕): every step with its time, who took it, and the files that prove it. */
export function ItemTimeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <Empty description="暂无记录" />;

  return (
    <Timeline
      items={entries.map((entry, index) => ({
        key: `${entry.at}-${index}`,
        color: entryColors[entry.type] ?? 'blue',
        content: <TimelineContent entry={entry} />,
      }))}
    />
  );
}

function TimelineContent({ entry }: { entry: TimelineEntry }) {
  return (
    <Flex vertical gap={4} style={{ paddingBottom: 4 }}>
      <Flex gap={8} wrap align="baseline">
        <Typography.Text strong>{entry.title}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {/* Without a date of its own (a workflow step, say): when it happened, to the minute (留痕). */}
          {entry.on ?? formatDateTime(entry.at)}
          {entry.actor ? ` · ${entry.actor.displayName}` : ''}
        </Typography.Text>
      </Flex>
      {entry.detail && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          {entry.detail}
        </Typography.Paragraph>
      )}
      {typeof entry.percent === 'number' && (
        <Progress percent={entry.percent} size="small" style={{ maxWidth: 240 }} aria-label="完成比例" />
      )}
      {entry.evidence && entry.evidence.length > 0 && <EvidenceFiles files={entry.evidence} />}
    </Flex>
  );
}

const isImage = (file: EvidenceFileView) => file.mediaType.startsWith('image/');

/** Photos as thumbnails that open large; other files as download links. Each with its 证明日期. */
export function EvidenceFiles({ files }: { files: EvidenceFileView[] }) {
  const images = files.filter(isImage);
  const documents = files.filter((file) => !isImage(file));

  return (
    <Flex vertical gap={8}>
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Flex gap={8} wrap>
            {images.map((file) => (
              <Flex key={file.id} vertical gap={2} style={{ width: 80 }}>
                <Image
                  src={file.url}
                  alt={file.description ?? file.fileName}
                  width={80}
                  height={80}
                  style={{ objectFit: 'cover', borderRadius: 4 }}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {file.provesDate}
                </Typography.Text>
              </Flex>
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
      {documents.map((file) => (
        <Typography.Link key={file.id} href={file.url} target="_blank" rel="noopener">
          <FileOutlined /> {file.fileName}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            ({formatSize(file.sizeBytes)} · 证明日期 {file.provesDate})
          </Typography.Text>
        </Typography.Link>
      ))}
    </Flex>
  );
}
