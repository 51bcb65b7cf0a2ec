// A sync leaves no table without planner statistics: never-analysed tables
// and tables changed past autovacuum's threshold are analysed at once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { analyzeStaleTables } from './table-statistics.ts';

describe('statistics after a sync', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    connectPrisma(db.url);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    // Autovacuum off for this table: its own analyse of the bulk load reset the changes the test waits to see
    // (a fresh-clone run failed so: 0 changes seen after 5,000 inserts).
    await sql.query('CREATE SCHEMA scratch; CREATE TABLE scratch.loaded (id int) WITH (autovacuum_enabled = false)');
  });
  afterAll(async () => {
    await sql.end();
    await disconnectPrisma();
    await db.drop();
  });

  const statistics = async () => (await sql.query(`SELECT last_analyze, n_mod_since_analyze::int AS changed FROM pg_stat_user_tables WHERE relid = 'scratch.loaded'::regclass`)).rows[0];
  // PostgreSQL publishes a session's row counts when it goes idle, at most once a second: wait for them as a sync's next step would.
  const changesSeen = async (atLeast: number) => {
    for (let tries = 0; tries < 150 && (await statistics()).changed < atLeast; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await statistics()).changed).toBeGreaterThanOrEqual(atLeast);
  };

  it('analyses a table written to and never analysed, and then leaves it alone; leaves untouched tables alone', async () => {
    expect(await analyzeStaleTables()).toEqual([]);
    await sql.query('INSERT INTO scratch.loaded VALUES (1)');
    await changesSeen(1);
    expect((await statistics()).last_analyze).toBeNull();
    expect(await analyzeStaleTables()).toEqual(['scratch.loaded']);
    expect((await statistics()).last_analyze).not.toBeNull();
    expect(await analyzeStaleTables()).toEqual([]);
  });

  it('analyses a table a bulk load changed, not one a few rows changed', async () => {
    await sql.query('INSERT INTO scratch.loaded SELECT generate_series(1, 5000)');
    await changesSeen(5000);
    expect(await analyzeStaleTables()).toContain('scratch.loaded');
    expect((await statistics()).changed).toBe(0);

    await sql.query('INSERT INTO scratch.loaded SELECT generate_series(1, 20)');
    await changesSeen(20);
    expect(await analyzeStaleTables()).not.toContain('scratch.loaded');
  });
});
