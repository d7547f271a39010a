// Prisma CLI configuration (Prisma 7). The app itself never reads this file: at run time the
// database URL comes from apps/api's env and the embedded PGlite launcher (packages/db).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'pnpm db:seed',
  },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
