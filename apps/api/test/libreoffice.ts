/**
 * A second reader for the workbooks the API writes: LibreOffice, headless, converting every sheet
 * to CSV (UTF-8) as an office user's spreadsheet would read the file — if LibreOffice cannot open
 * it, or shows other values than exceljs, the file is not what officials will see.
 *
 * Each test process uses its own LibreOffice profile (`-env:UserInstallation`), so that test files
 * running at the same time do not fight over one; conversions within a process run one at a time
 * for the same reason. Needs `soffice` (Debian's libreoffice-calc).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { parse } from 'csv-parse/sync';

const run = promisify(execFile);

/**
 * CSV export options (LibreOffice's filter tokens): comma, double quote, UTF-8 (76), from line 1,
 * default cell formats and language, …, and the last token -1: every sheet, each to
 * `<name>-<sheet name>.csv`.
 */
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/** The first LibreOffice start with a fresh profile takes a while; later ones are quicker. */
const CONVERT_TIMEOUT_MS = 120_000;

let profile: string | undefined;
function profileUrl(): string {
  if (!profile) {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-lo-profile-'));
    profile = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return pathToFileURL(profile).href;
}

let queue: Promise<unknown> = Promise.resolve();

/** Every sheet of the workbook as LibreOffice reads it: sheet name → rows of cell texts. */
export function xlsxToCsv(buffer: Buffer): Promise<Record<string, string[][]>> {
  const next = queue.then(() => convert(buffer));
  queue = next.catch(() => {});
  return next;
}

async function convert(buffer: Buffer): Promise<Record<string, string[][]>> {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-lo-'));
  try {
    const input = join(dir, 'workbook.xlsx');
    await writeFile(input, buffer);
    await run(
      'soffice',
      [
        `-env:UserInstallation=${profileUrl()}`,
        '--headless',
        '--norestore',
        '--convert-to',
        CSV_FILTER,
        '--outdir',
        dir,
        input,
      ],
      { timeout: CONVERT_TIMEOUT_MS },
    );
    const sheets: Record<string, string[][]> = {};
    for (const file of await readdir(dir)) {
      const match = /^workbook-(.+)\.csv$/.exec(file);
      if (!match) continue;
      const text = await readFile(join(dir, file), 'utf8');
      sheets[match[1]!] = parse(text, { bom: true, relax_column_count: true }) as string[][];
    }
    if (Object.keys(sheets).length === 0) {
      throw new Error(
        `LibreOffice wrote no CSV for the workbook (files: ${(await readdir(dir)).join(', ')})`,
      );
    }
    return sheets;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
