// pnpm db:migration:new <name>   write the migration that brings prisma/migrations up to the schema
// pnpm db:drift                  exit 0 if they agree, 2 (with the missing SQL) if not
// Both take --schema <file> and --migrations <dir>, relative to where pnpm was called.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkDrift, createMigration, summarizeSql, type ToolOptions } from './commands';
import { readToolEnv } from './env';

const EXIT_DRIFT = 2;
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const usage = `Usage:
  pnpm db:migration:new <name> [--schema <file>] [--migrations <dir>]
  pnpm db:drift [--schema <file>] [--migrations <dir>]`;

const out = (text: string) => process.stdout.write(`${text}\n`);
const note = (text: string) => process.stderr.write(`${text}\n`);

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { schema: { type: 'string' }, migrations: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    out(usage);
    return values.help ? 0 : 1;
  }
  const env = readToolEnv();
  const options: ToolOptions = {
    schemaPath: path.resolve(env.invocationDir, values.schema ?? path.join(repoRoot, 'prisma/schema.prisma')),
    migrationsDir: path.resolve(
      env.invocationDir,
      values.migrations ?? path.join(repoRoot, 'prisma/migrations'),
    ),
    log: note,
  };
  const show = (target: string) => {
    const relative = path.relative(env.invocationDir, target);
    return relative && !relative.startsWith('..') ? relative : target;
  };
  const shown = { schema: show(options.schemaPath), migrations: show(options.migrationsDir) };

  if (command === 'drift' && rest.length === 0) {
    const report = await checkDrift(options);
    if (report.inSync) {
      out(`No drift: ${shown.migrations} produce exactly what ${shown.schema} describes.`);
      return 0;
    }
    note(
      [
        `Drift: ${shown.migrations} do not produce what ${shown.schema} describes. Still needed:`,
        ...summarizeSql(report.sql).map((item) => `  - ${item}`),
        '',
        'The missing SQL:',
        '',
        report.sql,
        'Fix: write it as a migration, review it, and commit it together with the schema:',
        '  pnpm db:migration:new <name>',
        '(or undo the schema change if it was not meant).',
      ].join('\n'),
    );
    return EXIT_DRIFT;
  }

  if (command === 'new' && rest.length === 1 && rest[0]) {
    const result = await createMigration({ ...options, name: rest[0] });
    if (!result.created) {
      out(`No changes: ${shown.schema} already matches ${shown.migrations}; nothing written.`);
      return 0;
    }
    out(`Wrote ${show(path.join(result.dir, 'migration.sql'))}:\n\n${result.sql}`);
    out('Review it (data to keep? reference rows to insert?) before applying it with pnpm db:migrate.');
    return 0;
  }

  out(usage);
  return 1;
}

// Ctrl-C reaches Prisma's process too; staying alive until it has gone lets the finally blocks
// drop the temporary shadow database instead of leaving it on the server.
process.on('SIGINT', () => note('Interrupted; removing the shadow database first.'));

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    note(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
