// The dropout register for the demo city: school-age children of families
// with cases leave school, most are referred to counselling and almost all
// referrals open a case (the city reports 453 of 457), some return to school.
import { rebuildAgencyTable, rocSql } from '../kit/agency-table.ts';

export async function generateDropoutSource(databaseUrl: string): Promise<number> {
  return rebuildAgencyTable(databaseUrl, {
    schema: 'agency_education',
    table: 'drop_register',
    columns: `
      row_id SERIAL PRIMARY KEY, stu_idno TEXT, stu_name TEXT, stu_birth TEXT, sch_code TEXT, drop_date TEXT, back_date TEXT,
      refer_flag TEXT, open_flag TEXT, upd_ts TIMESTAMPTZ NOT NULL`,
    fill: async (client) => {
      const { rowCount } = await client.query(`
        INSERT INTO agency_education.drop_register (stu_idno, stu_name, stu_birth, sch_code, drop_date, back_date, refer_flag, open_flag, upd_ts)
        SELECT p.national_id, p.name, ${rocSql('p.birth_date')},
               CASE WHEN p.id % 89 = 4 THEN 'X1' ELSE lpad((190000 + p.id % 400)::text, 6, '0') END,
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
