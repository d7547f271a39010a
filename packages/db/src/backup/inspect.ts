/**
 * The figures a backup records and a restore is checked against, read with plain SQL so that they
 * cover whatever tables the migrations have made (no list of tables to keep up to date).
 */
import pg from 'pg';

import { verifyAuditChain, type ChainVerification } from '../audit';
import { createPrismaClient } from '../client';
import { MIGRATIONS_TABLE } from '../migrate';
import type { Manifest, TableCount } from './manifest';

/** The audit trail's table (Prisma model AuditLog). */
export const AUDIT_TABLE = 'AuditLog';

export interface DatabaseFigures {
  serverVersion: string;
  migrations: string[];
  tables: TableCount[];
  auditChain: Omit<Manifest['auditChain'], 'verified'>;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualifiedName(table: { schema: string; name: string }): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
}

/** Ordinary tables outside PostgreSQL's own schemas (for `FROM pg_class c JOIN pg_namespace n`). */
export const USER_TABLES = `c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'`;

/** Every ordinary table outside PostgreSQL's own schemas, with its exact row count. */
export async function inspectDatabase(client: pg.ClientBase): Promise<DatabaseFigures> {
  const { rows: version } = await client.query<{ server_version: string }>('SHOW server_version');
  const { rows: names } = await client.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_TABLES}
      ORDER BY 1, 2`,
  );
  const tables: TableCount[] = [];
  for (const table of names) {
    const { rows } = await client.query<{ rows: string }>(
      `SELECT count(*) AS rows FROM ${qualifiedName(table)}`,
    );
    tables.push({ ...table, rows: Number(rows[0]!.rows) });
  }
  const has = (name: string) => names.some((table) => table.schema === 'public' && table.name === name);

  const migrations = has(MIGRATIONS_TABLE)
    ? (
        await client.query<{ name: string }>(
          `SELECT migration_name AS name FROM ${quoteIdent(MIGRATIONS_TABLE)}
            WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
        )
      ).rows.map((row) => row.name)
    : [];

  let auditChain: DatabaseFigures['auditChain'] = { records: 0, headId: null, headHash: null };
  if (has(AUDIT_TABLE)) {
    const { rows } = await client.query<{ id: string; hash: string }>(
      `SELECT id::text AS id, hash FROM public.${quoteIdent(AUDIT_TABLE)} ORDER BY id DESC LIMIT 1`,
    );
    auditChain = {
      records: tables.find((table) => table.schema === 'public' && table.name === AUDIT_TABLE)!.rows,
      headId: rows[0]?.id ?? null,
      headHash: rows[0]?.hash ?? null,
    };
  }
  return { serverVersion: version[0]!.server_version, migrations, tables, auditChain };
}

/** Differences between what a database holds and what the manifest says it held, in words. */
export function differencesFrom(manifest: Manifest, figures: DatabaseFigures): string[] {
  const problems: string[] = [];
  const key = (table: { schema: string; name: string }) => `${table.schema}.${table.name}`;
  const found = new Map(figures.tables.map((table) => [key(table), table.rows]));
  for (const table of manifest.tables) {
    const rows = found.get(key(table));
    if (rows === undefined) problems.push(`表 ${key(table)} 缺失 (table missing)`);
    else if (rows !== table.rows)
      problems.push(`表 ${key(table)} 有 ${rows} 行，备份时 ${table.rows} 行 (row count differs)`);
    found.delete(key(table));
  }
  for (const extra of found.keys()) problems.push(`多出表 ${extra} (table not in the backup)`);
  if (figures.auditChain.headHash !== manifest.auditChain.headHash) {
    problems.push(
      `审计链末条哈希 ${figures.auditChain.headHash ?? '—'} ≠ 备份时 ${manifest.auditChain.headHash ?? '—'} (audit chain head differs)`,
    );
  }
  return problems;
}

/** Recomputes every audit record's hash (audit.ts) through a short-lived Prisma client. */
export async function verifyAuditTrail(url: string, singleConnection: boolean) {
  const prisma = createPrismaClient({ connectionString: url, embedded: singleConnection });
  try {
    return await verifyAuditChain(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

/** A single `pg` connection for `work`, closed afterwards (PGlite takes one at a time). */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The figures, then the whole audit chain recomputed (undefined when the trail is empty). */
export async function examineDatabase(
  url: string,
  singleConnection: boolean,
): Promise<{ figures: DatabaseFigures; chain: ChainVerification | undefined }> {
  const figures = await withClient(url, inspectDatabase);
  const chain = figures.auditChain.records > 0 ? await verifyAuditTrail(url, singleConnection) : undefined;
  return { figures, chain };
}
