// The welfare indicators, aggregated in SQL from the connector's own records
// per district (of the person's household in the master person index):
// development-account deposit rate, follow-up visits to households that did
// not deposit, and the disability needs-assessment visit rate.
import { prisma } from '../../src/db/prisma.ts';
import type { Period } from '../../src/indicators/period.ts';
import { districtCount, type IndicatorCounts } from '../kit/indicators.ts';

type Row = { district: string | null; numerator: bigint; denominator: bigint | null };

export const welfareIndicatorCounts: IndicatorCounts = async ({ from, to }: Period) => {
  const [deposits, followups, assessments] = await Promise.all([
    prisma().$queryRaw<Row[]>`
      SELECT p.district_code AS district, count(*) FILTER (WHERE d.amount > 0) AS numerator, count(*) AS denominator
      FROM welfare.development_account_deposit d JOIN core.person p ON p.id = d.person_id
      WHERE d.month >= ${from}::date AND d.month < ${to}::date
      GROUP BY 1`,
    prisma().$queryRaw<Row[]>`
      SELECT p.district_code AS district, count(*) AS numerator, NULL::bigint AS denominator
      FROM welfare.account_followup_visit v JOIN core.person p ON p.id = v.person_id
      WHERE v.visit_date >= ${from}::date AND v.visit_date < ${to}::date
      GROUP BY 1`,
    // Visits in the period over certificates valid at any time in it.
    prisma().$queryRaw<Row[]>`
      SELECT nullif(coalesce(v.district, c.district), '') AS district, coalesce(v.n, 0) AS numerator, coalesce(c.n, 0) AS denominator
      FROM (SELECT coalesce(p.district_code, '') AS district, count(*) AS n FROM welfare.needs_assessment_visit v JOIN core.person p ON p.id = v.person_id
            WHERE v.visit_date >= ${from}::date AND v.visit_date < ${to}::date GROUP BY 1) v
      FULL JOIN (SELECT coalesce(p.district_code, '') AS district, count(*) AS n FROM welfare.disability_certificate c JOIN core.person p ON p.id = c.person_id
            WHERE c.valid_from < ${to}::date AND (c.valid_to IS NULL OR c.valid_to >= ${from}::date) GROUP BY 1) c
        ON v.district = c.district`,
  ]);
  return {
    DEVELOPMENT_ACCOUNT_DEPOSIT_RATE: deposits.map(districtCount),
    DEVELOPMENT_ACCOUNT_FOLLOWUP_VISITS: followups.map(districtCount),
    DISABILITY_NEEDS_ASSESSMENT_VISIT_RATE: assessments.map(districtCount),
  };
};
