/**
 * The ledger workbook export's own process (ADR 013), started by services/ledger-export.ts for
 * every `GET /api/exports/ledger.xlsx` on PostgreSQL. It loads `pg`, exceljs and the workbook
 * code — not Prisma, not Fastify — so it starts small, and its heap is capped, so its memory
 * stays flat however many rows it writes; the server only passes its bytes on.
 *
 * The conversation with the server:
 * - stdin, first line: the job (ExportJob: the database, the statements, the title block's words);
 * - fd 3: `counted` once the snapshot is open and counted (the server then writes the audit
 *   record), `done` or `error` at the end;
 * - stdin, second line: `{ generatedAt }` — go on; stdin closing without it — stop;
 * - stdout: the workbook's bytes.
 * Everything is read in one REPEATABLE READ read-only transaction; the process exits when the
 * server kills it (the client went away) and PostgreSQL drops the transaction with the connection.
 */
import { createWriteStream } from 'node:fs';
import { Socket } from 'node:net';
import { createInterface } from 'node:readline';

import pg from 'pg';

import {
  countExport,
  exportSubtitle,
  writeWorkbook,
  type ExportRunner,
  type ExportStatements,
  type ItemKind,
  type SqlText,
} from './services/ledger-workbook-writer';

export interface ExportJob {
  databaseUrl: string;
  statements: ExportStatements;
  /** the title block's words after the times: the filters, the caller's scope */
  filterLines: string[];
  /** the ledger's today (ISO), for the derived 序时进度 */
  today: string;
  /** the workbook's author: the person exporting */
  creator: string;
}

export type ExportMessage =
  | { type: 'counted'; counts: Record<ItemKind, number>; dataAsOf: string }
  | { type: 'done'; outcome: 'complete' | 'aborted'; peakRssKib: number }
  | { type: 'error'; message: string };

const messages = createWriteStream('', { fd: 3 });
const send = (message: ExportMessage) => messages.write(`${JSON.stringify(message)}\n`);

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) return;
  const job = JSON.parse(first.value as string) as ExportJob;

  const client = new pg.Client({ connectionString: job.databaseUrl, application_name: 'ledger-export' });
  await client.connect();
  try {
    const runner: ExportRunner = {
      query: async <Row>(sql: SqlText) =>
        (await client.query({ text: sql.text, values: [...sql.values] })).rows as Row[],
      queryArrays: async (sql: SqlText) => {
        const result = await client.query<unknown[]>({
          text: sql.text,
          values: [...sql.values],
          rowMode: 'array',
        });
        return { fields: result.fields.map((field) => field.name), rows: result.rows };
      },
    };
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const counted = await countExport(runner, job.statements);
    send({ type: 'counted', counts: counted.counts, dataAsOf: counted.dataAsOf.toISOString() });

    const go = await lines.next();
    if (go.done) return;
    const generatedAt = new Date((JSON.parse(go.value as string) as { generatedAt: string }).generatedAt);
    // A socket over the pipe: written without blocking and without a thread-pool hop per chunk
    // (process.stdout blocks on pipes; an fs stream sends every chunk through the thread pool).
    const output = new Socket({ fd: 1, readable: false, writable: true });
    const outcome = await writeWorkbook(runner, output, {
      counts: counted.counts,
      statements: job.statements,
      subtitle: exportSubtitle(generatedAt, counted.dataAsOf, job.filterLines),
      today: new Date(job.today),
      creator: job.creator,
      generatedAt,
    });
    await client.query('COMMIT');
    send({ type: 'done', outcome, peakRssKib: process.resourceUsage().maxRSS });
  } finally {
    await client.end();
  }
}

main().then(
  () => messages.end(),
  (error: unknown) => {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    messages.end(() => process.exit(1));
  },
);
