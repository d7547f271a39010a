import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './src/app';
import { openDatabase } from '@ledger/db/database';
const silent = { info: () => {}, warn: () => {} };
const db = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/h1_bench100k', dataDir: '', logger: silent });
const app = await buildApp({ db, evidence: { dir: await mkdtemp(join(tmpdir(), 'b-')), maxBytes: 1 } });
await app.ready();
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'coordinator', password: 'Ledger@2018' } });
const cookie = `ledger_session=${login.cookies.find((c) => c.name === 'ledger_session')!.value}`;
const mem = () => { const m = process.memoryUsage(); return `rss ${(m.rss / 1048576).toFixed(0)} heap ${(m.heapUsed / 1048576).toFixed(0)} ab ${(m.arrayBuffers / 1048576).toFixed(0)}`; };
console.log('idle', mem());
let peak = 0; const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
for (let run = 0; run < Number(process.env.RUNS ?? 2); run++) {
  const t = performance.now();
  const response = await app.inject({ method: 'GET', url: `/api/exports/ledger.xlsx${process.env.Q ?? ''}`, headers: { cookie } });
  console.log('run', run, response.statusCode, (response.rawPayload.length / 1048576).toFixed(1), 'MiB', ((performance.now() - t) / 1000).toFixed(2), 's', mem(), 'peak', (peak / 1048576).toFixed(0));
}
clearInterval(timer);
console.log('maxRSS', (process.resourceUsage().maxRSS / 1024).toFixed(0));
await app.close(); await db.close();
