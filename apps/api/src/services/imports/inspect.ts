/**
 * What an uploaded workbook is, decided from its bytes before any spreadsheet parser sees them.
 *
 * An .xlsx is a ZIP package. Everything that is not one is refused with what it is instead (an old
 * .xls, a password-protected workbook — both OLE compound files —, a PDF, a picture, text). A ZIP
 * is judged by its central directory first (how many parts, how large they say they are
 * uncompressed, how far they claim to compress), then every part is inflated once while its
 * bytes are counted, so a package whose declared sizes lie is caught too, and nothing is kept in
 * memory but the few small parts read here. The streaming reader that follows (read.ts) reads the
 * local headers in file order, so the local headers must describe exactly the parts the central
 * directory lists, back to back: a part hidden between them would escape every limit.
 *
 * Read on the way: the macro markers (an .xlsm), the sheets' names and, for each sheet, its
 * merged cells — the streaming reader skips them, and a merged header must be reported.
 */
import { open as openFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

import CFB from 'cfb';
import { fileTypeFromFile } from 'file-type';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

import { HttpError, badRequest } from '../../lib/http-errors';

/** Limits of a workbook package; a district ledger is far inside every one of them. */
export const PACKAGE_LIMITS = {
  /** parts in the package (a workbook of a few sheets has 10–30) */
  maxEntries: 1_000,
  /** all parts together, uncompressed */
  maxUncompressedBytes: 200 * 1024 * 1024,
  /** how far one part may compress (XML of a large sheet: about 10:1) */
  maxRatio: 200,
  /** parts smaller than this are not judged by their ratio: a short repetitive part compresses well */
  ratioFloorBytes: 1024 * 1024,
  /** merged ranges in one sheet (each is checked against each row read) */
  maxMergedRanges: 5_000,
} as const;

/** A merged range, in 1-based rows and columns. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface WorkbookPackage {
  /** merged ranges by sheet name */
  mergedCells: Map<string, CellRange[]>;
  /**
   * Byte ranges of the file (end exclusive) that make the same package with the workbook's
   * relationships, styles and shared strings ahead of the sheets: read in this order, the
   * streaming reader parses each sheet as it arrives instead of parking it in a temp file (which
   * Excel's own part order would make it do, and which an aborted read would leave behind).
   */
  readingOrder: { start: number; end: number }[];
}

/** Parts the streaming reader must have seen before the sheets, in this order. */
const PARTS_FIRST = [
  '[Content_Types].xml',
  '_rels/.rels',
  'xl/_rels/workbook.xml.rels',
  'xl/workbook.xml',
  'xl/styles.xml',
  'xl/sharedStrings.xml',
];

const SAVE_AS_XLSX = '请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”后再导入';

