// The dropout register for a seed scenario (src/demo-city/scenarios.ts):
// exactly `referred` episodes starting in the scenario's year that schools
// referred to counselling, `opened` of them with a case opened, for pupils
// with a national ID (so the connector links every one), the showcase
// family's teenager first. Beside them, rows
// the year's figure must leave out (not referred, started the year before)
// and rows the connector quarantines (an unknown school code, a return
// before the dropout).
import type pg from 'pg';
import { pickedEvenlySql } from '../../src/demo-city/exact.ts';
import type { Scenario } from '../../src/demo-city/scenarios.ts';
import { rocSql } from '../kit/agency-table.ts';

/** Rows after the counted ones, by what they are, in rank order. */
const AROUND_COUNTED = [
  ['NOT_REFERRED', 40],
  ['YEAR_BEFORE', 20],
  ['UNKNOWN_SCHOOL', 3],
  ['BACK_BEFORE_DROP', 2],
] as const;

export async function fillScenarioDropouts(client: pg.Client, scenario: Scenario): Promise<number> {
  const { referred, opened } = scenario.schoolReferrals;
  let last = referred;
  const roleByRank = AROUND_COUNTED.map(([role, rows]) => `WHEN n <= ${(last += rows)} THEN '${role}'`).join(' ');
  const dropped = "CASE WHEN role = 'YEAR_BEFORE' THEN make_date($1 - 1, 3, 1) + (n * 37 % 250)::int ELSE make_date($1, 2, 1) + (n * 37 % 300)::int END";
  const { rowCount } = await client.query(
    `WITH pupils AS (
       SELECT p.id, p.national_id, p.name, p.birth_date,
              row_number() OVER (ORDER BY EXISTS (SELECT 1 FROM core.family_membership m WHERE m.person_id = p.id AND m.family_id = 1) DESC, md5('dropout' || p.id)) AS n
       FROM core.person p
       WHERE p.national_id IS NOT NULL
         AND date_part('year', age(make_date($1, 12, 31), p.birth_date)) BETWEEN 12 AND 17
         AND EXISTS (SELECT 1 FROM core.family_membership m JOIN core."case" c ON c.family_id = m.family_id
                     WHERE m.person_id = p.id AND m.end_date IS NULL)),
     episodes AS (
       SELECT pupils.*, CASE WHEN n <= $2 THEN 'COUNTED' ${roleByRank} END AS role FROM pupils WHERE n <= ${last}),
     dated AS (SELECT episodes.*, ${dropped} AS dropped_on FROM episodes)
     INSERT INTO agency_education.drop_register (stu_idno, stu_name, stu_birth, sch_code, drop_date, back_date, refer_flag, open_flag, upd_ts)
     SELECT national_id, name, ${rocSql('birth_date')},
            CASE WHEN role = 'UNKNOWN_SCHOOL' THEN 'X1' ELSE lpad((190000 + id % 400)::text, 6, '0') END,
            ${rocSql('dropped_on')},
            CASE WHEN role = 'BACK_BEFORE_DROP' THEN ${rocSql('(dropped_on - 10)')} WHEN id % 3 = 0 THEN ${rocSql('(dropped_on + 40)')} END,
            CASE WHEN role = 'NOT_REFERRED' THEN 'N' ELSE 'Y' END,
            CASE WHEN role = 'NOT_REFERRED' OR (role = 'COUNTED' AND ${pickedEvenlySql('n', '$2 - $3', '$2')}) THEN 'N' ELSE 'Y' END,
            timestamptz '2024-03-01' + (n % 3000) * interval '1 minute'
     FROM dated ORDER BY n`,
    [scenario.year, referred, opened],
  );
  if (rowCount !== last) throw new Error(`Scenario ${scenario.name}: ${referred} school referrals need as many pupils with an ID; the city has fewer`);
  return rowCount;
}
