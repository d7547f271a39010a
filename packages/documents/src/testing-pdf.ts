/**
 * A PDF read back as a person meets it, for tests of the documents the API writes (bulletins,
 * closure reports): its text as poppler's pdftotext extracts it, which must be on the PATH.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The PDF's text as pdftotext gives it, pages separated by form feeds: `layout` keeps the page's
 * columns side by side (a wrapped table cell comes out in pieces between its neighbours), `raw`
 * follows the order the text was written in (a cell's lines together).
 */
export async function pdfText(pdf: Buffer, mode: 'layout' | 'raw' = 'layout'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-text-'));
  try {
    const path = join(dir, 'document.pdf');
    await writeFile(path, pdf);
    return (await run('pdftotext', [`-${mode}`, '-enc', 'UTF-8', path, '-'])).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The PDF's text, page by page (blank pages left out). */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  return (await pdfText(pdf)).split('\f').filter((page) => page.trim() !== '');
}

/** pdftotext drops the spaces between Chinese characters and digits: compare without spaces. */
export const squash = (text: string) => text.replace(/\s+/g, '');
