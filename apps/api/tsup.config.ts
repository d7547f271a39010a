import { defineConfig } from 'tsup';

// One ESM bundle for the server. Workspace packages are TypeScript source, so they are bundled;
// npm dependencies stay external (PGlite and Prisma load their wasm files from their packages).
export default defineConfig({
  entry: { server: 'src/server.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^@ledger\//],
});
