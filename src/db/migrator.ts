// Applies prisma/migrations/<stamp>_<name>/migration.sql in order. Prisma's
// own `migrate` needs a native engine that cannot be downloaded offline, so
// the hub keeps Prisma's folder layout and applies the files itself.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { installJobQueueSchema } from '../notifications/job-queue-schema.ts';
import { ownDatabaseMigrations } from './subgraph-migrations.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../prisma/migrations');
/** prisma/subgraphs/<folder>/<stamp>_<name>/migration.sql: what a subgraph on a database of its own adds (subgraph-migrations.ts). */
export const SUBGRAPH_MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../prisma/subgraphs');

// Any constant works; it only has to be the same for every hub sharing a database.
const MIGRATION_LOCK_KEY = 727_2023_112;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationChecksumError extends Error {
  constructor(readonly migration: string) {
    super(
      `Migration ${migration} was edited after it was applied to this database. ` +
        'Applied migrations must never change: restore the file and add a new migration instead.',
    );
    this.name = 'MigrationChecksumError';
  }
}

export async function readMigrations(dir = MIGRATIONS_DIR, only?: (name: string) => boolean): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory() && (!only || only(e.name))).map((e) => e.name).sort();
  return Promise.all(
    folders.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/**
 * The hub's database: every migration of prisma/migrations. Applies each
 * pending one in its own transaction, while holding an advisory lock so that
 * two hubs starting together apply each file once.
 */
export async function migrate(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  return applyMigrations(databaseUrl, await readMigrations(dir), 'hub');
}

/**
 * A subgraph's own database (issue 16): only the shared migrations its set
 * names and its folders (the connector kit's, its own), in stamp order; never core.
 */
export async function migrateOwnDatabase(databaseUrl: string, subgraph: string): Promise<MigrationResult> {
  const set = ownDatabaseMigrations(subgraph);
  if (!set) throw new Error(`Subgraph ${subgraph} cannot run on a database of its own yet (it has no migration set in src/db/subgraph-migrations.ts)`);
  const shared = await readMigrations(MIGRATIONS_DIR, (name) => set.shared.includes(name));
  const missing = set.shared.filter((name) => !shared.some((m) => m.name === name));
  if (missing.length > 0) throw new Error(`Subgraph ${subgraph}'s migration set names migrations that do not exist: ${missing.join(', ')}`);
  const own = (await Promise.all(set.folders.map((folder) => readMigrations(path.join(SUBGRAPH_MIGRATIONS_DIR, folder))))).flat();
  return applyMigrations(databaseUrl, [...shared, ...own].sort((a, b) => a.name.localeCompare(b.name)), subgraph);
}

/** `layout`: 'hub' for the shared database, else the subgraph whose own database this is. */
async function applyMigrations(databaseUrl: string, migrations: Migration[], layout: string): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await refuseOtherLayout(client, layout);
    await client.query(`
      CREATE TABLE IF NOT EXISTS public.hub_migrations (
        name       TEXT PRIMARY KEY,
        checksum   TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM public.hub_migrations',
    );
    const appliedChecksums = new Map(rows.map((r) => [r.name, r.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const appliedChecksum = appliedChecksums.get(migration.name);
      if (appliedChecksum !== undefined) {
        if (appliedChecksum !== migration.checksum) throw new MigrationChecksumError(migration.name);
        result.alreadyApplied.push(migration.name);
        continue;
      }
      await applyOne(client, migration);
      result.applied.push(migration.name);
    }
    // The job queue's own schema (graphile_worker), from the npm package's
    // bundled SQL: no network, and under the same lock as ours.
    await installJobQueueSchema(databaseUrl);
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end();
  }
}

/**
 * A hub pointed at a subgraph's own database, or a subgraph's own set pointed
 * at the hub's (or another subgraph's) database, would build a mixture of
 * both: refused before anything is applied. The layout shows in the database
 * itself: core's schema is the hub's, published.person as a table a
 * subgraph's own.
 */
async function refuseOtherLayout(client: pg.Client, layout: string): Promise<void> {
  const { rows } = await client.query<{ core: boolean; own_index: boolean }>(`
    SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'core') AS core,
           EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = 'published' AND c.relname = 'person' AND c.relkind = 'r') AS own_index`);
  const { core, own_index: ownIndex } = rows[0]!;
  if (layout === 'hub' && ownIndex) throw new Error('This database is a subgraph\'s own database (it holds a published person index): the hub needs a database of its own');
  if (layout !== 'hub' && core) throw new Error(`This database holds the hub's core schema: subgraph ${layout} on a database of its own needs a separate, empty database`);
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    await client.query('INSERT INTO public.hub_migrations (name, checksum) VALUES ($1, $2)', [
      migration.name,
      migration.checksum,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}
