import { defineConfig } from 'tsup';

// One ESM bundle for the server, and one for the ledger export's own process, which the server
// starts from beside itself (ADR 013). Workspace packages are TypeScript source, so they are
// bundled; npm dependencies stay external (PGlite and Prisma load their wasm files from their packages).
export default defineConfig({
  entry: { server: 'src/server.ts', 'ledger-export-process': 'src/ledger-export-process.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^@ledger\//],
});
