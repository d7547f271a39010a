/**
 * Answers with a file (佐证材料, 通报, 销号报告, 案卷, 台账): sent as it is, under its original name
 * in any script, never sniffed into another type.
 */
import type { Readable } from 'node:stream';

import type { FastifyReply } from 'fastify';

export interface FileDownload {
  /** the bytes, or a stream of them (a generated file may be written as it is sent) */
  content: Buffer | Readable;
  fileName: string;
  mediaType: string;
  /** the length of a stream, when it is known before sending */
  sizeBytes?: number;
}

export interface StoredFileDownload {
  stream: Readable;
  sizeBytes: number;
  fileName: string;
  mediaType: string;
}

export interface DownloadOptions {
  /** shown in the browser rather than saved */
  inline?: boolean;
  /** private to the signed-in user unless said otherwise (the public pages' files may be cached briefly) */
  cacheControl?: string;
}

/** Sends `file`: as an attachment unless `inline`, and private to the signed-in user by default. */
export function sendFile(
  reply: FastifyReply,
  file: FileDownload,
  { inline = false, cacheControl = 'private, no-store' }: DownloadOptions = {},
) {
  if (file.sizeBytes !== undefined) reply.header('Content-Length', file.sizeBytes);
  return reply
    .header('Content-Type', file.mediaType)
    .header('Content-Disposition', contentDisposition(file.fileName, inline ? 'inline' : 'attachment'))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', cacheControl)
    .send(file.content);
}

/** Sends a file opened from storage, its length known. */
export function sendStoredFile(reply: FastifyReply, file: StoredFileDownload, options: DownloadOptions = {}) {
  return sendFile(reply, { ...file, content: file.stream }, options);
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
