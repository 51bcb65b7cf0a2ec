// The prosecutors' transition register for the demo city: persons in
// drug-addiction cases under deferred prosecution with treatment, and
// release transitions with their meetings and invited units.
import { changeAgencyRows, rebuildAgencyTable, rocSql } from '../kit/agency-table.ts';

export async function generateTransitionSource(databaseUrl: string): Promise<number> {
  return rebuildAgencyTable(databaseUrl, {
    schema: 'agency_justice',
    table: 'transition_register',
    columns: `
      row_id SERIAL PRIMARY KEY, case_id TEXT, idno TEXT, pname TEXT, birth_roc TEXT, type_cd TEXT, start_roc TEXT, release_roc TEXT,
      meeting_roc TEXT, invited TEXT, upd_ts TIMESTAMPTZ NOT NULL`,
    fill: async (client) => {
      const { rowCount } = await client.query(`
        INSERT INTO agency_justice.transition_register (case_id, idno, pname, birth_roc, type_cd, start_roc, release_roc, meeting_roc, invited, upd_ts)
        SELECT '112偵' || lpad(c.id::text, 6, '0'), p.national_id, p.name, ${rocSql('p.birth_date')},
               CASE WHEN c.kind = 'DRUG_ADDICTION' AND c.id % 2 = 0 THEN 'D' WHEN c.kind = 'MENTAL_HEALTH' THEN 'H' WHEN c.id % 61 = 3 THEN 'Q' ELSE 'P' END,
               ${rocSql('c.opened_on')},
               CASE WHEN c.kind = 'DRUG_ADDICTION' AND c.id % 2 = 0 THEN NULL ELSE ${rocSql('(c.opened_on + 30)')} END,
               ${rocSql('(c.opened_on + 20)')},
               CASE WHEN c.id % 3 = 0 THEN 'SOCIAL;HEALTH;LABOR' WHEN c.id % 3 = 1 THEN 'HEALTH;POLICE' ELSE 'SOCIAL、LABOR' END,
               timestamptz '2024-04-01' + (c.id % 3000) * interval '1 minute'
        FROM core."case" c JOIN core.person p ON p.id = c.subject_person_id
        WHERE (c.kind = 'DRUG_ADDICTION') OR (c.kind IN ('DV_OFFENDER_TREATMENT', 'SEX_OFFENDER_TREATMENT')) OR (c.kind = 'MENTAL_HEALTH' AND (c.id % 10 = 0 OR c.family_id = 1))`);
      return rowCount ?? 0;
    },
  });
}

/** A day of the prosecutors' work: the probation officer adds the labor bureau to the meeting's invitations. */
export function changeTransitionSource(databaseUrl: string, share: number): Promise<number> {
  return changeAgencyRows(databaseUrl, share, {
    table: 'agency_justice.transition_register',
    key: 'row_id',
    set: `upd_ts = clock_timestamp(), invited = CASE WHEN invited LIKE '%LABOR%' THEN invited ELSE invited || ';LABOR' END`,
  });
}
