import { readFileSync } from 'node:fs';

import { allPermissions, permissionLabels, rolePermissions, type Role } from '@ledger/domain/permissions';
import { role } from '@ledger/domain/vocabulary';
import { describe, expect, it } from 'vitest';

const page = readFileSync(new URL('../../../docs/permissions.md', import.meta.url), 'utf8');

/** The role × permission table of docs/permissions.md, read back as data. */
function documentedTable() {
  const lines = page.split('\n');
  const headerIndex = lines.findIndex((line) => line.startsWith('| 权限'));
  expect(headerIndex, 'docs/permissions.md has no table starting with "| 权限"').toBeGreaterThan(-1);
  const cells = (line: string) =>
    line
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((cell) => cell.trim());
  const header = cells(lines[headerIndex]!);
  const columns = header.slice(2).map((cell) => ({ heading: cell, code: /`([A-Z_]+)`/.exec(cell)?.[1] }));
  const rows = [];
  for (const line of lines.slice(headerIndex + 2)) {
    if (!line.startsWith('|')) break;
    const [code, label, ...marks] = cells(line);
    rows.push({ code: /`([^`]+)`/.exec(code ?? '')?.[1], label, marks });
  }
  return { columns, rows };
}

describe('docs/permissions.md', () => {
  const { columns, rows } = documentedTable();

  it('has one column per role, headed by its Chinese label and code, in vocabulary order', () => {
    expect(columns).toEqual(role.codes.map((code) => ({ heading: `${role.label(code)} \`${code}\``, code })));
  });

  it('has one row per permission, with its Chinese label from permissionLabels', () => {
    expect(rows.map((row) => [row.code, row.label])).toEqual(
      allPermissions.map((permission) => [permission, permissionLabels[permission]]),
    );
  });

  it('marks exactly the permissions rolePermissions grants', () => {
    const documented = Object.fromEntries(
      columns.map((column, index) => [
        column.code,
        rows.filter((row) => row.marks[index] === '✓').map((row) => row.code),
      ]),
    );
    const granted = Object.fromEntries(
      role.codes.map((code) => [
        code,
        allPermissions.filter((permission) => rolePermissions[code as Role].includes(permission)),
      ]),
    );
    expect(documented).toEqual(granted);
    for (const row of rows) {
      for (const mark of row.marks) expect(['✓', ''], `${row.code}: "${mark}"`).toContain(mark);
    }
  });
});
