// The labor bureau's referrals for a seed scenario (src/demo-city/scenarios.ts):
// exactly `referred` vocational rehabilitation referrals in the scenario's
// year of adults with a mental disability (persons in mental-health cases,
// with a national ID so the connector links every one; the showcase
// family's first), `placed` of them placed in employment. Beside them, referrals the year's figure must leave
// out (referred the year before, no mental disability, employment
// referrals) and items the connector quarantines (an unknown service type,
// a placement without its date).
import type pg from 'pg';
import { pickedEvenlySql } from '../../src/demo-city/exact.ts';
import type { Scenario } from '../../src/demo-city/scenarios.ts';
import { rocSql } from '../kit/agency-table.ts';

/** Rehabilitation referrals after the counted ones, by what they are, in rank order. */
const AROUND_COUNTED = [
  ['YEAR_BEFORE', 10],
  ['NO_MENTAL_DISABILITY', 5],
  ['UNKNOWN_SERVICE', 2],
  ['PLACED_WITHOUT_DATE', 2],
] as const;

export async function fillScenarioReferrals(client: pg.Client, scenario: Scenario): Promise<number> {
  const { referred, placed } = scenario.vocationalRehabilitation;
  let last = referred;
  const roleByRank = AROUND_COUNTED.map(([role, rows]) => `WHEN n <= ${(last += rows)} THEN '${role}'`).join(' ');
  const adult = `date_part('year', age(make_date($1, 12, 31), p.birth_date)) BETWEEN 18 AND 64`;
  const mental = `
    SELECT p.id, p.national_id, p.name, p.birth_date, bool_or(c.family_id = 1) AS showcase
    FROM core."case" c JOIN core.person p ON p.id = c.subject_person_id
    WHERE c.kind IN ('MENTAL_HEALTH', 'MENTAL_HEALTH_SUICIDE') AND p.national_id IS NOT NULL AND ${adult}
    GROUP BY p.id`;
  const candidates = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM (${mental}) m`, [scenario.year])).rows[0]!.n);
  if (candidates < last) throw new Error(`Scenario ${scenario.name}: ${referred} rehabilitation referrals need as many adults in mental-health cases; the city has ${candidates}`);
  const { rowCount } = await client.query(
    `WITH mental AS (${mental}),
     ranked AS (SELECT mental.*, row_number() OVER (ORDER BY showcase DESC, md5('rehabilitation' || id)) AS n FROM mental),
     roles AS (SELECT ranked.*, CASE WHEN n <= $2 THEN 'COUNTED' ${roleByRank} END AS role FROM ranked WHERE n <= ${last}),
     rehabilitation AS (
       SELECT roles.*, CASE WHEN role = 'YEAR_BEFORE' THEN make_date($1 - 1, 3, 1) + (n * 53 % 250)::int ELSE make_date($1, 1, 10) + (n * 53 % 340)::int END AS referred_on
       FROM roles),
     employment AS (
       SELECT DISTINCT ON (p.id) p.id, p.national_id, p.name, p.birth_date, c.opened_on + 20 AS referred_on
       FROM core."case" c JOIN core.person p ON p.id = c.subject_person_id
       WHERE c.kind = 'VULNERABLE_FAMILY' AND p.id % 5 = 0 AND ${adult} AND p.id NOT IN (SELECT id FROM rehabilitation)
       ORDER BY p.id, c.opened_on),
     items AS (
       SELECT id, national_id, name, birth_date, referred_on, CASE WHEN role = 'UNKNOWN_SERVICE' THEN 'XX' ELSE 'VR' END AS service_type,
              CASE WHEN role = 'NO_MENTAL_DISABILITY' THEN 'N' ELSE 'Y' END AS disability_flag,
              CASE WHEN role = 'PLACED_WITHOUT_DATE' OR (role = 'COUNTED' AND ${pickedEvenlySql('n', '$3', '$2')}) THEN '03' WHEN id % 2 = 0 THEN '01' ELSE '04' END AS outcome,
              role <> 'PLACED_WITHOUT_DATE' AS dated
       FROM rehabilitation
       UNION ALL
       SELECT id, national_id, name, birth_date, referred_on, CASE WHEN id % 211 = 5 THEN 'XX' ELSE 'EMP' END, 'N',
              CASE WHEN (id / 7) % 3 = 0 THEN '03' WHEN (id / 7) % 3 = 1 THEN '01' ELSE '04' END, true
       FROM employment),
     stamped AS (
       SELECT items.*, 'L' || lpad(id::text, 9, '0') AS case_no, timestamptz '2024-02-01' + (id % 4000) * interval '1 minute' AS modified_at FROM items)
     INSERT INTO agency_labor.referral_item (case_no, modified_at, item)
     SELECT case_no, modified_at, jsonb_build_object(
       'case_no', case_no, 'idn', national_id, 'cname', name, 'birthday', ${rocSql('birth_date')},
       'service_type', service_type, 'disability_flag', disability_flag, 'referred_date', ${rocSql('referred_on')}, 'outcome', outcome,
       'placed_date', CASE WHEN outcome = '03' AND dated THEN ${rocSql('(referred_on + 45)')} END,
       'modified_at', to_char(modified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
     FROM stamped`,
    [scenario.year, referred, placed],
  );
  return rowCount ?? 0;
}
