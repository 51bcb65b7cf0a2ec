// Sync from the agency's own database: counts reconcile, a second run
// changes nothing, bad records are quarantined and taken in once corrected,
// and identity linking never merges two different people.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { makeNationalId } from '../../src/domain/national-id.ts';
import { linkIdentities } from '../kit/identity-linking.ts';
import { AGENCY_SCHEMA, generateHouseholdSource } from './demo.ts';
import { PgHouseholdSource } from './source.ts';
import { syncHouseholdRegistration } from './sync.ts';

describe('household registration sync', () => {
  let db: TestDatabase;
  let source: PgHouseholdSource;
  let sql: pg.Client;
  let generated: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoCity(db.url, { scale: 0.001, seed: 11 });
    generated = await generateHouseholdSource(db.url);
    connectPrisma(db.url);
    source = new PgHouseholdSource(db.url);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await source.close();
    await disconnectPrisma();
    await db.drop();
  });

  it('stores, merges or quarantines every source row, and the counts prove it', async () => {
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM ${AGENCY_SCHEMA}.h_member`);
    const counts = await syncHouseholdRegistration(source, { batchSize: 500 });
    expect(counts.read).toBe(rows[0].n);
    expect(counts.read).toBeGreaterThan(generated);
    expect(counts.inserted + counts.updated + counts.unchanged + counts.merged + counts.quarantined).toBe(counts.read);
    expect(counts.merged).toBeGreaterThan(0);
    expect(counts.quarantined).toBeGreaterThan(0);
    expect(await prisma().householdRegistration.count()).toBe(counts.inserted);
    const reasons = await prisma().quarantinedRecord.findMany({ select: { reason: true, raw: true } });
    expect(reasons.every((r) => /is not a date in the calendar|person/.test(r.reason))).toBe(true);
    expect(reasons[0]!.raw).toMatchObject({ hh_no: expect.stringMatching(/^H\d{8}$/) });
  });

  it('changes nothing on a second run', async () => {
    const before = await sql.query('SELECT md5(string_agg(person_id || household_number || synced_at, \',\' ORDER BY person_id)) AS h FROM household.registration');
    const counts = await syncHouseholdRegistration(source);
    expect(counts).toEqual({ read: 0, inserted: 0, updated: 0, unchanged: 0, merged: 0, quarantined: 0 });
    const after = await sql.query('SELECT md5(string_agg(person_id || household_number || synced_at, \',\' ORDER BY person_id)) AS h FROM household.registration');
    expect(after.rows).toEqual(before.rows);
  });

  it('takes in a record corrected at the source and clears its quarantine', async () => {
    // A record quarantined for its impossible birth date whose person the hub knows by national ID.
    const { rows } = await sql.query(`
      SELECT q.id AS quarantine_id, h.row_id, p.birth_date FROM sync.quarantine q
      JOIN ${AGENCY_SCHEMA}.h_member h ON h.row_id = (q.raw->>'row_id')::int
      JOIN core.person p ON p.national_id = translate(h.id_no, '０１２３４５６７８９', '0123456789')
      WHERE q.reason LIKE 'birth_roc:%' ORDER BY q.id LIMIT 1`);
    expect(rows).toHaveLength(1);
    const { quarantine_id: quarantineId, row_id: rowId, birth_date: birth } = rows[0] as { quarantine_id: number; row_id: number; birth_date: Date };
    const roc = `${birth.getUTCFullYear() - 1911}/${String(birth.getUTCMonth() + 1).padStart(2, '0')}/${String(birth.getUTCDate()).padStart(2, '0')}`;
    await sql.query(`UPDATE ${AGENCY_SCHEMA}.h_member SET birth_roc = $2, upd_ts = now() WHERE row_id = $1`, [rowId, roc]);
    const counts = await syncHouseholdRegistration(source);
    expect(counts).toEqual({ read: 1, inserted: 1, updated: 0, unchanged: 0, merged: 0, quarantined: 0 });
    expect(await prisma().quarantinedRecord.findUnique({ where: { id: quarantineId } })).toBeNull();
  });

  it('links by national ID, falls back to name and birth date, and never merges two people', async () => {
    const [a, b] = await prisma().person.findMany({ where: { nationalId: { not: null } }, take: 2, orderBy: { id: 'asc' } });
    // Two different people who share a name and birthday (陳家豪 is common).
    await prisma().person.updateMany({ where: { id: { in: [a!.id, b!.id] } }, data: { name: '陳家豪', birthDate: new Date('1990-01-01T00:00:00Z') } });
    const child = await prisma().person.create({ data: { name: '林小安', sex: 'FEMALE', birthDate: new Date('2019-06-01T00:00:00Z') } });
    // A new immigrant whose resident certificate number changed to the new format: the agency still has the old one.
    const renumbered = await prisma().person.create({ data: { name: '阮氏玉蘭', sex: 'FEMALE', birthDate: new Date('1985-02-03T00:00:00Z'), nationalId: makeNationalId('B', '9', 1234567) } });
    const twin = await prisma().person.create({ data: { name: '林小寧', sex: 'FEMALE', birthDate: new Date('2019-06-01T00:00:00Z') } });
    const mistyped = a!.nationalId!.slice(0, 9) + String((Number(a!.nationalId!.slice(9)) + 1) % 10);
    const results = await linkIdentities([
      { nationalId: a!.nationalId, name: '陳家豪', birthDate: new Date('1990-01-01T00:00:00Z') },
      { nationalId: mistyped, name: '陳家豪', birthDate: new Date('1990-01-01T00:00:00Z') },
      { nationalId: null, name: '林小安', birthDate: new Date('2019-06-01T00:00:00Z') },
      { nationalId: null, name: '林小寧', birthDate: new Date('2019-06-01T00:00:00Z') },
      { nationalId: 'B199999999', name: '不存在', birthDate: new Date('2000-01-01T00:00:00Z') },
      { nationalId: makeNationalId('B', 'B', 7654321), name: '阮氏玉蘭', birthDate: new Date('1985-02-03T00:00:00Z') },
    ]);
    expect(results[0]).toEqual({ ok: true, personId: a!.id, by: 'NATIONAL_ID' });
    expect(results[1]).toEqual({ ok: false, reason: 'ambiguous identity: 2 persons share this name and birth date (national ID check digit does not match); review needed' });
    expect(results[2]).toEqual({ ok: true, personId: child.id, by: 'NAME_AND_BIRTH_DATE' });
    expect(results[3]).toEqual({ ok: true, personId: twin.id, by: 'NAME_AND_BIRTH_DATE' });
    expect(results[4]).toMatchObject({ ok: false, reason: expect.stringMatching(/^no person with this name and birth date/) });
    expect(results[5]).toEqual({ ok: true, personId: renumbered.id, by: 'NAME_AND_BIRTH_DATE' });
  });
});
