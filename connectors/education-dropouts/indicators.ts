// The education indicator, aggregated in SQL from the connector's own
// records per period and district: school referrals to counselling that
// opened a case.
import type { Period } from '../../src/indicators/period.ts';
import { prisma } from '../../src/db/prisma.ts';
import { countRow, periodArrays, type IndicatorCounts } from '../kit/indicators.ts';

export const educationIndicatorCounts: IndicatorCounts = async (periods: Period[]) => {
  const { keys, froms, tos } = periodArrays(periods);
  const rows = await prisma().$queryRaw<{ period: string; district: string | null; numerator: bigint; denominator: bigint }[]>`
    SELECT p.key AS period, pe.district_code AS district, count(*) FILTER (WHERE e.case_opened) AS numerator, count(*) AS denominator
    FROM unnest(${keys}::text[], ${froms}::date[], ${tos}::date[]) AS p(key, from_d, to_d)
    JOIN education.dropout_episode e ON e.referred_to_counselling AND e.started_on >= p.from_d AND e.started_on < p.to_d
    JOIN core.person pe ON pe.id = e.person_id
    GROUP BY 1, 2`;
  return rows.map(countRow('SCHOOL_REFERRALS_OPENED'));
};
