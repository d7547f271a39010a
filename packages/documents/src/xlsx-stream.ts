/**
 * A workbook written as it is read, for sheets too long to hold in memory (the ledger workbook at
 * 100,000 rows): exceljs's streaming writer, each row written out and forgotten as soon as it is
 * added. The sheets look exactly like `addSheet`'s (xlsx.ts): the title block, column styles and
 * cell conversion are the same functions.
 *
 * Memory stays flat only if the rows are not produced faster than they are compressed and sent.
 * exceljs 4.4 does not pass backpressure on: a sheet's XML is pushed into the zip without waiting
 * (a fast producer piles uncompressed XML up before zlib), and the zip pushes into the output
 * without waiting (a slow reader piles the compressed file up before the output).
 * `StreamingSheet.drain()` waits until both are small again; call it between batches of rows.
 */
import type { Writable } from 'node:stream';

import ExcelJS from 'exceljs';

import {
  columnStyles,
  sheetName,
  sheetOptions,
  writeRowValues,
  writeSheetHead,
  type CellValue,
  type ColumnStyles,
  type SheetHead,
  type Worksheet,
} from './xlsx';

/** Uncompressed bytes a sheet may have waiting for the zip before `drain()` holds the rows back. */
export const DEFAULT_MAX_PENDING_BYTES = 4 * 1024 * 1024;

export interface StreamingWorkbookOptions {
  creator: string;
  created: Date;
  title?: string;
  /** zlib level, 1 (fast, larger) … 9 (slow, smaller); default 6 */
  compressionLevel?: number;
}

/**
 * The internals of exceljs 4.4's streaming writer that backpressure needs: the sheet's XML
 * buffer (`StreamBuf`) and what it is piped into once the zip reaches the sheet — a readable-stream
 * PassThrough whose write buffer is the backlog. Kept to this one place; a test in
 * test/xlsx-stream.test.ts fails if an exceljs upgrade changes them.
 */
interface PendingTarget {
  _writableState?: { length: number };
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}
interface SheetXmlBuffer {
  pipes?: PendingTarget[];
  buffers?: { length: number }[];
}

export class StreamingWorkbook {
  readonly #writer: ExcelJS.stream.xlsx.WorkbookWriter;
  readonly #output: Writable;

  /** Writes the workbook into `output` (a response, a file); `commit()` finishes it. */
  constructor(output: Writable, options: StreamingWorkbookOptions) {
    this.#output = output;
    this.#writer = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: output,
      // Shared strings would keep every distinct text in memory until the end.
      useSharedStrings: false,
      useStyles: true,
      zip: { zlib: { level: options.compressionLevel ?? 6 } },
    });
    this.#writer.creator = options.creator;
    this.#writer.created = options.created;
    this.#writer.modified = options.created;
    if (options.title) this.#writer.title = options.title;
  }

  /**
   * Adds a sheet with its title block written; its rows follow with `addRow`. Sheets are written
   * one after another: commit a sheet before adding the next.
   */
  addSheet(head: SheetHead): StreamingSheet {
    const sheet = this.#writer.addWorksheet(sheetName(head.name), sheetOptions(head));
    // The filter covers the header row: a reader filters whatever rows follow, and an empty
    // sheet keeps the same look as a full one.
    const headerRow = writeSheetHead(sheet, head, { autoFilter: true });
    sheet.getRow(headerRow).commit();
    return new StreamingSheet(sheet, head, this.#output);
  }

  /**
   * Commits every sheet and finishes the file. Answers true once the output has taken the whole
   * zip, false when the output went away first (a client that disconnected: nobody will take
   * the rest, and waiting for it would wait forever).
   */
  async commit(): Promise<boolean> {
    const output = this.#output;
    if (output.destroyed) return false;
    let onClose = () => {};
    const closed = new Promise<boolean>((resolve) => {
      onClose = () => resolve(output.writableFinished);
      output.once('close', onClose);
    });
    try {
      // exceljs resolves once the output has emitted 'finish'; a 'close' after that is the end
      // of a complete file, one before it a reader that went away.
      return await Promise.race([this.#writer.commit().then(() => true), closed]);
    } finally {
      output.removeListener('close', onClose);
    }
  }
}

export class StreamingSheet {
  readonly #sheet: Worksheet;
  readonly #head: SheetHead;
  readonly #styles: ColumnStyles;
  readonly #output: Writable;

  constructor(sheet: Worksheet, head: SheetHead, output: Writable) {
    this.#sheet = sheet;
    this.#head = head;
    this.#styles = columnStyles(head.columns);
    this.#output = output;
  }

  /** Writes one row under the header (values in the columns' order) and lets go of it. */
  addRow(values: readonly CellValue[]): void {
    const row = this.#sheet.addRow([]);
    writeRowValues(row, this.#head.columns, this.#styles, values);
    row.commit();
  }

  /**
   * Uncompressed bytes of this sheet not yet taken by the zip, and the stream that holds them
   * (none before the zip has reached the sheet: they are still in the sheet's own buffer).
   */
  pendingBytes(): { bytes: number; target: PendingTarget | null } {
    const buffer = (this.#sheet as unknown as { stream: SheetXmlBuffer }).stream;
    const target = buffer.pipes?.[0];
    if (target?._writableState) return { bytes: target._writableState.length, target };
    const bytes = (buffer.buffers ?? []).reduce((sum, chunk) => sum + chunk.length, 0);
    return { bytes, target: null };
  }

  /**
   * Waits while the output is full (a reader slower than the writer: the zip would keep what it
   * cannot hand on) and while more than `maxPendingBytes` of this sheet wait for compression (a
   * writer faster than zlib). Returns at once when the output is gone, so that the caller can
   * notice and stop.
   */
  async drain(maxPendingBytes = DEFAULT_MAX_PENDING_BYTES): Promise<void> {
    const output = this.#output;
    for (;;) {
      if (output.destroyed) return;
      if (output.writableNeedDrain) {
        await untilEither(output, 'drain', output);
        continue;
      }
      const { bytes, target } = this.pendingBytes();
      if (bytes <= maxPendingBytes) return;
      // Before the zip pipes the sheet there is no 'drain' to wait for: look again shortly.
      await untilEither(target, 'drain', output, target ? 1_000 : 10);
    }
  }

  /** Ends the sheet (its filter, merged title cells and closing tags follow the rows). */
  commit(): void {
    this.#sheet.commit();
  }
}

/**
 * Resolves on `event` of `source` (if any), on the output's 'close', or after `timeoutMs` —
 * whichever comes first — and leaves no listener behind.
 */
function untilEither(
  source: Pick<PendingTarget, 'once' | 'removeListener'> | null,
  event: 'drain',
  output: Writable,
  timeoutMs = 1_000,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      source?.removeListener(event, done);
      output.removeListener('close', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    source?.once(event, done);
    output.once('close', done);
  });
}
