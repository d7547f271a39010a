// The Prisma 6.19 config the tool passes with `--config`. It lives here rather than in a
// generated temp file so that `prisma/config` and `@prisma/adapter-pg` resolve to this package's
// 6.19 copies, not the workspace's 7.10 ones. Prisma's process loads it; the tool sets HANDOFF.
import { defineConfig } from 'prisma/config';
import { readHandoff } from '../env';
import { createShadowAdapterFactory } from './adapter';

const handoff = readHandoff();

export default defineConfig({
  // The CLI reads this schema at start-up to decide which engines it needs; the derived one says
  // `engineType = "client"`, which keeps it from trying to download a native query engine.
  schema: handoff.schemaPath,
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () =>
    createShadowAdapterFactory({ url: handoff.shadowUrl, singleConnection: handoff.singleConnection }),
});
