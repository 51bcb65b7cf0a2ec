// A sync killed with SIGKILL mid-run resumes from its last committed batch:
// the next run finishes with no loss and no duplicates, ending exactly where
// an uninterrupted sync of the same source ends.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { createTestDatabase } from '../../test/support/test-database.ts';
import { householdRegistration } from './index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function snapshot(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const registrations = await client.query(
      'SELECT person_id, household_number, relationship::text, address, district_code, registered_on, source_key FROM household.registration ORDER BY person_id',
    );
    const quarantine = await client.query('SELECT source_key, reason FROM sync.quarantine ORDER BY source_key');
    return { registrations: registrations.rows, quarantine: quarantine.rows };
  } finally {
    await client.end();
  }
}

async function waitForCursor(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < 400; i++) {
      const { rowCount } = await client.query("SELECT 1 FROM sync.cursor WHERE connector = 'household-registration'");
      if (rowCount) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the sync never committed a batch');
  } finally {
    await client.end();
  }
}

describe('sync killed with SIGKILL', () => {
  it('resumes with no loss and no duplicates', async () => {
    const [interrupted, reference] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      for (const db of [interrupted, reference]) {
        await seedDemoCity(db.url, { scale: 0.005, seed: 21 });
        await householdRegistration.generateDemoSource(db.url);
      }
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sync.ts'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: interrupted.url, HUB_SYNC_BATCH_SIZE: '100', NODE_OPTIONS: '' },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await waitForCursor(interrupted.url);
      child.kill('SIGKILL');
      expect(await exited).toBeNull(); // killed, not finished

      const runs = new pg.Client({ connectionString: interrupted.url });
      await runs.connect();
      const unfinished = await runs.query('SELECT count(*)::int AS n FROM sync.run WHERE finished_at IS NULL');
      await runs.end();
      expect(unfinished.rows[0].n).toBe(1);

      connectPrisma(interrupted.url);
      const resumed = await householdRegistration.sync(interrupted.url);
      await disconnectPrisma();
      connectPrisma(reference.url);
      const full = await householdRegistration.sync(reference.url);
      await disconnectPrisma();

      expect(resumed.read).toBeGreaterThan(0);
      expect(resumed.read).toBeLessThan(full.read);
      expect(await snapshot(interrupted.url)).toEqual(await snapshot(reference.url));
    } finally {
      await Promise.all([interrupted.drop(), reference.drop()]);
    }
  }, 120_000);
});
