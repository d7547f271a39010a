/**
 * A plain ruled table for pdfkit: cells wrap, a row that does not fit on the page moves to the
 * next one, and the header row is repeated at the top of every page the table continues on, so a
 * printed page can be read on its own.
 */
export interface TableColumn {
  header: string;
  /** the column's share of the table's width (weights, e.g. 1 and 3) */
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface TableSpec {
  columns: readonly TableColumn[];
  rows: readonly (readonly string[])[];
  /** written instead of the table when there are no rows (e.g. 本期无) */
  emptyText?: string;
  /** font size of the cells; the header uses the same size in bold */
  fontSize?: number;
}

const PADDING = 4;
/** Rows kept on the header's page when a table starts near a page's foot. */
const KEEP_WITH_HEADER = 3;
const HEADER_FILL = '#e8edf3';
const RULE = '#8a8a8a';

export function writeTable(
  doc: PDFKit.PDFDocument,
  spec: TableSpec,
  fonts: { regular: string; bold: string },
): void {
  const fontSize = spec.fontSize ?? 9;
  const { left, right, top, bottom } = doc.page.margins;
  const x0 = left;
  const tableWidth = doc.page.width - left - right;
  const pageBottom = () => doc.page.height - bottom;
  // The tallest a row may be: a page's content height (text beyond it is cut with an ellipsis).
  const maxRowHeight = doc.page.height - top - bottom - 40;

  if (spec.rows.length === 0) {
    doc
      .font(fonts.regular)
      .fontSize(10)
      .fillColor('#555555')
      .text(spec.emptyText ?? '无', x0, doc.y, { width: tableWidth });
    doc.fillColor('black').moveDown(0.5);
    return;
  }

  const totalWeight = spec.columns.reduce((sum, column) => sum + column.width, 0);
  const widths = spec.columns.map((column) => (column.width / totalWeight) * tableWidth);
  const lefts = widths.map((_, index) => x0 + widths.slice(0, index).reduce((sum, width) => sum + width, 0));

  const rowHeight = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(fontSize);
    const heights = cells.map(
      (cell, index) => doc.heightOfString(cell || ' ', { width: widths[index]! - 2 * PADDING }) + 2 * PADDING,
    );
    return Math.min(Math.max(...heights), maxRowHeight);
  };

  const drawRow = (cells: readonly string[], y: number, height: number, header: boolean) => {
    if (header) doc.rect(x0, y, tableWidth, height).fillColor(HEADER_FILL).fill();
    doc.lineWidth(0.5).strokeColor(RULE);
    doc
      .font(header ? fonts.bold : fonts.regular)
      .fontSize(fontSize)
      .fillColor('black');
    spec.columns.forEach((column, index) => {
      doc.rect(lefts[index]!, y, widths[index]!, height).stroke();
      doc.text(cells[index] ?? '', lefts[index]! + PADDING, y + PADDING, {
        width: widths[index]! - 2 * PADDING,
        height: height - 2 * PADDING,
        ellipsis: true,
        align: header ? 'center' : (column.align ?? 'left'),
      });
    });
  };

  const headers = spec.columns.map((column) => column.header);
  const headerHeight = rowHeight(headers, fonts.bold);
  let y = doc.y;

  const startPage = () => {
    doc.addPage();
    y = doc.page.margins.top;
  };

  // The header goes with its first rows: a header, or a row or two, alone at the foot of a page
  // says little. A table too short to need it is not split at all.
  const leading = spec.rows
    .slice(0, KEEP_WITH_HEADER)
    .reduce((sum, row) => sum + rowHeight(row, fonts.regular), headerHeight);
  if (y + leading > pageBottom() && leading < pageBottom() - top) startPage();
  drawRow(headers, y, headerHeight, true);
  y += headerHeight;

  for (const row of spec.rows) {
    const height = rowHeight(row, fonts.regular);
    if (y + height > pageBottom()) {
      startPage();
      drawRow(headers, y, headerHeight, true);
      y += headerHeight;
    }
    drawRow(row, y, height, false);
    y += height;
  }

  doc.font(fonts.regular).fontSize(10).fillColor('black').strokeColor('black');
  doc.x = x0;
  doc.y = y + 8;
}
