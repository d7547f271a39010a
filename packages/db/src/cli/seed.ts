/**
 * `pnpm db:seed`: loads the demo ledger into the database named by DATABASE_URL, or into the
 * embedded one under ./data. It loads only into an empty ledger (it never mixes demo rows into
 * real data) and refuses in production unless SEED_DEMO=true says so.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DatabaseUnavailableError, openDatabase } from '../database';
import { MigrationError } from '../migrate';
import { isLedgerEmpty, seedDemoData } from '../seed/demo';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

async function main() {
  if (process.env.NODE_ENV === 'production' && process.env.SEED_DEMO !== 'true') {
    throw new Error('生产环境不装入演示数据 (NODE_ENV=production); set SEED_DEMO=true to override');
  }
  const db = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: join(process.env.DATA_DIR ?? join(repoRoot, 'data'), 'pglite'),
    logger: { info: (message) => console.log(message), warn: (message) => console.warn(message) },
    migrate: true,
  });
  try {
    if (!(await isLedgerEmpty(db.prisma))) {
      throw new Error(
        '台账已有数据，演示数据只装入空数据库 (the ledger is not empty; the demo seed loads only into an empty database)',
      );
    }
    const summary = await seedDemoData(db.prisma);
    console.log(
      `已装入演示数据: ${summary.units} 个单位, ${summary.users} 个账号, ${summary.tasks} 项整改任务, ${summary.petitions} 件信访件`,
    );
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  const known =
    error instanceof DatabaseUnavailableError || error instanceof MigrationError || error instanceof Error;
  console.error(known ? `db:seed 失败: ${(error as Error).message}` : error);
  process.exit(1);
});
