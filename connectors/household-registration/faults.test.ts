// One bad row never stops the household sync: a member row with a
// 2,000-character name and no ID (its source key is built from the name) and
// an event whose registration number is 3,000 characters used to break the
// quarantine's index, fail their batch on every run and keep the cursor
// where it was. Now they are quarantined with a reason naming the field, and
// everything else ends exactly as a sync of the source without them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { connectPrisma, disconnectPrisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import type { SyncCounts } from '../kit/sync-store.ts';
import { AGENCY_SCHEMA } from './demo.ts';
import { householdRegistration } from './index.ts';

/** CJK text that does not compress (PostgreSQL compresses a repetitive index entry below the limit). */
const varied = (length: number, seed: number) => Array.from({ length }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7_919 + seed) % 20_000))).join('');
const LONG_NAME = varied(2_000, 1);

async function query<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function sync(url: string): Promise<SyncCounts> {
  connectPrisma(url);
  try {
    return await householdRegistration.sync(url);
  } finally {
    await disconnectPrisma();
  }
}

/** What a sync leaves behind, planted rows' quarantine aside. */
async function outcome(url: string, plantedRows: number[]) {
  return {
    registrations: await query(url, 'SELECT person_id, household_number, relationship::text, address, district_code, registered_on, source_key FROM household.registration ORDER BY person_id'),
    events: await query(url, 'SELECT person_id, kind::text, occurred_on, source_key FROM household.event ORDER BY source_key'),
    persons: await query(url, 'SELECT count(*)::int AS n FROM core.person'),
    quarantine: await query(url, `SELECT source_key, reason FROM sync.quarantine WHERE NOT ((raw->>'row_id')::int = ANY($1::int[]) AND reason LIKE '%characters, more than%') ORDER BY source_key`, [plantedRows]),
  };
}

const reconciles = (c: SyncCounts) => c.inserted + c.updated + c.unchanged + c.merged + c.quarantined === c.read;

describe('household sync with planted oversized rows', () => {
  let faulted: TestDatabase;
  let reference: TestDatabase;
  let memberRow: number;
  let eventRow: number;
  const previousBatch = process.env.HUB_SYNC_BATCH_SIZE;

  beforeAll(async () => {
    process.env.HUB_SYNC_BATCH_SIZE = '100';
    [faulted, reference] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    for (const db of [faulted, reference]) {
      await seedDemoCity(db.url, { scale: 0.001, seed: 11 });
      await householdRegistration.generateDemoSource(db.url);
    }
    // Planted in the middle of the update order, so batches before and after them are read in the same run.
    const [member] = await query<{ row_id: number }>(faulted.url, `
      INSERT INTO ${AGENCY_SCHEMA}.h_member (hh_no, id_no, nm, birth_roc, rel_cd, addr, town_cd, reg_roc, upd_ts)
      SELECT hh_no, NULL, $1, '80/01/01', '03', addr, town_cd, reg_roc, upd_ts FROM ${AGENCY_SCHEMA}.h_member
      ORDER BY upd_ts, row_id OFFSET (SELECT count(*) / 2 FROM ${AGENCY_SCHEMA}.h_member) LIMIT 1
      RETURNING row_id`, [LONG_NAME]);
    memberRow = member!.row_id;
    const [event] = await query<{ row_id: number }>(faulted.url, `
      INSERT INTO ${AGENCY_SCHEMA}.h_event (evt_no, evt_cd, id_no, nm, birth_roc, hh_no, evt_roc, town_cd, upd_ts)
      SELECT $1, '11', NULL, nm, birth_roc, hh_no, evt_roc, town_cd, upd_ts FROM ${AGENCY_SCHEMA}.h_event
      ORDER BY upd_ts, row_id OFFSET (SELECT count(*) / 2 FROM ${AGENCY_SCHEMA}.h_event) LIMIT 1
      RETURNING row_id`, [varied(3_000, 2)]);
    eventRow = event!.row_id;
  });
  afterAll(async () => {
    if (previousBatch === undefined) delete process.env.HUB_SYNC_BATCH_SIZE;
    else process.env.HUB_SYNC_BATCH_SIZE = previousBatch;
    await Promise.all([faulted.drop(), reference.drop()]);
  });

  it('quarantines a 2,000-character no-ID row and a 3,000-character event number, reads on, and moves the cursors to the end', async () => {
    const counts = await sync(faulted.url);
    expect(reconciles(counts)).toBe(true);

    const planted = await query<{ source_key: string; reason: string; raw: { row_id: number; nm: string } }>(faulted.url, `SELECT source_key, reason, raw FROM sync.quarantine WHERE (raw->>'row_id')::int = ANY($1::int[]) AND reason LIKE '%characters, more than%' ORDER BY source_key`, [[memberRow, eventRow]]);
    expect(planted.map((q) => q.reason).sort()).toEqual(['evt_no: 3,000 characters, more than the 255 a field may hold', 'nm: 2,000 characters, more than the 255 a field may hold']);
    for (const q of planted) expect(q.source_key.length).toBeLessThanOrEqual(200);
    const member = planted.find((q) => q.reason.startsWith('nm:'))!;
    expect(member.raw.row_id).toBe(memberRow);
    expect(member.raw.nm).toMatch(/^[\u4e00-\u9fff]+… \[2,000 characters, sha256 [0-9a-f]{64}\]$/);

    const cursors = await query<{ connector: string; position: string }>(faulted.url, 'SELECT connector, position FROM sync.cursor ORDER BY connector');
    const [lastMember] = await query<{ row_id: number }>(faulted.url, `SELECT row_id FROM ${AGENCY_SCHEMA}.h_member ORDER BY upd_ts DESC, row_id DESC LIMIT 1`);
    const [lastEvent] = await query<{ row_id: number }>(faulted.url, `SELECT row_id FROM ${AGENCY_SCHEMA}.h_event ORDER BY upd_ts DESC, row_id DESC LIMIT 1`);
    expect(cursors.map((c) => [c.connector, JSON.parse(c.position).rowId])).toEqual([
      ['household-registration', lastMember!.row_id],
      ['household-registration:events', lastEvent!.row_id],
    ]);
    expect(await sync(faulted.url)).toEqual({ read: 0, inserted: 0, updated: 0, unchanged: 0, merged: 0, quarantined: 0 });
  });

  it('ends with every other record exactly as a sync of the source without the planted rows', async () => {
    const full = await sync(reference.url);
    expect(reconciles(full)).toBe(true);
    expect(await outcome(faulted.url, [memberRow, eventRow])).toEqual(await outcome(reference.url, []));
  });
});
