// The project's migrator: order, idempotence, concurrent starts, and refusal
// of an applied migration that was edited afterwards.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cp, mkdtemp, readdir, writeFile, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR, migrate, MigrationChecksumError } from '../../src/db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

async function emptyDatabase(db: TestDatabase): Promise<void> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query<{ name: string }>(
    `SELECT schema_name AS name FROM information_schema.schemata
     WHERE schema_name NOT IN ('public', 'information_schema') AND schema_name NOT LIKE 'pg\\_%'`,
  );
  for (const { name } of rows) await client.query(`DROP SCHEMA "${name}" CASCADE`);
  await client.query('DROP TABLE public.hub_migrations');
  await client.end();
}

async function appliedNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ name: string }>('SELECT name FROM public.hub_migrations ORDER BY applied_at, name');
  await client.end();
  return rows.map((r) => r.name);
}

describe('migrator', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await emptyDatabase(db);
  });
  afterAll(() => db.drop());

  it('applies every migration once, in folder order, even when two hubs start together', async () => {
    const folders = (await readdir(MIGRATIONS_DIR)).sort();
    const [first, second] = await Promise.all([migrate(db.url), migrate(db.url)]);
    expect([...first.applied, ...second.applied].sort()).toEqual(folders);
    expect(first.applied.length === 0 || second.applied.length === 0).toBe(true);
    expect(await appliedNames(db.url)).toEqual(folders);
    const again = await migrate(db.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(folders);
  });

  it('refuses to run when an applied migration file was edited', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const [firstFolder] = (await readdir(dir)).sort();
    await appendFile(path.join(dir, firstFolder!, 'migration.sql'), '\n-- edited afterwards\n');
    await expect(migrate(db.url, dir)).rejects.toThrow(MigrationChecksumError);
    await expect(migrate(db.url, dir)).rejects.toThrow(/was edited after it was applied/);
  });

  it('rolls back a failing migration entirely and records nothing for it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const broken = path.join(dir, '99990101000000_broken');
    await cp(path.join(MIGRATIONS_DIR, (await readdir(MIGRATIONS_DIR)).sort()[0]!), broken, { recursive: true });
    await writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE core.half_done (id int); SELECT 1/0;');
    await expect(migrate(db.url, dir)).rejects.toThrow(/99990101000000_broken failed/);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rowCount } = await client.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    await client.end();
    expect(rowCount).toBe(0);
    expect(await appliedNames(db.url)).not.toContain('99990101000000_broken');
  });
});
