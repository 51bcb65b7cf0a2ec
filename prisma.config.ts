import { defineConfig } from 'prisma/config';

// The URL is only read by Prisma CLI commands that talk to a database; the
// hub applies migrations with its own migrator (src/db/migrator.ts).
export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/unused' },
});