export const fileMessages = {
  notWorkbook: (what: string) => `不是 Excel 工作簿（.xlsx）：文件内容是${what}。${SAVE_AS_XLSX}`,
  encrypted:
    '工作簿设置了打开密码，无法读取。请在 Excel 或 WPS 中打开，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）并保存后再导入',
  legacyXls: `这是旧版 Excel 工作簿（.xls），不能直接导入。${SAVE_AS_XLSX}`,
  macros:
    '含宏的工作簿（.xlsm）不能导入：宏可能执行代码。请在 Excel 中另存为“Excel 工作簿（*.xlsx）”（不含宏）后再导入',
  damaged: (detail: string) => `工作簿已损坏，无法读取（${detail}）。请重新保存或重新导出后再导入`,
  tooManyParts: (count: number) =>
    `工作簿包含 ${count.toLocaleString('en')} 个部件，超过 ${PACKAGE_LIMITS.maxEntries.toLocaleString('en')} 个的上限，不像正常的台账工作簿。请另存为新的 .xlsx 后再导入`,
  tooLarge: (bytes: number) =>
    `工作簿解压后约 ${megabytes(bytes)}，超过 ${megabytes(PACKAGE_LIMITS.maxUncompressedBytes)} 的上限（疑似压缩炸弹，或数据过多）。请分批导入`,
  bomb: (part: string, ratio: number) =>
    `工作簿的部件“${part}”压缩比异常（约 ${Math.round(ratio).toLocaleString('en')}:1，上限 ${PACKAGE_LIMITS.maxRatio}:1），疑似压缩炸弹，已拒绝`,
  tooManyMerges: (sheet: string) =>
    `工作表“${sheet}”有超过 ${PACKAGE_LIMITS.maxMergedRanges.toLocaleString('en')} 处合并单元格，不像正常的台账表。请取消合并单元格后再导入`,
  sizeLies: (part: string) =>
    `工作簿的部件“${part}”解压后的大小与文件中声明的不符（疑似压缩炸弹或文件被篡改），已拒绝`,
};

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024).toLocaleString('en')} MB`;

const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_EMPTY = 0x06054b50;
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Checks the file at `path` and answers what the reader needs from the package. */
export async function inspectWorkbookFile(path: string): Promise<WorkbookPackage> {
  const head = await readHead(path, 8);
  if (head.length >= 8 && head.subarray(0, 8).equals(CFB_MAGIC)) throw await compoundFileError(path);
  const signature = head.length >= 4 ? head.readUInt32LE(0) : 0;
  if (signature === ZIP_EMPTY) throw badRequest(fileMessages.notWorkbook('空的 ZIP 压缩包'));
  if (signature !== ZIP_LOCAL_HEADER) throw badRequest(fileMessages.notWorkbook(await describeContent(path)));
  return inspectPackage(path);
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const file = await openFile(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * An OLE compound file: an Office document before 2007 — or a 2007+ document encrypted with a
 * password, which Office stores as `EncryptionInfo` + `EncryptedPackage` streams in one.
 */
async function compoundFileError(path: string): Promise<HttpError> {
  const file = await openFile(path, 'r');
  let names: string[];
  try {
    names = CFB.read(await file.readFile(), { type: 'buffer' }).FileIndex.map((entry) => entry.name);
  } catch {
    return badRequest(fileMessages.notWorkbook('已损坏的旧版 Office 文件'));
  } finally {
    await file.close();
  }
  if (names.some((name) => name === 'EncryptionInfo' || name === 'EncryptedPackage')) {
    return badRequest(fileMessages.encrypted);
  }
  if (names.some((name) => name === 'Workbook' || name === 'Book')) return badRequest(fileMessages.legacyXls);
  if (names.includes('WordDocument')) return badRequest(fileMessages.notWorkbook('旧版 Word 文档（.doc）'));
  return badRequest(fileMessages.notWorkbook('旧版 Office 文件'));
}

const CONTENT_NAMES: Record<string, string> = {
  pdf: ' PDF 文档',
  png: '图片（PNG）',
  jpg: '图片（JPEG）',
  gif: '图片（GIF）',
  webp: '图片（WebP）',
  heic: '图片（HEIC）',
  bmp: '图片（BMP）',
  tif: '图片（TIFF）',
  rar: ' RAR 压缩包',
  '7z': ' 7z 压缩包',
  gz: ' gzip 压缩包',
  exe: 'Windows 程序',
  xml: ' XML 文本',
};

/** What a file that is no ZIP holds, in a user's words. */
async function describeContent(path: string): Promise<string> {
  const detected = await fileTypeFromFile(path);
  if (detected) return CONTENT_NAMES[detected.ext] ?? ` ${detected.ext} 格式`;
  const head = await readHead(path, 4096);
  if (head.length === 0) return '空的（0 字节）';
  const text =
    !head.includes(0) && !new TextDecoder('utf-8', { fatal: false }).decode(head).includes('\uFFFD');
  return text ? '纯文本（如 CSV 或 TXT）' : '无法识别的格式';
}

interface PartText {
  /** the most characters to keep */
  max: number;
  text: string;
}

async function inspectPackage(path: string): Promise<WorkbookPackage> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
      decodeStrings: true,
      strictFileNames: false,
    });
  } catch (error) {
    throw badRequest(fileMessages.damaged(zipReason(error)));
  }
  try {
    // Read before the entries move it on: where the central directory starts.
    const directoryOffset = (zip as unknown as { readEntryCursor: number }).readEntryCursor;
    if (zip.entryCount > PACKAGE_LIMITS.maxEntries) {
      throw badRequest(fileMessages.tooManyParts(zip.entryCount));
    }
    const entries = await listEntries(zip);
    const names = new Set(entries.map((entry) => entry.fileName));
    if (entries.some((entry) => entry.isEncrypted())) throw badRequest(fileMessages.encrypted);
    if ([...names].some((name) => /(^|\/)vbaProject\.bin$/i.test(name))) {
      throw badRequest(fileMessages.macros);
    }
    if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
      throw badRequest(fileMessages.notWorkbook(describePackage(names)));
    }
    let declared = 0;
    for (const entry of entries) {
      declared += entry.uncompressedSize;
      if (declared > PACKAGE_LIMITS.maxUncompressedBytes) {
        throw new HttpError(413, fileMessages.tooLarge(declared));
      }
      if (
        entry.uncompressedSize >= PACKAGE_LIMITS.ratioFloorBytes &&
        entry.uncompressedSize > Math.max(entry.compressedSize, 1) * PACKAGE_LIMITS.maxRatio
      ) {
        throw badRequest(
          fileMessages.bomb(entry.fileName, entry.uncompressedSize / Math.max(entry.compressedSize, 1)),
        );
      }
    }
    const ordered = await checkLayout(zip, entries, directoryOffset);

    const texts: Record<string, PartText> = {
      '[Content_Types].xml': { max: 1024 * 1024, text: '' },
      'xl/workbook.xml': { max: 4 * 1024 * 1024, text: '' },
      'xl/_rels/workbook.xml.rels': { max: 1024 * 1024, text: '' },
    };
    const merges = new Map<string, string>();
    let inflated = 0;
    for (const entry of ordered) {
      const part = texts[entry.fileName];
      const sheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(entry.fileName) ? new MergeScanner() : null;
      let stream;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (error) {
        throw badRequest(fileMessages.damaged(zipReason(error)));
      }
      const decoder = new StringDecoder('utf8');
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          inflated += chunk.length;
          if (inflated > PACKAGE_LIMITS.maxUncompressedBytes) {
            throw new HttpError(413, fileMessages.tooLarge(inflated));
          }
          if (part && part.text.length < part.max) part.text += decoder.write(chunk);
          if (sheet) sheet.push(decoder.write(chunk));
        }
      } catch (error) {
        stream.destroy();
        if (error instanceof HttpError) throw error;
        if (/too many bytes|not enough bytes/.test(String((error as Error).message))) {
          throw badRequest(fileMessages.sizeLies(entry.fileName));
        }
        throw badRequest(fileMessages.damaged(zipReason(error)));
      }
      if (sheet) merges.set(entry.fileName.toLowerCase(), sheet.text());
    }
    if (/macroEnabled|vbaProject/i.test(texts['[Content_Types].xml']!.text)) {
      throw badRequest(fileMessages.macros);
    }
    const sheets = sheetParts(texts['xl/workbook.xml']!.text, texts['xl/_rels/workbook.xml.rels']!.text);
    return {
      mergedCells: mergedCellsBySheet(sheets, merges),
      readingOrder: readingOrder(ordered, sheets, directoryOffset, zip.fileSize),
    };
  } finally {
    zip.close();
  }
}

async function listEntries(zip: ZipFile): Promise<Entry[]> {
  const entries: Entry[] = [];
  try {
    for await (const entry of zip.eachEntry()) entries.push(entry);
  } catch (error) {
    throw badRequest(fileMessages.damaged(zipReason(error)));
  }
  return entries;
}

const DATA_DESCRIPTOR_FLAG = 0x08;
/** A data descriptor is 12 or 16 bytes (20 or 24 in ZIP64): too short to hide a part behind. */
const DESCRIPTOR_LENGTHS = new Set([12, 16, 20, 24]);

/**
 * The parts must lie back to back from the start of the file to the central directory, each
 * local header agreeing with the directory (name, method, sizes): then a reader that walks the
 * local headers, as the streaming reader does, meets exactly the parts checked here.
 */
async function checkLayout(zip: ZipFile, entries: Entry[], directoryOffset: number): Promise<Entry[]> {
  const ordered = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  let expected = 0;
  let previousHadDescriptor = false;
  for (const entry of ordered) {
    const gap = entry.relativeOffsetOfLocalHeader - expected;
    if (gap !== 0 && !(expected > 0 && DESCRIPTOR_LENGTHS.has(gap) && previousHadDescriptor)) {
      throw badRequest(fileMessages.damaged('压缩包中有目录未列出的数据'));
    }
    let local;
    try {
      local = await zip.readLocalFileHeaderPromise(entry);
    } catch (error) {
      throw badRequest(fileMessages.damaged(zipReason(error)));
    }
    const hasDescriptor = (local.generalPurposeBitFlag & DATA_DESCRIPTOR_FLAG) !== 0;
    const sizesAgree =
      hasDescriptor ||
      local.compressedSize === 0xffffffff ||
      (local.compressedSize === entry.compressedSize && local.uncompressedSize === entry.uncompressedSize);
    if (
      local.fileName.toString('utf8') !== entry.fileName ||
      local.compressionMethod !== entry.compressionMethod ||
      !sizesAgree
    ) {
      throw badRequest(fileMessages.damaged(`部件“${entry.fileName}”的文件头与目录不一致`));
    }
    expected = local.fileDataStart + entry.compressedSize;
    previousHadDescriptor = hasDescriptor;
  }
  const tail = directoryOffset - expected;
  if (tail !== 0 && !(DESCRIPTOR_LENGTHS.has(tail) && previousHadDescriptor)) {
    throw badRequest(fileMessages.damaged('压缩包中有目录未列出的数据'));
  }
  return ordered;
}

/**
 * The parts as byte ranges (each to where the next begins): PARTS_FIRST ahead, then the sheets
 * in the workbook's tab order (a spreadsheet may store them in any order), the rest after, then
 * the directory.
 */
function readingOrder(ordered: Entry[], sheets: SheetPart[], directoryOffset: number, fileSize: number) {
  const ranges = ordered.map((entry, index) => ({
    name: entry.fileName,
    start: entry.relativeOffsetOfLocalHeader,
    end: ordered[index + 1]?.relativeOffsetOfLocalHeader ?? directoryOffset,
  }));
  const tabs = sheets.map((sheet) => sheet.part);
  const rank = (name: string) => {
    const first = PARTS_FIRST.indexOf(name);
    if (first >= 0) return first;
    const tab = tabs.indexOf(name.toLowerCase());
    return PARTS_FIRST.length + (tab >= 0 ? tab : tabs.length);
  };
  // Array.prototype.sort is stable: other parts keep their order.
  const parts = ranges.sort((a, b) => rank(a.name) - rank(b.name)).map(({ start, end }) => ({ start, end }));
  return [...parts, { start: directoryOffset, end: fileSize }];
}

function zipReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/end of central directory/i.test(message)) return '找不到压缩包目录，文件可能不完整';
  if (/unsupported compression method/i.test(message)) return '使用了不支持的压缩方式';
  return '压缩包结构无效';
}

function describePackage(names: Set<string>): string {
  if ([...names].some((name) => name.startsWith('word/'))) return ' Word 文档（.docx）';
  if ([...names].some((name) => name.startsWith('ppt/'))) return ' PowerPoint 演示文稿（.pptx）';
  if (names.has('content.xml') && names.has('mimetype')) return ' OpenDocument 文件（如 .ods）';
  return '普通的 ZIP 压缩包';
}

/**
 * Collects a sheet's `<mergeCells>` as its XML streams by: they come after the rows, so only a
 * short tail is kept until they start.
 */
class MergeScanner {
  private tail = '';
  private merges = '';
  private started = false;

  push(chunk: string) {
    if (this.started) {
      if (this.merges.length < 8 * 1024 * 1024) this.merges += chunk;
      return;
    }
    const text = this.tail + chunk;
    const at = text.search(/<(?:\w+:)?mergeCells[\s>]/);
    if (at >= 0) {
      this.started = true;
      this.merges = text.slice(at);
    } else {
      this.tail = text.slice(-32);
    }
  }

  text() {
    return this.merges;
  }
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (!name.startsWith('#')) return XML_ENTITIES[name] ?? whole;
    const hex = name[1] === 'x' || name[1] === 'X';
    const code = parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
    // A reference beyond Unicode is the file's error, not ours: left as written.
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    found.set(match[1]!, xmlText(match[2] ?? match[3] ?? ''));
  }
  return found;
}

/** A1-style reference → 1-based row and column. */
function cellAddress(reference: string): { row: number; column: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(reference);
  if (!match) return null;
  let column = 0;
  for (const letter of match[1]!.toUpperCase()) column = column * 26 + letter.charCodeAt(0) - 64;
  return { row: Number(match[2]), column };
}

interface SheetPart {
  /** the tab's name */
  name: string;
  /** its part in the package, lower case (xl/worksheets/sheet1.xml) */
  part: string;
}

/** The sheets in tab order with their parts, from workbook.xml and its relationships. */
function sheetParts(workbookXml: string, relsXml: string): SheetPart[] {
  const targets = new Map<string, string>();
  for (const match of relsXml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const attrs = attributes(match[1]!);
    const id = attrs.get('Id');
    const target = attrs.get('Target');
    if (!id || !target) continue;
    const part = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    targets.set(id, part.toLowerCase());
  }
  const sheets: SheetPart[] = [];
  for (const match of workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const attrs = attributes(match[1]!);
    const name = attrs.get('name');
    const relationId = [...attrs].find(([key]) => key === 'id' || key.endsWith(':id'))?.[1];
    const part = relationId ? targets.get(relationId) : undefined;
    if (name && part) sheets.push({ name, part });
  }
  return sheets;
}

/** Sheet names with their merged ranges, from each sheet's `<mergeCells>`. */
function mergedCellsBySheet(
  sheets: SheetPart[],
  mergesByPart: Map<string, string>,
): Map<string, CellRange[]> {
  const result = new Map<string, CellRange[]>();
  for (const { name, part } of sheets) {
    const xml = mergesByPart.get(part);
    if (!xml) continue;
    const ranges: CellRange[] = [];
    for (const merge of xml.matchAll(/<(?:\w+:)?mergeCell\b([^>]*)>/g)) {
      if (ranges.length === PACKAGE_LIMITS.maxMergedRanges)
        throw badRequest(fileMessages.tooManyMerges(name));
      const [from, to = from] = (attributes(merge[1]!).get('ref') ?? '').split(':');
      const start = from ? cellAddress(from) : null;
      const end = to ? cellAddress(to) : null;
      if (!start || !end) continue;
      ranges.push({
        top: Math.min(start.row, end.row),
        left: Math.min(start.column, end.column),
        bottom: Math.max(start.row, end.row),
        right: Math.max(start.column, end.column),
      });
    }
    result.set(name, ranges);
  }
  return result;
}
