// The Education Bureau's registers for the demo city.
// Dropout register: school-age children of families with cases leave school,
// most are referred to counselling and almost all referrals open a case (the
// city reports 453 of 457), some return to school.
// Enrolment register: the current school of children aged 6–17 in served
// families and of a quarter of the others (family 1, the showcase family,
// always), some with an earlier school they transferred from; with the quirks
// of a real register export.
import type pg from 'pg';
import { seededScenario } from '../../src/demo-city/seeded-city.ts';
import { changeAgencyRows, rebuildAgencyTable, rocSql } from '../kit/agency-table.ts';
import { fillScenarioDropouts } from './demo-scenario.ts';

export async function generateEducationSource(databaseUrl: string): Promise<number> {
  return (await generateDropoutSource(databaseUrl)) + (await generateEnrolmentSource(databaseUrl));
}

/** The dropout register for the city in the database: as below, or exactly a seeded scenario's. */
export async function generateDropoutSource(databaseUrl: string): Promise<number> {
  const scenario = await seededScenario(databaseUrl);
  return rebuildAgencyTable(databaseUrl, {
    schema: 'agency_education',
    table: 'drop_register',
    columns: `
      row_id SERIAL PRIMARY KEY, stu_idno TEXT, stu_name TEXT, stu_birth TEXT, sch_code TEXT, drop_date TEXT, back_date TEXT,
      refer_flag TEXT, open_flag TEXT, upd_ts TIMESTAMPTZ NOT NULL`,
    fill: async (client) => {
      if (scenario) return fillScenarioDropouts(client, scenario);
      const { rowCount } = await client.query(`
        INSERT INTO agency_education.drop_register (stu_idno, stu_name, stu_birth, sch_code, drop_date, back_date, refer_flag, open_flag, upd_ts)
        SELECT p.national_id, p.name, ${rocSql('p.birth_date')},
               CASE WHEN p.id % 89 = 4 AND p.id NOT IN (SELECT person_id FROM core.family_membership WHERE family_id = 1) THEN 'X1' ELSE lpad((190000 + p.id % 400)::text, 6, '0') END,
               ${rocSql("(date '2023-02-01' + (p.id % 200))")},
               CASE WHEN p.id % 3 = 0 THEN ${rocSql("(date '2023-02-01' + (p.id % 200) + 40)")} END,
               CASE WHEN p.id % 10 < 9 THEN 'Y' ELSE 'N' END,
               CASE WHEN p.id % 10 < 9 AND p.id % 113 <> 2 THEN 'Y' ELSE 'N' END,
               timestamptz '2024-03-01' + (p.id % 3000) * interval '1 minute'
        FROM core.person p
        WHERE date_part('year', age(date '2023-12-31', p.birth_date)) BETWEEN 12 AND 17
          AND EXISTS (SELECT 1 FROM core.family_membership m JOIN core."case" c ON c.family_id = m.family_id
                      WHERE m.person_id = p.id AND m.end_date IS NULL AND c.status = 'OPEN')
          AND (p.id % 4 = 0 OR EXISTS (SELECT 1 FROM core.family_membership m WHERE m.person_id = p.id AND m.family_id = 1))`);
      return rowCount ?? 0;
    },
  });
}

