/**
 * Fixtures for the progress, evidence and audit tests: tiny files that file-type recognises by
 * content (what the upload checks), a multipart form builder that sends file names as raw UTF-8
 * as browsers do, and the demo ledger's items as seen from 湖墅街道.
 */
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

import type { PrismaClient } from '@ledger/db/client';

/** A 1×1 PNG. */
export const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A 1×1 baseline JPEG. */
export const jpeg = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////' +
    '////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

export const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n' +
    '2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

/** An ISO-BMFF `ftyp` box with the HEIC brand: what an iPhone photo starts with. */
export const heic = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypheic'),
  Buffer.from([0, 0, 0, 0]),
  Buffer.from('mif1heic'),
  randomBytes(64),
]);

/** The signature of an OLE compound file (legacy .doc/.xls/.ppt, but also .msi and .msg). */
export const compoundFile = Buffer.concat([
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  Buffer.alloc(504),
]);

/** A Windows executable's header. */
export const exe = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(62),
  Buffer.from('This program cannot be run'),
]);

/** A zip whose entries are stored (not compressed). */
export function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    locals.push(local, fileName, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A Word document as far as its package goes: what file-type reads to call it docx. */
export const docx = zip({
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  'word/document.xml':
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
});

export interface FormFile {
  name: string;
  content: Buffer;
  /** what the browser claims; the server ignores it */
  type?: string;
  field?: string;
}

/** A multipart/form-data body for `inject`. */
export function multipartForm(fields: Record<string, string>, files: FormFile[] = []) {
  const boundary = `----ledger${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Items of the demo ledger as 湖墅街道 (officer.hushu) sees them. */
export async function hushuItems(prisma: PrismaClient) {
  const hushu = await prisma.unit.findUniqueOrThrow({ where: { code: 'street-hushu' } });
  const led = (status: 'IN_PROGRESS' | 'CLOSED') =>
    prisma.ledgerItem.findFirstOrThrow({
      where: { leadUnitId: hushu.id, status },
      orderBy: { number: 'asc' },
      select: { id: true, number: true },
    });
  return {
    unitId: hushu.id,
    /** led by 湖墅街道 and in progress */
    open: await led('IN_PROGRESS'),
    /** led by 湖墅街道 and closed (已销号) */
    closed: await led('CLOSED'),
    /** neither led nor cooperated on by 湖墅街道 */
    foreign: await prisma.ledgerItem.findFirstOrThrow({
      where: { leadUnitId: { not: hushu.id }, cooperatingUnits: { none: { unitId: hushu.id } } },
      orderBy: { number: 'asc' },
      select: { id: true, number: true },
    }),
  };
}
