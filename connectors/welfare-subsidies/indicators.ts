// The welfare indicators, aggregated in SQL from the connector's own records
// per period and district (of the person in the master person index):
// development-account deposit rate, follow-up visits to households that did
// not deposit, and the disability needs-assessment visit rate.
import type { Period } from '../../src/indicators/period.ts';
import { prisma } from '../../src/db/prisma.ts';
import { countRow, periodArrays, type IndicatorCounts } from '../kit/indicators.ts';

type Row = { period: string; district: string | null; numerator: bigint; denominator: bigint | null };

export const welfareIndicatorCounts: IndicatorCounts = async (periods: Period[]) => {
  const { keys, froms, tos } = periodArrays(periods);
  const [deposits, followups, assessments] = await Promise.all([
    prisma().$queryRaw<Row[]>`
      SELECT p.key AS period, pe.district_code AS district, count(*) FILTER (WHERE d.amount > 0) AS numerator, count(*) AS denominator
      FROM unnest(${keys}::text[], ${froms}::date[], ${tos}::date[]) AS p(key, from_d, to_d)
      JOIN welfare.development_account_deposit d ON d.month >= p.from_d AND d.month < p.to_d
      JOIN core.person pe ON pe.id = d.person_id
      GROUP BY 1, 2`,
    prisma().$queryRaw<Row[]>`
      SELECT p.key AS period, pe.district_code AS district, count(*) AS numerator, NULL::bigint AS denominator
      FROM unnest(${keys}::text[], ${froms}::date[], ${tos}::date[]) AS p(key, from_d, to_d)
      JOIN welfare.account_followup_visit v ON v.visit_date >= p.from_d AND v.visit_date < p.to_d
      JOIN core.person pe ON pe.id = v.person_id
      GROUP BY 1, 2`,
    // Visits in the period over certificates valid at any time in it.
    prisma().$queryRaw<Row[]>`
      WITH p AS (SELECT * FROM unnest(${keys}::text[], ${froms}::date[], ${tos}::date[]) AS p(key, from_d, to_d)),
      visits AS (
        SELECT p.key, coalesce(pe.district_code, '') AS district, count(*) AS n FROM p
        JOIN welfare.needs_assessment_visit v ON v.visit_date >= p.from_d AND v.visit_date < p.to_d
        JOIN core.person pe ON pe.id = v.person_id GROUP BY 1, 2),
      certificates AS (
        SELECT p.key, coalesce(pe.district_code, '') AS district, count(*) AS n FROM p
        JOIN welfare.disability_certificate c ON c.valid_from < p.to_d AND (c.valid_to IS NULL OR c.valid_to >= p.from_d)
        JOIN core.person pe ON pe.id = c.person_id GROUP BY 1, 2)
      SELECT coalesce(v.key, c.key) AS period, nullif(coalesce(v.district, c.district), '') AS district, coalesce(v.n, 0) AS numerator, coalesce(c.n, 0) AS denominator
      FROM visits v FULL JOIN certificates c ON v.key = c.key AND v.district = c.district`,
  ]);
  return [
    ...deposits.map(countRow('DEVELOPMENT_ACCOUNT_DEPOSIT_RATE')),
    ...followups.map(countRow('DEVELOPMENT_ACCOUNT_FOLLOWUP_VISITS')),
    ...assessments.map(countRow('DISABILITY_NEEDS_ASSESSMENT_VISIT_RATE')),
  ];
};
