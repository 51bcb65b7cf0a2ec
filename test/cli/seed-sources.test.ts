// Reseeding (the README's recipe: `npm run seed -- --scale <s> --reset`)
// regenerates the agency demo sources from the new city. Before, the old
// city's sources stayed, and the next sync read national IDs that now belong
// to other people.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { connectors } from '../../connectors/registry.ts';
import { decodeAgencyFile } from '../../connectors/welfare-subsidies/source.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function runSeed(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** For each source: the share of its checksum-shaped national IDs held by a person of the city under the same name. */
async function sourcesBelongToCity(url: string, folder: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const share = async (from: string, id: string, name: string) => {
      const { rows } = await client.query<{ share: number }>(`
        SELECT avg((p.id IS NOT NULL)::int)::float AS share
        FROM ${from} s LEFT JOIN core.person p ON p.national_id = s.${id} AND p.name = s.${name}
        WHERE s.${id} ~ '^[A-Z][0-9]{9}$'`);
      return rows[0]!.share;
    };
    const persons = new Set((await client.query<{ key: string }>(`SELECT national_id || '/' || name AS key FROM core.person WHERE national_id IS NOT NULL`)).rows.map((r) => r.key));
    const welfare = await readFile(path.join(folder, '112-welfare-status.csv'));
    const rows = parse(decodeAgencyFile(welfare), { columns: true }) as Record<string, string>[];
    const withIds = rows.filter((r) => /^[A-Z]\d{9}$/.test(r['身分證統一編號'] ?? ''));
    return {
      household: await share('agency_household.h_member', 'id_no', 'nm'),
      education: await share('agency_education.enrol_register', 'stu_idno', 'stu_name'),
      probation: await share('agency_justice.transition_register', 'idno', 'pname'),
      labor: await share(`(SELECT item->>'idn' AS idn, item->>'cname' AS cname FROM agency_labor.referral_item)`, 'idn', 'cname'),
      welfare: withIds.filter((r) => persons.has(`${r['身分證統一編號']}/${r['姓名']}`)).length / withIds.length,
    };
  } finally {
    await client.end();
  }
}

describe('npm run seed -- --reset', () => {
  let db: TestDatabase;
  let folder: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    folder = await mkdtemp(path.join(os.tmpdir(), 'seed-sources-drop-'));
    process.env.HUB_WELFARE_DROP_DIR = folder;
    await seedDemoCity(db.url, { scale: 0.002, seed: 1 });
    for (const connector of connectors) await connector.generateDemoSource(db.url);
  });
  afterAll(async () => {
    await db.drop();
    await rm(folder, { recursive: true, force: true });
  });

  it('regenerates every agency demo source from the new city', async () => {
    const before = await sourcesBelongToCity(db.url, folder);
    for (const share of Object.values(before)) expect(share).toBeGreaterThan(0.9);

    const run = await runSeed(['--scale', '0.002', '--seed', '2', '--reset'], { DATABASE_URL: db.url, HUB_WELFARE_DROP_DIR: folder });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const after = await sourcesBelongToCity(db.url, folder);
    for (const [source, share] of Object.entries(after)) expect([source, share > 0.9]).toEqual([source, true]);
    expect(run.stdout).toContain('Agency demo sources generated for the new city');
    expect((await readdir(folder)).sort()).toHaveLength(6);
  });
});
