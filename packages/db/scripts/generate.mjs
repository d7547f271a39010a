// Generates the Prisma client. Prisma's CLI insists on a schema-engine binary even for
// `generate`, which needs none (the client uses the wasm query compiler); the binary cannot be
// downloaded on offline machines, so point the CLI at any existing file. See docs/decisions/002.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const result = spawnSync('pnpm', ['exec', 'prisma', 'generate', '--config', `${root}prisma.config.ts`], {
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
