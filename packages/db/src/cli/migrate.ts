// `pnpm db:migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded database in
// <repo>/data/pglite when DATABASE_URL is unset (so a fresh clone needs no setup).
// `pnpm db:migrate --rolled-back <name>` marks a failed migration rolled back, like
// `prisma migrate resolve --rolled-back`, which needs the schema engine this machine lacks.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../database';
import { markRolledBack } from '../migrate';

const defaultDataDir = fileURLToPath(new URL('../../../../data/pglite', import.meta.url));

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'rolled-back': { type: 'string' } } });
  const rolledBack = values['rolled-back'];

  const db = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: defaultDataDir,
    logger: { info: print, warn: (line) => console.warn(line) },
    migrate: rolledBack === undefined,
  });
  try {
    if (rolledBack !== undefined) {
      await markRolledBack({ connectionString: db.url, migrationName: rolledBack });
      print(`Marked migration \`${rolledBack}\` as rolled back; run \`pnpm db:migrate\` to apply it again.`);
    } else if (db.appliedMigrations.length === 0) {
      print('Database is already up to date.');
    } else {
      print(`Applied ${db.appliedMigrations.length} migration(s): ${db.appliedMigrations.join(', ')}`);
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  // Every expected failure (unreachable database, failed migration) carries a one-line message
  // that says what to do; a stack trace would add nothing for the person running the command.
  console.error(error instanceof Error ? error.message.split('\n')[0] : String(error));
  process.exitCode = 1;
});
