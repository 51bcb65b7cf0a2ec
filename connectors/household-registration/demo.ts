// Builds the household registration system's database for the demo city,
// from the same people as core, in the agency's own shape and with the
// quirks real exports have: ROC dates in two styles, full-width characters,
// mistyped national IDs, duplicated rows and impossible dates. Beside the
// members (h_member) it writes the registration events (h_event): births,
// moves, marriages, divorces and deaths, with unknown codes, impossible
// dates, full-width IDs, repeated rows and late corrections.
import pg from 'pg';
import { changeAgencyRows } from '../kit/agency-table.ts';
import { RELATION_CODES, TOWN_CODES } from './mapping.ts';

export const AGENCY_SCHEMA = 'agency_household';

/** Builds both tables; returns the number of member rows (the events come on top). */
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
             -- Half the impossible birth dates come on rows without an ID: those cannot be linked and stay quarantined.
             CASE WHEN p.id % 600 = 11 THEN NULL
                  WHEN p.id % 100 = 7 AND p.national_id IS NOT NULL
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
    await generateEvents(client, townCodes, roc, fullWidthDigits);
    await client.query('COMMIT');
    return (inserted.rowCount ?? 0);
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Registration events of the demo city. Every choice is made by a person,
 * family or event number modulo a constant, so the table is the same on every
 * machine; the showcase family (core.family 1) always gets its marriage and
 * its grandfather's move in.
 */
