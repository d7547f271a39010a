/**
 * docs/ledger-workbook.md lists the workbook's columns for people who fill the sheets in by hand:
 * the tables must say what the layout says, column for column.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { workbookSheets, type WorkbookSheet } from '../src/ledger-workbook';

const page = readFileSync(new URL('../../../docs/ledger-workbook.md', import.meta.url), 'utf8');

/** The table under `### <sheet name>`, as header, field, width, required, export-only, aliases. */
function documentedColumns(sheet: WorkbookSheet) {
  const lines = page.split('\n');
  const heading = lines.indexOf(`### ${sheet.name}`);
  expect(heading, `docs/ledger-workbook.md has no "### ${sheet.name}" section`).toBeGreaterThan(-1);
  const start = lines.findIndex((line, index) => index > heading && line.startsWith('|'));
  const rows = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [, header, key, , width, required, exportOnly, aliases] = line
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((cell) => cell.trim());
    rows.push({
      header,
      key: /`([^`]+)`/.exec(key ?? '')?.[1],
      width: width ? Number(width) : undefined,
      required: required === '✓',
      exportOnly: exportOnly === '✓',
      aliases: aliases ? aliases.split('、') : [],
    });
  }
  return rows;
}

describe('docs/ledger-workbook.md', () => {
  for (const sheet of workbookSheets) {
    it(`lists the ${sheet.name} sheet's columns as the layout has them`, () => {
      expect(documentedColumns(sheet)).toEqual(
        sheet.columns.map((column) => ({
          header: column.header,
          key: column.key,
          width: column.width,
          required: column.required ?? false,
          exportOnly: column.exportOnly ?? false,
          aliases: [...(column.aliases ?? [])],
        })),
      );
    });
  }
});
