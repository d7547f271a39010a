/**
 * Answers with a stored file (佐证材料, 通报): streamed as it is, under its original name in any
 * script, never sniffed into another type.
 */
import type { Readable } from 'node:stream';

import type { FastifyReply } from 'fastify';

export interface StoredFileDownload {
  stream: Readable;
  sizeBytes: number;
  fileName: string;
  mediaType: string;
}

/**
 * Sends `file`: as an attachment unless `inline`, and private to the signed-in user unless
 * `cacheControl` says otherwise (the public pages' files may be cached briefly).
 */
export function sendStoredFile(
  reply: FastifyReply,
  file: StoredFileDownload,
  { inline = false, cacheControl = 'private, no-store' }: { inline?: boolean; cacheControl?: string } = {},
) {
  return reply
    .header('Content-Type', file.mediaType)
    .header('Content-Length', file.sizeBytes)
    .header('Content-Disposition', contentDisposition(file.fileName, inline ? 'inline' : 'attachment'))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', cacheControl)
    .send(file.stream);
}

/**
 * Content-Disposition for a file name in any script: an ASCII `filename` for old clients and the
 * exact name as RFC 5987 `filename*` (UTF-8, percent-encoded) for everyone else.
 */
export function contentDisposition(fileName: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
