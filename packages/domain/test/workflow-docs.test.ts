import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { itemStatus } from '../src/vocabulary';
import { workflowAction, workflowRules } from '../src/workflow';

const page = readFileSync(new URL('../../../docs/workflow.md', import.meta.url), 'utf8');

/** The actions table of docs/workflow.md, read back as data. */
function documentedActions() {
  const lines = page.split('\n');
  const header = lines.findIndex((line) => line.startsWith('| 操作'));
  expect(header, 'docs/workflow.md has no table starting with "| 操作"').toBeGreaterThan(-1);
  const rows = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [action, label, from, to, permission] = line
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim());
    rows.push({
      action: action!.replaceAll('`', ''),
      label,
      from,
      to,
      permission: permission!.replaceAll('`', ''),
    });
  }
  return rows;
}

describe('docs/workflow.md', () => {
  const rows = documentedActions();

  it('lists every action once, in the order of the code, with its label and permission', () => {
    expect(rows.map(({ action, label, permission }) => [action, label, permission])).toEqual(
      workflowAction.codes.map((action) => [
        action,
        workflowAction.label(action),
        workflowRules[action].permission,
      ]),
    );
  });

  it('names the states each action leads from and to', () => {
    for (const row of rows) {
      const rule = workflowRules[row.action as keyof typeof workflowRules];
      const from =
        rule.from.length === itemStatus.codes.length - 1
          ? ['未销号的任一状态']
          : rule.from.map((status) => itemStatus.label(status));
      expect(row.from!.split('、'), row.action).toEqual(from);
      for (const target of Object.values(rule.outcomes)) {
        expect(row.to, row.action).toContain(target === null ? '（不变）' : itemStatus.label(target));
      }
    }
  });
});