// Quirks, by the child's rank n among the children taken (never in family 1,
// whose enrolments the showcase needs): a full-width ID (n % 53 = 7), an
// impossible enrolment date (n % 61 = 11), an unknown grade code (n % 67 = 13),
// no ID, to be matched by name and birth date (n % 41 = 17), and a row
// exported twice (n % 71 = 19).
const KIDS = `
  kids AS (
    SELECT p.id, p.national_id, p.name, p.birth_date,
           date_part('year', age(date '2023-09-01', p.birth_date))::int - 5 AS grade_no,
           EXISTS (SELECT 1 FROM core.family_membership m WHERE m.person_id = p.id AND m.family_id = 1) AS showcase,
           row_number() OVER (ORDER BY p.id) AS n
    FROM core.person p
    WHERE date_part('year', age(date '2023-09-01', p.birth_date)) BETWEEN 6 AND 17
      AND (p.id % 4 = 0
           OR EXISTS (SELECT 1 FROM core.family_membership m JOIN core."case" c ON c.family_id = m.family_id
                      WHERE m.person_id = p.id AND m.end_date IS NULL AND c.status = 'OPEN')
           OR EXISTS (SELECT 1 FROM core.family_membership m WHERE m.person_id = p.id AND m.family_id = 1))),
  graded AS (
    SELECT k.*,
           CASE WHEN grade_no <= 6 THEN 'E' || grade_no WHEN grade_no <= 9 THEN 'J' || (grade_no - 6) ELSE 'S' || (grade_no - 9) END AS code,
           CASE WHEN grade_no <= 6 THEN grade_no WHEN grade_no <= 9 THEN grade_no - 6 ELSE grade_no - 9 END AS year_in_level,
           CASE WHEN grade_no <= 6 THEN 1 WHEN grade_no <= 9 THEN 2 ELSE 3 END AS level
    FROM kids k),
  rows AS (
    -- The current school; a child who transferred entered it on 2023-02-01.
    SELECT g.n, g.showcase, g.national_id, g.name, g.birth_date,
           lpad((190000 + g.level * 1000 + g.id % 300)::text, 6, '0') AS school,
           g.code,
           CASE WHEN g.id % 7 = 3 AND g.year_in_level >= 2 THEN date '2023-02-01'
                ELSE make_date(2023 - g.year_in_level + 1, 8, 30) END AS enrolled,
           NULL::date AS left_on, 0 AS part
    FROM graded g
    UNION ALL
    -- The school it transferred from, left at the end of the first term.
    SELECT g.n, g.showcase, g.national_id, g.name, g.birth_date,
           lpad((190000 + g.level * 1000 + (g.id + 150) % 300)::text, 6, '0'),
           substr(g.code, 1, 1) || (g.year_in_level - 1),
           make_date(2023 - g.year_in_level + 1, 8, 30), date '2023-01-31', 1
    FROM graded g WHERE g.id % 7 = 3 AND g.year_in_level >= 2)`;

export async function generateEnrolmentSource(databaseUrl: string): Promise<number> {
  return rebuildAgencyTable(databaseUrl, {
    schema: 'agency_education',
    table: 'enrol_register',
    columns: `
      row_id SERIAL PRIMARY KEY, stu_idno TEXT, stu_name TEXT, stu_birth TEXT, sch_code TEXT, grade TEXT, enrol_date TEXT, leave_date TEXT,
      upd_ts TIMESTAMPTZ NOT NULL`,
    fill: async (client: pg.Client) => {
      const { rowCount } = await client.query(`
        WITH ${KIDS}
        INSERT INTO agency_education.enrol_register (stu_idno, stu_name, stu_birth, sch_code, grade, enrol_date, leave_date, upd_ts)
        SELECT CASE WHEN NOT r.showcase AND r.n % 41 = 17 THEN NULL
                    WHEN r.n % 53 = 7 THEN translate(r.national_id, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 'ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ０１２３４５６７８９')
                    ELSE r.national_id END,
               r.name, ${rocSql('r.birth_date')}, r.school,
               CASE WHEN NOT r.showcase AND r.n % 67 = 13 AND r.part = 0 THEN 'K' || substr(r.code, 2) ELSE r.code END,
               CASE WHEN NOT r.showcase AND r.n % 61 = 11 AND r.part = 0 THEN (extract(year FROM r.enrolled)::int - 1911)::text || '/02/30'
                    ELSE ${rocSql('r.enrolled')} END,
               CASE WHEN r.left_on IS NOT NULL THEN ${rocSql('r.left_on')} END,
               timestamptz '2024-04-01' + (r.n * 2 + r.part) * interval '1 minute'
        FROM rows r, generate_series(1, CASE WHEN r.n % 71 = 19 AND r.part = 0 THEN 2 ELSE 1 END)
        ORDER BY r.n, r.part`);
      return rowCount ?? 0;
    },
  });
}

/** A day of the registers' work: children return to school, enrolments are re-exported; each change stamped now. */
export async function changeEducationSource(databaseUrl: string, share: number): Promise<number> {
  const returned = await changeAgencyRows(databaseUrl, share, {
    table: 'agency_education.drop_register',
    key: 'row_id',
    set: `upd_ts = clock_timestamp(), back_date = coalesce(back_date, (extract(year FROM current_date)::int - 1911)::text || to_char(current_date, '/MM/DD'))`,
  });
  const reExported = await changeAgencyRows(databaseUrl, share, { table: 'agency_education.enrol_register', key: 'row_id', set: 'upd_ts = clock_timestamp()' });
  return returned + reExported;
}
