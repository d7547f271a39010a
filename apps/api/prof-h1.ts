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
let live = 0; const gcTimer = setInterval(() => { (globalThis as any).gc?.(); live = Math.max(live, process.memoryUsage().heapUsed); }, 1000); let peak = 0; const maxes: Record<string, number> = {}; const timer = setInterval(() => { const m = process.memoryUsage(); peak = Math.max(peak, m.rss); for (const [k, v] of Object.entries(m)) maxes[k] = Math.max(maxes[k] ?? 0, Math.round(v / 1048576)); }, 50);
for (let run = 0; run < Number(process.env.RUNS ?? 2); run++) {
  const t = performance.now();
  const address = await app.listen({ port: 0, host: '127.0.0.1' }).catch(() => null) ?? (app.server.address() as any);
  const port = typeof address === 'string' ? new URL(address).port : address.port;
  const res = await fetch(`http://127.0.0.1:${port}/api/exports/ledger.xlsx${process.env.Q ?? ''}`, { headers: { cookie } });
  let size = 0; for await (const c of res.body as any) size += c.length;
  const response = { statusCode: res.status, rawPayload: { length: size } };
  console.log('run', run, response.statusCode, (response.rawPayload.length / 1048576).toFixed(1), 'MiB', ((performance.now() - t) / 1000).toFixed(2), 's', mem(), 'peak', (peak / 1048576).toFixed(0));
}
clearInterval(timer);
console.log("maxes", JSON.stringify(maxes), "live heap after gc max", (live/1048576).toFixed(0)); clearInterval(gcTimer); console.log('maxRSS', (process.resourceUsage().maxRSS / 1024).toFixed(0));
await app.close(); await db.close();
