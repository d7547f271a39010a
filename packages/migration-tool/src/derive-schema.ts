import { HANDOFF } from './env';

// Prisma 7 moved the connection URL to prisma.config.ts and rejects `url` in the schema; Prisma
// 6.19 rejects a datasource without one, and without `engineType = "client"` its CLI goes looking
// for a native query engine to download. Everything else in a 7.10 schema reads the same to 6.19.

const BLOCK_HEADER = /^[ \t]*(datasource|generator)[ \t]+\w+[ \t]*\{[ \t]*(\/\/.*)?$/;
const BLOCK_END = /^[ \t]*\}/;

function withoutSettings(body: string[], keys: string[]): string[] {
  const setting = new RegExp(`^\\s*(${keys.join('|')})\\s*=`);
  return body.filter((line) => !setting.test(line));
}

/**
 * The schema text Prisma 6.19's `migrate diff` accepts for a Prisma 7 schema text. The rewritten
 * datasource and generator blocks move to the end and their old lines stay as blank lines, so
 * that a schema error Prisma reports points at the same line number as in the user's file.
 */
export function toPrisma6Schema(schema: string): string {
  const lines = schema.split(/\r?\n/);
  const rewrittenBlocks: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const header = BLOCK_HEADER.exec(lines[i] ?? '');
    if (!header) {
      i += 1;
      continue;
    }
    let end = i + 1;
    while (end < lines.length && !BLOCK_END.test(lines[end] ?? '')) end += 1;
    const body = lines.slice(i + 1, end);
    const setting =
      header[1] === 'datasource'
        ? {
            line: `  url = env("${HANDOFF.datasourceUrl}")`,
            replaces: ['url', 'directUrl', 'shadowDatabaseUrl'],
          }
        : { line: '  engineType = "client"', replaces: ['engineType'] };
    rewrittenBlocks.push(
      [lines[i], setting.line, ...withoutSettings(body, setting.replaces), lines[end] ?? '}'].join('\n'),
    );
    for (let blank = i; blank <= end && blank < lines.length; blank += 1) lines[blank] = '';
    i = end + 1;
  }
  return [...lines, '// Rewritten for Prisma 6.19 by @ledger/migration-tool:', ...rewrittenBlocks, ''].join(
    '\n',
  );
}
