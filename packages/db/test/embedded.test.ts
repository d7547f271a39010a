import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startEmbeddedPostgres } from '../src/embedded';
import { query, tempDir, withClient } from './helpers';

const TIMEOUT = 60_000;

describe('embedded PGlite server', () => {
  it(
    'serves PGlite over the Postgres protocol on a free port of 127.0.0.1',
    async () => {
      const server = await startEmbeddedPostgres();
      onTestFinished(() => server.stop());

      expect(server.port).toBeGreaterThan(0);
      expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
      expect(server.dataDir).toBeUndefined();
      const [row] = await query<{ version: string }>(server.url, 'SELECT version()');
      expect(row?.version).toContain('PGlite');
    },
    TIMEOUT,
  );

  it(
    'keeps its data in the data folder across a stop and a start',
    async () => {
      const dataDir = path.join(await tempDir(), 'pglite');
      const first = await startEmbeddedPostgres({ dataDir });
      await query(first.url, 'CREATE TABLE unit (name TEXT); INSERT INTO unit VALUES ($$拱墅区住建局$$)');
      await first.stop();

      const second = await startEmbeddedPostgres({ dataDir });
      onTestFinished(() => second.stop());
      expect(second.dataDir).toBe(dataDir);
      expect(await query(second.url, 'SELECT name FROM unit')).toEqual([{ name: '拱墅区住建局' }]);
    },
    TIMEOUT,
  );

  it(
    'supports CREATE EXTENSION pg_trgm and trigram indexes',
    async () => {
      const server = await startEmbeddedPostgres();
      onTestFinished(() => server.stop());

      // Chinese text yields trigrams too (the cluster's ctype is C.UTF-8, as on the server).
      const rows = await withClient(server.url, async (client) => {
        await client.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm;
          CREATE TABLE item (name TEXT);
          CREATE INDEX item_name_trgm ON item USING gin (name gin_trgm_ops);
          INSERT INTO item VALUES ('道路破损整改'), ('违章建筑拆除')`);
        const result = await client.query<{ name: string }>(
          `SELECT name FROM item WHERE name % $1 ORDER BY similarity(name, $1) DESC`,
          ['道路破损'],
        );
        return result.rows;
      });
      expect(rows).toEqual([{ name: '道路破损整改' }]);
    },
    TIMEOUT,
  );

  it(
    'refuses a data folder that a running server is using, and frees it on stop',
    async () => {
      const dataDir = path.join(await tempDir(), 'pglite');
      const first = await startEmbeddedPostgres({ dataDir });
      onTestFinished(() => first.stop());

      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/in use by process \d+/);

      await first.stop();
      await expect(access(`${dataDir}.lock`)).rejects.toThrow();
      const again = await startEmbeddedPostgres({ dataDir });
      await again.stop();
    },
    TIMEOUT,
  );

  it(
    'takes over a lock file left by a process that no longer exists',
    async () => {
      const dataDir = path.join(await tempDir(), 'pglite');
      await writeFile(`${dataDir}.lock`, '2147483646');

      const server = await startEmbeddedPostgres({ dataDir });
      await server.stop();
    },
    TIMEOUT,
  );

  it(
    'takes over a lock file with its own pid left by an earlier run (a restarted container)',
    async () => {
      const dataDir = path.join(await tempDir(), 'pglite');
      await writeFile(`${dataDir}.lock`, String(process.pid));

      const server = await startEmbeddedPostgres({ dataDir });
      await server.stop();
    },
    TIMEOUT,
  );

  it(
    'starts from a dump of another cluster',
    async () => {
      const source = await startEmbeddedPostgres();
      await query(source.url, 'CREATE TABLE kept (id INT); INSERT INTO kept VALUES (7)');
      const dump = await source.dumpDataDir();
      await source.stop();

      const copy = await startEmbeddedPostgres({ loadDataDir: dump });
      onTestFinished(() => copy.stop());
      expect(await query(copy.url, 'SELECT id FROM kept')).toEqual([{ id: 7 }]);
    },
    TIMEOUT,
  );

  it(
    'stop can be called twice',
    async () => {
      const server = await startEmbeddedPostgres();
      await server.stop();
      await expect(server.stop()).resolves.toBeUndefined();
    },
    TIMEOUT,
  );
});
