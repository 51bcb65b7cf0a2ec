// The labor indicator, aggregated in SQL from the connector's own records per
// period and district: vocational rehabilitation of persons with a mental
// disability referred in the period, and how many were placed in employment.
import type { Period } from '../../src/indicators/period.ts';
import { prisma } from '../../src/db/prisma.ts';
import { countRow, periodArrays, type IndicatorCounts } from '../kit/indicators.ts';

export const laborIndicatorCounts: IndicatorCounts = async (periods: Period[]) => {
  const { keys, froms, tos } = periodArrays(periods);
  const rows = await prisma().$queryRaw<{ period: string; district: string | null; numerator: bigint; denominator: bigint }[]>`
    SELECT p.key AS period, pe.district_code AS district, count(*) FILTER (WHERE r.outcome = 'PLACED') AS numerator, count(*) AS denominator
    FROM unnest(${keys}::text[], ${froms}::date[], ${tos}::date[]) AS p(key, from_d, to_d)
    JOIN labor.referral r ON r.kind = 'VOCATIONAL_REHABILITATION' AND r.mental_disability AND r.referred_on >= p.from_d AND r.referred_on < p.to_d
    JOIN core.person pe ON pe.id = r.person_id
    GROUP BY 1, 2`;
  return rows.map(countRow('VOCATIONAL_REHABILITATION_EMPLOYMENT'));
};
