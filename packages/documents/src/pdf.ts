/**
 * A PDF report as officials expect one: A4, Noto Sans SC embedded (pdfkit embeds only the glyphs
 * used, so a report stays small), and on every page the document's title at the top and, at the
 * bottom, when it was generated, what moment its data show (数据截至) and 第 X 页 / 共 Y 页.
 *
 * Pages are buffered (pdfkit's bufferPages) so that the total page count is known when the
 * footers are written, at the end.
 */
import PDFDocument from 'pdfkit';

import { cjkFont } from './fonts';
import { timesLine } from './format';
import { writeTable, type TableSpec } from './table';

export interface PdfReportOptions {
  /** the document's title: the first heading, every page's header and the file's metadata */
  title: string;
  /** when the document was written (生成时间) */
  generatedAt: Date;
  /** the moment the figures were read (数据截至) */
  dataAsOf: Date;
  /** who the document comes from (PDF metadata Author) */
  author?: string;
  subject?: string;
}

/** The names the embedded font's weights are registered under. */
export const FONT = { regular: 'NotoSansSC', bold: 'NotoSansSC-Bold' } as const;

const MARGIN = { top: 64, bottom: 60, left: 50, right: 50 } as const;
const MUTED = '#555555';

/** `第 3 页 / 共 7 页` */
export const pageNumberText = (page: number, pages: number) => `第 ${page} 页 / 共 ${pages} 页`;

export class PdfReport {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(readonly options: PdfReportOptions) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      lang: 'zh-CN',
      displayTitle: true,
      info: {
        Title: options.title,
        ...(options.author ? { Author: options.author } : {}),
        ...(options.subject ? { Subject: options.subject } : {}),
        CreationDate: options.generatedAt,
      },
    });
    // Listening from the start: pdfkit streams as it goes, and a late listener would miss chunks.
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.registerFont(FONT.regular, cjkFont('regular'));
    this.doc.registerFont(FONT.bold, cjkFont('bold'));
    this.doc.font(FONT.regular).fontSize(10).fillColor('black');
  }

  /** The width between the margins. */
  get contentWidth(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  /** Starts a new page when fewer than `height` points are left on this one. */
  ensureSpace(height: number): this {
    if (this.doc.y + height > this.doc.page.height - MARGIN.bottom) this.doc.addPage();
    return this;
  }

  /** Level 1: the document's title (centred); 2: a section (一、…); 3: a sub-heading. */
  heading(text: string, level: 1 | 2 | 3 = 2): this {
    const size = { 1: 18, 2: 13, 3: 11 }[level];
    // A heading never stands alone at the foot of a page.
    this.ensureSpace(size * 4);
    if (level > 1) this.doc.moveDown(0.6);
    this.doc
      .font(FONT.bold)
      .fontSize(size)
      .fillColor('black')
      .text(text, MARGIN.left, this.doc.y, {
        width: this.contentWidth,
        align: level === 1 ? 'center' : 'left',
      });
    this.doc.moveDown(level === 1 ? 0.8 : 0.4);
    this.doc.font(FONT.regular).fontSize(10);
    return this;
  }

  paragraph(
    text: string,
    options: { muted?: boolean; bold?: boolean; size?: number; align?: 'left' | 'center' } = {},
  ): this {
    this.doc
      .font(options.bold ? FONT.bold : FONT.regular)
      .fontSize(options.size ?? 10)
      .fillColor(options.muted ? MUTED : 'black')
      .text(text, MARGIN.left, this.doc.y, { width: this.contentWidth, align: options.align ?? 'left' });
    this.doc.font(FONT.regular).fillColor('black').moveDown(0.3);
    return this;
  }

  table(spec: TableSpec): this {
    writeTable(this.doc, spec, FONT);
    return this;
  }

  /** Writes every page's header and footer and answers the finished file. */
  async finish(): Promise<Buffer> {
    const { doc, options } = this;
    const range = doc.bufferedPageRange();
    const footer = timesLine(options.generatedAt, options.dataAsOf);
    for (let index = 0; index < range.count; index++) {
      doc.switchToPage(range.start + index);
      const { width, height } = doc.page;
      // Writing inside the margins would make pdfkit start a new page; lift the bottom margin
      // while the header and footer are written.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.font(FONT.regular).fontSize(8).fillColor(MUTED);
      doc.text(options.title, MARGIN.left, 30, {
        width: width - MARGIN.left - MARGIN.right,
        lineBreak: false,
      });
      doc
        .moveTo(MARGIN.left, 44)
        .lineTo(width - MARGIN.right, 44)
        .lineWidth(0.5)
        .strokeColor('#999999')
        .stroke();
      const footerY = height - 40;
      doc
        .moveTo(MARGIN.left, footerY - 6)
        .lineTo(width - MARGIN.right, footerY - 6)
        .stroke();
      doc.text(footer, MARGIN.left, footerY, { lineBreak: false });
      const numbers = pageNumberText(index + 1, range.count);
      doc.text(numbers, width - MARGIN.right - doc.widthOfString(numbers), footerY, { lineBreak: false });
      doc.page.margins.bottom = bottom;
    }
    doc.fillColor('black').strokeColor('black');
    doc.end();
    return this.done;
  }
}
