// `npm run sync` runs every connector even when one fails, says which failed
// and why in one line each (no stack trace) and exits non-zero; it exits 0
// when all succeed. The failure planted is the one testers met after a
// reseed: the household register's event table is missing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectors } from '../../connectors/registry.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function runSync(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sync.ts'], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function execute(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('npm run sync', () => {
  let db: TestDatabase;
  let folder: string;
  const others = connectors.map((c) => c.name).filter((name) => name !== 'household-registration');

  beforeAll(async () => {
    db = await createTestDatabase();
    folder = await mkdtemp(path.join(os.tmpdir(), 'sync-cli-drop-'));
    process.env.HUB_WELFARE_DROP_DIR = folder;
    await seedDemoCity(db.url, { scale: 0.002, seed: 5 });
    for (const connector of connectors) await connector.generateDemoSource(db.url);
    await execute(db.url, 'DROP TABLE agency_household.h_event');
  });
  afterAll(async () => {
    await db.drop();
    await rm(folder, { recursive: true, force: true });
  });

  it('runs every connector when one fails, names it and why in one line, and exits 1', async () => {
    const run = await runSync({ DATABASE_URL: db.url, HUB_WELFARE_DROP_DIR: folder });

    expect(run.code).toBe(1);
    for (const name of others) expect(run.stdout).toMatch(new RegExp(`^${name}: read \\d+ = inserted \\d+ .* quarantined \\d+ in`, 'm'));
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toEqual([
      expect.stringMatching(/^household-registration failed: The household register \(PostgreSQL .+ schema agency_household\) is unavailable: relation "agency_household\.h_event" does not exist; .*npm run seed/),
      '1 of 5 connectors failed: household-registration',
    ]);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at /m);
    // Each connector's attempt is recorded for syncStatus, the failure with its one-line error.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ connector: string; trigger: string; outcome: string; error: string | null }>('SELECT connector, trigger, outcome, error FROM sync.attempt ORDER BY connector');
      expect(rows).toHaveLength(5);
      for (const row of rows) expect(row).toMatchObject({ trigger: 'cli', outcome: row.connector === 'household-registration' ? 'failed' : 'succeeded' });
      expect(rows.find((r) => r.connector === 'household-registration')!.error).toMatch(/^The household register .* is unavailable: relation "agency_household\.h_event" does not exist/);
    } finally {
      await client.end();
    }
  });

  it('exits 0 once the source is back', async () => {
    await connectors.find((c) => c.name === 'household-registration')!.generateDemoSource(db.url);
    const run = await runSync({ DATABASE_URL: db.url, HUB_WELFARE_DROP_DIR: folder });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^household-registration: read \d+ = /m);
  });
});
