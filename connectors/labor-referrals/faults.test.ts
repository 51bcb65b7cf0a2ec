// A bad item from the labor API never fails its page: an item whose name
// carries a NUL character (PostgreSQL text cannot hold one) and an item with a
// number where the API promises text used to fail their page on every run.
// Served through a proxy that plants them into the demo agency API's
// answers, they are quarantined and everything else ends as a clean sync.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import pg from 'pg';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import type { SyncCounts } from '../kit/sync-store.ts';
import { startLaborAgencyApi, type AgencyApi } from './agency-api.ts';
import { generateLaborSource } from './demo.ts';
import type { LaborApiItem } from './mapping.ts';
import { HttpLaborSource } from './source.ts';
import { syncLabor } from './sync.ts';

/** Forwards to the agency API, changing the items `plant` names on their way back. */
async function plantingProxy(target: string, plant: Record<string, (item: LaborApiItem) => unknown>): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const upstream = await fetch(new URL(req.url ?? '/', target));
    const body = (await upstream.json()) as { items: LaborApiItem[]; next_page: number | null };
    body.items = body.items.map((item) => (plant[item.case_no] ? plant[item.case_no]!(item) : item)) as LaborApiItem[];
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function syncThrough(db: TestDatabase, baseUrl: string): Promise<SyncCounts> {
  connectPrisma(db.url);
  try {
    return await syncLabor(new HttpLaborSource(baseUrl, { pageSize: 7, backoffMs: 10 }));
  } finally {
    await disconnectPrisma();
  }
}

const reconciles = (c: SyncCounts) => c.inserted + c.updated + c.unchanged + c.merged + c.quarantined === c.read;

describe('labor API items with planted faults', () => {
  let faulted: TestDatabase;
  let reference: TestDatabase;
  let apis: AgencyApi[] = [];
  let planted: string[];

  beforeAll(async () => {
    [faulted, reference] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    for (const db of [faulted, reference]) {
      await seedDemoCity(db.url, { scale: 0.003, seed: 4 });
      await generateLaborSource(db.url);
    }
    apis = await Promise.all([startLaborAgencyApi(faulted.url), startLaborAgencyApi(reference.url)]);
    // Two items of the second page: its other items must still be taken in.
    planted = (await query<{ case_no: string }>(faulted.url, 'SELECT case_no FROM agency_labor.referral_item ORDER BY modified_at, case_no OFFSET 8 LIMIT 2')).map((r) => r.case_no);
  });
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    await Promise.all([faulted.drop(), reference.drop()]);
  });

  it('quarantines the item with a NUL and the one with a number for text, takes in the rest, and moves the cursor to the newest item', async () => {
    const proxy = await plantingProxy(apis[0]!.url, {
      [planted[0]!]: (item) => ({ ...item, cname: `${item.cname?.slice(0, 1)}\u0000${item.cname?.slice(1)}` }),
      [planted[1]!]: (item) => ({ ...item, disability_flag: 1 }),
    });
    try {
      const counts = await syncThrough(faulted, proxy.url);
      expect(reconciles(counts)).toBe(true);
      const quarantine = await query<{ source_key: string; reason: string; raw: Record<string, unknown> }>(faulted.url, 'SELECT source_key, reason, raw FROM sync.quarantine WHERE source_key = ANY($1::text[]) ORDER BY source_key', [planted]);
      const reasons = Object.fromEntries(quarantine.map((q) => [q.source_key, q.reason]));
      expect(reasons).toEqual({ [planted[0]!]: 'cname: contains a NUL character', [planted[1]!]: 'could not be read (TypeError)' });
      expect(quarantine.find((q) => q.source_key === planted[0])!.raw.cname).toMatch(/^.\\u0000/);
      const [newest] = await query<{ modified_at: string }>(faulted.url, `SELECT item->>'modified_at' AS modified_at FROM agency_labor.referral_item ORDER BY modified_at DESC LIMIT 1`);
      expect(await query(faulted.url, `SELECT position FROM sync.cursor WHERE connector = 'labor-referrals'`)).toEqual([{ position: newest!.modified_at }]);
      expect(await syncThrough(faulted, proxy.url)).toMatchObject({ read: 0 });
    } finally {
      await proxy.stop();
    }
  });

  it('stores every other referral exactly as a clean sync does', async () => {
    expect(reconciles(await syncThrough(reference, apis[1]!.url))).toBe(true);
    const referrals = (url: string) => query(url, 'SELECT case_number, person_id, kind::text, referred_on, outcome::text FROM labor.referral WHERE NOT (case_number = ANY($1::text[])) ORDER BY case_number', [planted]);
    const others = (url: string) => query(url, 'SELECT source_key, reason FROM sync.quarantine WHERE NOT (source_key = ANY($1::text[])) ORDER BY source_key', [planted]);
    expect(await referrals(faulted.url)).toEqual(await referrals(reference.url));
    expect(await others(faulted.url)).toEqual(await others(reference.url));
  });
});