async function generateEvents(
  client: pg.Client,
  townCodes: string,
  roc: (column: string, compact: string) => string,
  fullWidthDigits: (column: string) => string,
): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${AGENCY_SCHEMA}.h_event`);
  await client.query(`CREATE TABLE ${AGENCY_SCHEMA}.h_event (
    row_id SERIAL PRIMARY KEY, evt_no TEXT, evt_cd TEXT, id_no TEXT, nm TEXT, birth_roc TEXT, hh_no TEXT,
    evt_roc TEXT, town_cd TEXT, upd_ts TIMESTAMPTZ NOT NULL)`);
  // The true events, numbered in a fixed order (n) that picks the quirks below.
  await client.query(`
    CREATE TEMP TABLE h_event_truth ON COMMIT DROP AS
    -- Inlined, not materialized: over a materialized CTE the planner guesses a few rows and
    -- nests loops over the family joins (14 s at 100,000 persons instead of 0.5 s).
    WITH current AS NOT MATERIALIZED (SELECT * FROM core.family_membership WHERE end_date IS NULL),
    events(person_id, family_id, code, on_date) AS (
      SELECT p.id, m.family_id, '11', p.birth_date
      FROM core.person p JOIN current m ON m.person_id = p.id
      -- The demo city clamps many children's ages to 0; a quarter of its 2023 births keep the table small.
      WHERE p.birth_date >= date '2023-01-01' AND p.birth_date < date '2024-01-01' AND p.id % 4 = 0
      UNION ALL
      SELECT p.id, m.family_id, '21', m.start_date
      FROM core.person p JOIN current m ON m.person_id = p.id
      WHERE m.start_date > p.birth_date AND (m.family_id % 50 = 2 OR (m.family_id = 1 AND m.relationship = 'PARENT'))
      UNION ALL
      SELECT m.person_id, m.family_id, '22', m.end_date
      FROM core.family_membership m WHERE m.end_date IS NOT NULL AND m.person_id % 2 = 0
      UNION ALL
      SELECT c.person_id, c.family_id, '31', s.start_date
      FROM current c JOIN current s ON s.family_id = c.family_id AND s.relationship = 'SPOUSE'
      WHERE c.relationship IN ('HEAD', 'SPOUSE') AND c.family_id % 40 = 1
      UNION ALL
      SELECT c.person_id, c.family_id, '32', date '2023-01-05' + (c.family_id % 350)
      FROM current c
      WHERE c.relationship IN ('HEAD', 'SPOUSE') AND c.family_id % 37 = 5
        AND EXISTS (SELECT 1 FROM current s WHERE s.family_id = c.family_id AND s.relationship = 'SPOUSE')
      UNION ALL
      SELECT p.id, m.family_id, '41', date '2023-01-03' + (p.id % 360)
      FROM core.person p JOIN current m ON m.person_id = p.id
      WHERE p.birth_date <= date '1943-12-31' AND p.id % 9 = 0)
    SELECT row_number() OVER (ORDER BY e.code, e.person_id) AS n, e.*, p.national_id, p.name, p.birth_date, t.code AS town_cd
    FROM events e
    JOIN core.person p ON p.id = e.person_id
    JOIN core.family f ON f.id = e.family_id
    JOIN (VALUES ${townCodes}) AS t(code, district) ON t.district = f.district_code`);
  const columns = 'evt_no, evt_cd, id_no, nm, birth_roc, hh_no, evt_roc, town_cd, upd_ts';
  const base = (evtRoc: string, updTs: string) => `
    SELECT 'RG' || e.code || lpad(e.person_id::text, 8, '0'),
           CASE WHEN e.n % 47 = 5 THEN '99' ELSE e.code END,
           CASE WHEN e.n % 31 = 3 THEN ${fullWidthDigits('e.national_id')} ELSE e.national_id END,
           e.name, ${roc('e.birth_date', 'e.n % 2 = 0')}, 'H' || lpad(e.family_id::text, 8, '0'),
           ${evtRoc}, e.town_cd, ${updTs}
    FROM h_event_truth e`;
  const trueDate = roc('e.on_date', 'e.n % 3 = 0');
  // As first written: some dates impossible (Feb 30), some typed ten days late.
  await client.query(`
    INSERT INTO ${AGENCY_SCHEMA}.h_event (${columns})
    ${base(`CASE WHEN e.n % 29 = 7 THEN (extract(year FROM e.on_date)::int - 1911)::text || '/02/30'
                 WHEN e.n % 41 = 9 THEN ${roc("(e.on_date + 10)", 'false')}
                 ELSE ${trueDate} END`, `timestamptz '2024-02-01' + (e.n % 4000) * interval '1 minute'`)}
    ORDER BY e.n`);
  // Exports repeat some rows verbatim.
  await client.query(`
    INSERT INTO ${AGENCY_SCHEMA}.h_event (${columns})
    SELECT ${columns.replace('upd_ts', "upd_ts + interval '1 second'")} FROM ${AGENCY_SCHEMA}.h_event WHERE row_id % 37 = 4 ORDER BY row_id`);
  // Late corrections: the office fixes the mistyped dates and half of the impossible ones weeks later.
  await client.query(`
    INSERT INTO ${AGENCY_SCHEMA}.h_event (${columns})
    ${base(trueDate, `timestamptz '2024-04-01' + (e.n % 4000) * interval '1 minute'`)}
    WHERE e.n % 41 = 9 OR (e.n % 29 = 7 AND e.n % 2 = 0)
    ORDER BY e.n`);
  await client.query(`CREATE INDEX h_event_upd_idx ON ${AGENCY_SCHEMA}.h_event (upd_ts, row_id)`);
}

/** A day of the offices' work: addresses re-registered (門牌整編) and events re-published; each change stamped now. */
export async function changeHouseholdSource(databaseUrl: string, share: number): Promise<number> {
  const moved = await changeAgencyRows(databaseUrl, share, {
    table: `${AGENCY_SCHEMA}.h_member`,
    key: 'row_id',
    set: `upd_ts = clock_timestamp(), addr = CASE WHEN addr LIKE '%之1' THEN addr ELSE addr || '之1' END`,
  });
  const events = await changeAgencyRows(databaseUrl, share, { table: `${AGENCY_SCHEMA}.h_event`, key: 'row_id', set: 'upd_ts = clock_timestamp()' });
  return moved + events;
}
