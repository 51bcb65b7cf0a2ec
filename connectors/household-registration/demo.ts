// Builds the household registration system's database for the demo city,
// from the same people as core, in the agency's own shape and with the
// quirks real exports have: ROC dates in two styles, full-width characters,
// mistyped national IDs, duplicated rows and impossible dates.
import pg from 'pg';
import { RELATION_CODES, TOWN_CODES } from './mapping.ts';

export const AGENCY_SCHEMA = 'agency_household';

export async function generateHouseholdSource(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const relationCodes = Object.entries(RELATION_CODES).map(([code, rel]) => `('${code}', '${rel}')`).join(', ');
  const townCodes = Object.entries(TOWN_CODES).map(([code, district]) => `('${code}', '${district}')`).join(', ');
  const roc = (column: string, compact: string) =>
    `CASE WHEN ${compact} THEN lpad((extract(year FROM ${column})::int - 1911)::text, 3, '0') || to_char(${column}, 'MMDD')
          ELSE (extract(year FROM ${column})::int - 1911)::text || to_char(${column}, '/MM/DD') END`;
  const fullWidthDigits = (column: string) => `translate(${column}, '0123456789', '０１２３４５６７８９')`;
  try {
    await client.query('BEGIN');
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${AGENCY_SCHEMA}`);
    await client.query(`DROP TABLE IF EXISTS ${AGENCY_SCHEMA}.h_member`);
    await client.query(`CREATE TABLE ${AGENCY_SCHEMA}.h_member (
      row_id SERIAL PRIMARY KEY, hh_no TEXT, id_no TEXT, nm TEXT, birth_roc TEXT, rel_cd TEXT,
      addr TEXT, town_cd TEXT, reg_roc TEXT, upd_ts TIMESTAMPTZ NOT NULL)`);
    // Every quirk is chosen by the person id, so the source is the same on every machine.
    const inserted = await client.query(`
      INSERT INTO ${AGENCY_SCHEMA}.h_member (hh_no, id_no, nm, birth_roc, rel_cd, addr, town_cd, reg_roc, upd_ts)
      SELECT 'H' || lpad(m.family_id::text, 8, '0'),
             CASE WHEN p.id % 100 = 7 AND p.national_id IS NOT NULL
                    THEN left(p.national_id, 9) || ((right(p.national_id, 1)::int + 1) % 10)::text
                  WHEN p.id % 50 = 3 THEN ${fullWidthDigits('p.national_id')}
                  ELSE p.national_id END,
             CASE WHEN p.id % 50 = 9 THEN left(p.name, 1) || '　' || substr(p.name, 2) ELSE p.name END,
             CASE WHEN p.id % 300 = 11 THEN '112/02/30' ELSE ${roc('p.birth_date', 'p.id % 2 = 0')} END,
             r.code,
             CASE WHEN p.id % 40 = 1 THEN ${fullWidthDigits('f.address')} ELSE f.address END,
             t.code,
             ${roc('m.start_date', 'true')},
             timestamptz '2024-01-01' + (p.id % 5000) * interval '1 minute'
      FROM core.family_membership m
      JOIN core.person p ON p.id = m.person_id
      JOIN core.family f ON f.id = m.family_id
      JOIN (VALUES ${relationCodes}) AS r(code, rel) ON r.rel = m.relationship::text
      JOIN (VALUES ${townCodes}) AS t(code, district) ON t.district = f.district_code
      WHERE m.end_date IS NULL`);
    // Exports repeat some rows verbatim.
    await client.query(`
      INSERT INTO ${AGENCY_SCHEMA}.h_member (hh_no, id_no, nm, birth_roc, rel_cd, addr, town_cd, reg_roc, upd_ts)
      SELECT hh_no, id_no, nm, birth_roc, rel_cd, addr, town_cd, reg_roc, upd_ts + interval '1 second'
      FROM ${AGENCY_SCHEMA}.h_member WHERE row_id % 200 = 5`);
    await client.query(`CREATE INDEX h_member_upd_idx ON ${AGENCY_SCHEMA}.h_member (upd_ts, row_id)`);
    await client.query('COMMIT');
    return (inserted.rowCount ?? 0);
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}
