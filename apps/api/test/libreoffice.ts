/**
 * LibreOffice, headless, as an office user's spreadsheet: a second reader for the workbooks the
 * API writes (every sheet to CSV — if LibreOffice cannot open a file, or shows other values than
 * exceljs, the file is not what officials will see), and another spreadsheet's save of the
 * workbooks an import reads (a re-saved .xlsx, an old .xls).
 *
 * Each test process uses its own LibreOffice profile (`-env:UserInstallation`), so that test files
 * running at the same time do not fight over one; conversions within a process run one at a time
 * for the same reason. Needs `soffice` (Debian's libreoffice-calc).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { parse } from 'csv-parse/sync';

const run = promisify(execFile);

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

/**
 * `soffice --headless --convert-to <target>` of `content`, given to LibreOffice as
 * `workbook.<extension>`: every file it wrote, by name (`workbook.xls`, or one
 * `workbook-<sheet name>.csv` per sheet when the target asks for every sheet).
 */
export function convertWithLibreOffice(
  content: Buffer,
  target: string,
  extension = 'xlsx',
): Promise<Map<string, Buffer>> {
  const next = queue.then(() => convert(content, target, extension));
  queue = next.catch(() => {});
  return next;
}

async function convert(content: Buffer, target: string, extension: string): Promise<Map<string, Buffer>> {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-lo-'));
  try {
    const input = join(dir, 'in', `workbook.${extension}`);
    const output = join(dir, 'out');
    await mkdir(join(dir, 'in'));
    await writeFile(input, content);
    await run(
      'soffice',
      [
        `-env:UserInstallation=${profileUrl()}`,
        '--headless',
        '--norestore',
        '--convert-to',
        target,
        '--outdir',
        output,
        input,
      ],
      { timeout: CONVERT_TIMEOUT_MS },
    );
    const written = await readdir(output).catch(() => []);
    if (written.length === 0) throw new Error(`LibreOffice wrote nothing for --convert-to ${target}`);
    const files = new Map<string, Buffer>();
    for (const name of written) files.set(name, await readFile(join(output, name)));
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The workbook (.xlsx) as LibreOffice saves it as `target`, e.g. `xls:MS Excel 97`: another spreadsheet's save. */
export async function saveWithLibreOffice(workbook: Buffer, target: string): Promise<Buffer> {
  const [file] = (await convertWithLibreOffice(workbook, target)).values();
  return file!;
}

/**
 * CSV export options (LibreOffice's filter tokens): comma, double quote, UTF-8 (76), from line 1,
 * default cell formats and language, …, and the last token -1: every sheet, each to
 * `<name>-<sheet name>.csv`.
 */
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/** Every sheet of the workbook as LibreOffice reads it: sheet name → rows of cell texts. */
export async function xlsxToCsv(buffer: Buffer): Promise<Record<string, string[][]>> {
  const files = await convertWithLibreOffice(buffer, CSV_FILTER);
  const sheets: Record<string, string[][]> = {};
  for (const [name, content] of files) {
    const match = /^workbook-(.+)\.csv$/.exec(name);
    if (!match) continue;
    sheets[match[1]!] = parse(content.toString('utf8'), {
      bom: true,
      relax_column_count: true,
    }) as string[][];
  }
  if (Object.keys(sheets).length === 0) {
    throw new Error(`LibreOffice wrote no CSV for the workbook (files: ${[...files.keys()].join(', ')})`);
  }
  return sheets;
}
