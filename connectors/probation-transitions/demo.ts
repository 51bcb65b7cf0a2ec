// The prosecutors' transition register for the demo city: persons in
// drug-addiction cases under deferred prosecution with treatment, and
// release transitions with their meetings and invited units.
import pg from 'pg';

export async function generateTransitionSource(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const roc = (column: string) => `(extract(year FROM ${column})::int - 1911)::text || to_char(${column}, '/MM/DD')`;
  try {
    await client.query('BEGIN');
    await client.query('CREATE SCHEMA IF NOT EXISTS agency_justice');
    await client.query('DROP TABLE IF EXISTS agency_justice.transition_register');
    await client.query(`CREATE TABLE agency_justice.transition_register (
      row_id SERIAL PRIMARY KEY, case_id TEXT, idno TEXT, pname TEXT, birth_roc TEXT, type_cd TEXT, start_roc TEXT, release_roc TEXT,
      meeting_roc TEXT, invited TEXT, upd_ts TIMESTAMPTZ NOT NULL)`);
    const { rowCount } = await client.query(`
      INSERT INTO agency_justice.transition_register (case_id, idno, pname, birth_roc, type_cd, start_roc, release_roc, meeting_roc, invited, upd_ts)
      SELECT '112偵' || lpad(c.id::text, 6, '0'), p.national_id, p.name, ${roc('p.birth_date')},
             CASE WHEN c.kind = 'DRUG_ADDICTION' AND c.id % 2 = 0 THEN 'D' WHEN c.kind = 'MENTAL_HEALTH' THEN 'H' WHEN c.id % 61 = 3 THEN 'Q' ELSE 'P' END,
             ${roc('c.opened_on')},
             CASE WHEN c.kind = 'DRUG_ADDICTION' AND c.id % 2 = 0 THEN NULL ELSE ${roc('(c.opened_on + 30)')} END,
             ${roc('(c.opened_on + 20)')},
             CASE WHEN c.id % 3 = 0 THEN 'SOCIAL;HEALTH;LABOR' WHEN c.id % 3 = 1 THEN 'HEALTH;POLICE' ELSE 'SOCIAL、LABOR' END,
             timestamptz '2024-04-01' + (c.id % 3000) * interval '1 minute'
      FROM core."case" c JOIN core.person p ON p.id = c.subject_person_id
      WHERE (c.kind = 'DRUG_ADDICTION') OR (c.kind IN ('DV_OFFENDER_TREATMENT', 'SEX_OFFENDER_TREATMENT')) OR (c.kind = 'MENTAL_HEALTH' AND c.id % 10 = 0)`);
    await client.query('COMMIT');
    return rowCount ?? 0;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}
