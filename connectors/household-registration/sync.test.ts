// Sync from the agency's own database: counts reconcile, a second run
// changes nothing, bad records are quarantined and taken in once corrected,
// and a row carrying another person's ID is held for review, never joined.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
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
    // A row without an ID quarantined for its impossible birth date (with an ID it would have been stored
    // with a data-quality note); its person is the family member of that name.
    const { rows } = await sql.query(`
      SELECT q.id AS quarantine_id, h.row_id, p.birth_date FROM sync.quarantine q
      JOIN ${AGENCY_SCHEMA}.h_member h ON h.row_id = (q.raw->>'row_id')::int
      JOIN core.family_membership m ON m.family_id = substr(h.hh_no, 2)::int AND m.end_date IS NULL
      JOIN core.person p ON p.id = m.person_id AND p.name = h.nm
      WHERE q.reason LIKE 'birth_roc:%' AND h.id_no IS NULL ORDER BY q.id LIMIT 1`);
    expect(rows).toHaveLength(1);
    const { quarantine_id: quarantineId, row_id: rowId, birth_date: birth } = rows[0] as { quarantine_id: number; row_id: number; birth_date: Date };
    const roc = `${birth.getUTCFullYear() - 1911}/${String(birth.getUTCMonth() + 1).padStart(2, '0')}/${String(birth.getUTCDate()).padStart(2, '0')}`;
    await sql.query(`UPDATE ${AGENCY_SCHEMA}.h_member SET birth_roc = $2, upd_ts = now() WHERE row_id = $1`, [rowId, roc]);
    const counts = await syncHouseholdRegistration(source);
    expect(counts).toEqual({ read: 1, inserted: 1, updated: 0, unchanged: 0, merged: 0, quarantined: 0 });
    expect(await prisma().quarantinedRecord.findUnique({ where: { id: quarantineId } })).toBeNull();
  });

  it("holds a row carrying another person's valid ID for review instead of joining it (connectors/kit/identity-linking.test.ts has every case)", async () => {
    // A son's registration row typed with his mother's ID: checksum-valid, and hers.
    const { rows } = await sql.query(`
      SELECT mother.national_id AS mother_id, child.id AS child_id, child.name AS child_name, child.birth_date, f.id AS family_id
      FROM core.family f
      JOIN core.family_membership cm ON cm.family_id = f.id AND cm.relationship = 'CHILD' AND cm.end_date IS NULL
      JOIN core.person child ON child.id = cm.person_id
      JOIN core.family_membership mm ON mm.family_id = f.id AND mm.relationship IN ('HEAD', 'SPOUSE') AND mm.end_date IS NULL
      JOIN core.person mother ON mother.id = mm.person_id AND mother.sex = 'FEMALE' AND mother.national_id IS NOT NULL
      ORDER BY f.id LIMIT 1`);
    expect(rows).toHaveLength(1);
    const planted = rows[0] as { mother_id: string; child_id: number; child_name: string; birth_date: Date; family_id: number };
    const birth = planted.birth_date;
    const roc = `${birth.getUTCFullYear() - 1911}/${String(birth.getUTCMonth() + 1).padStart(2, '0')}/${String(birth.getUTCDate()).padStart(2, '0')}`;
    const hh = `H${String(planted.family_id).padStart(8, '0')}`;
    await sql.query(
      `INSERT INTO ${AGENCY_SCHEMA}.h_member (hh_no, id_no, nm, birth_roc, rel_cd, addr, town_cd, reg_roc, upd_ts)
       SELECT $1, $2, $3, $4, rel_cd, addr, town_cd, reg_roc, now() FROM ${AGENCY_SCHEMA}.h_member WHERE hh_no = $1 LIMIT 1`,
      [hh, planted.mother_id, planted.child_name, roc],
    );
    const before = await sql.query('SELECT person_id, household_number FROM household.registration ORDER BY person_id');
    const counts = await syncHouseholdRegistration(source);
    expect(counts).toMatchObject({ read: 1, quarantined: 1, inserted: 0, updated: 0 });
    const quarantined = await prisma().quarantinedRecord.findFirst({ where: { sourceKey: `${hh}:${planted.mother_id}` } });
    expect(quarantined?.reason).toMatch(/^national ID belongs to another person \(name, birth date differ\); review needed$/);
    expect((await sql.query('SELECT person_id, household_number FROM household.registration ORDER BY person_id')).rows).toEqual(before.rows);
  });
});
