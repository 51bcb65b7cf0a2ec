// The labor indicator, vocational rehabilitation of persons with a mental
// disability referred in the period and how many were placed in employment,
// counted from the connector's indicator buckets (migration
// 20261126000100_indicator_buckets, refreshed after each sync).
import { prisma } from '../../src/db/prisma.ts';
import type { DayCounts } from '../../src/indicators/day-ranges.ts';
import { viewBucketCounts } from '../kit/indicator-buckets.ts';
import type { IndicatorCounts } from '../kit/indicators.ts';

export const laborIndicatorCounts: IndicatorCounts = viewBucketCounts('labor');

/**
 * Over a range of days, city-wide: such referrals and those placed, from the
 * records (and the published persons) the buckets count, so in a database of
 * its own too.
 */
export const laborDayCounts: DayCounts = async (fromDate, toDate) => {
  const [row] = await prisma().$queryRaw<{ placed: bigint; referred: bigint }[]>`
    SELECT count(*) FILTER (WHERE r.outcome = 'PLACED') AS placed, count(*) AS referred
      FROM labor.referral r JOIN published.person p ON p.id = r.person_id
     WHERE r.kind = 'VOCATIONAL_REHABILITATION' AND r.mental_disability AND r.referred_on >= ${fromDate}::date AND r.referred_on <= ${toDate}::date`;
  return new Map([['VOCATIONAL_REHABILITATION_EMPLOYMENT', { numerator: Number(row!.placed), denominator: Number(row!.referred) }]]);
};
