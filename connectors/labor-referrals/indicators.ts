// The labor indicator, aggregated in SQL from the connector's own records per
// district: vocational rehabilitation of persons with a mental disability
// referred in the period, and how many were placed in employment.
import { prisma } from '../../src/db/prisma.ts';
import type { Period } from '../../src/indicators/period.ts';
import { districtCount, type IndicatorCounts } from '../kit/indicators.ts';

export const laborIndicatorCounts: IndicatorCounts = async ({ from, to }: Period) => {
  const rows = await prisma().$queryRaw<{ district: string | null; numerator: bigint; denominator: bigint }[]>`
    SELECT p.district_code AS district, count(*) FILTER (WHERE r.outcome = 'PLACED') AS numerator, count(*) AS denominator
    FROM labor.referral r JOIN core.person p ON p.id = r.person_id
    WHERE r.kind = 'VOCATIONAL_REHABILITATION' AND r.mental_disability AND r.referred_on >= ${from}::date AND r.referred_on < ${to}::date
    GROUP BY 1`;
  return { VOCATIONAL_REHABILITATION_EMPLOYMENT: rows.map(districtCount) };
};
