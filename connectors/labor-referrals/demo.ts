// Fills the Labor Affairs Bureau's demo data from the demo city: employment
// referrals for adults of vulnerable families and vocational rehabilitation
// for persons in mental-health cases, in the API's field names and codes,
// with a few unknown codes and a placed case missing its date.
import { seededScenario } from '../../src/demo-city/seeded-city.ts';
import { changeAgencyRows, rebuildAgencyTable, rocSql } from '../kit/agency-table.ts';
import { fillScenarioReferrals } from './demo-scenario.ts';

/** The bureau's referrals for the city in the database: as below, or exactly a seeded scenario's. */
export async function generateLaborSource(databaseUrl: string): Promise<number> {
  const scenario = await seededScenario(databaseUrl);
  return rebuildAgencyTable(databaseUrl, {
    schema: 'agency_labor',
    table: 'referral_item',
    columns: 'case_no TEXT PRIMARY KEY, modified_at TIMESTAMPTZ NOT NULL, item JSONB NOT NULL',
    fill: async (client) => {
      if (scenario) return fillScenarioReferrals(client, scenario);
      const { rowCount } = await client.query(`
        INSERT INTO agency_labor.referral_item (case_no, modified_at, item)
        SELECT case_no, modified_at, jsonb_build_object(
          'case_no', case_no, 'idn', national_id, 'cname', name, 'birthday', ${rocSql('birth_date')},
          'service_type', CASE WHEN vr THEN 'VR' WHEN id % 211 = 5 THEN 'XX' ELSE 'EMP' END,
          'disability_flag', CASE WHEN vr THEN 'Y' ELSE 'N' END,
          'referred_date', ${rocSql('referred_on')},
          'outcome', CASE WHEN (id / 7) % 3 = 0 THEN '03' WHEN (id / 7) % 3 = 1 THEN '01' ELSE '04' END,
          'placed_date', CASE WHEN (id / 7) % 3 = 0 AND id % 97 <> 1 THEN ${rocSql("(referred_on + 45)")} END,
          'modified_at', to_char(modified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
        FROM (
          SELECT DISTINCT ON (p.id) p.id, p.national_id, p.name, p.birth_date, c.kind IN ('MENTAL_HEALTH', 'MENTAL_HEALTH_SUICIDE') AS vr,
                 'L' || lpad(p.id::text, 9, '0') AS case_no, c.opened_on + 20 AS referred_on,
                 timestamptz '2024-02-01' + (p.id % 4000) * interval '1 minute' AS modified_at
          FROM core."case" c JOIN core.person p ON p.id = c.subject_person_id
          WHERE date_part('year', age(date '2023-12-31', p.birth_date)) BETWEEN 18 AND 64
            AND ((c.kind = 'VULNERABLE_FAMILY' AND p.id % 3 = 0) OR (c.kind IN ('MENTAL_HEALTH', 'MENTAL_HEALTH_SUICIDE') AND p.id % 4 = 0) OR c.family_id = 1)
          ORDER BY p.id, c.kind) AS chosen`);
      return rowCount ?? 0;
    },
  });
}

/** A day of the bureau's work: cases in service close without placement, each change stamped now. */
export function changeLaborSource(databaseUrl: string, share: number): Promise<number> {
  return changeAgencyRows(databaseUrl, share, {
    table: 'agency_labor.referral_item',
    key: 'case_no',
    set: `modified_at = clock_timestamp(), item = item || jsonb_build_object(
      'outcome', CASE WHEN item->>'outcome' = '01' THEN '04' ELSE item->>'outcome' END,
      'modified_at', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`,
  });
}
