import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';

import { createTestDatabase } from '../src/testing/database';
import { backends } from './helpers';

describe.each(backends)('audit log on $title', ({ kind, skip }) => {
  it.skipIf(skip)('accepts inserts and refuses UPDATE, DELETE and TRUNCATE', async () => {
    const database = await createTestDatabase({ kind });
    onTestFinished(() => database.drop());
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    onTestFinished(() => client.end());

    await client.query(
      `INSERT INTO "AuditLog" (action, "entityType", outcome, "prevHash", hash)
       VALUES ('seed.load', 'Ledger', 'SUCCESS', repeat('0', 64), repeat('a', 64))`,
    );
    for (const statement of [
      `UPDATE "AuditLog" SET action = 'forged'`,
      `DELETE FROM "AuditLog"`,
      `TRUNCATE "AuditLog"`,
    ]) {
      await expect(client.query(statement), statement).rejects.toThrow(/append-only/);
    }
    const { rows } = await client.query<{ action: string }>(`SELECT action FROM "AuditLog"`);
    expect(rows).toEqual([{ action: 'seed.load' }]);
  });
});
