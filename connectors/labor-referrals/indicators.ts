// The labor indicator, vocational rehabilitation of persons with a mental
// disability referred in the period and how many were placed in employment,
// counted from the connector's indicator buckets (migration
// 20261126000100_indicator_buckets, refreshed after each sync).
import { prisma } from '../../src/db/prisma.ts';
import { countsByRange, rangeArrays, type DayCounts } from '../../src/indicators/day-ranges.ts';
import { viewBucketCounts } from '../kit/indicator-buckets.ts';
import type { IndicatorCounts } from '../kit/indicators.ts';

export const laborIndicatorCounts: IndicatorCounts = viewBucketCounts('labor');

/**
 * Over a range of days, city-wide: such referrals and those placed, from the
 * records (and the published persons) the buckets count, so in a database of
 * its own too.
 */
export const laborDayCounts: DayCounts = async (ranges) => {
  const { indexes, froms, tos } = rangeArrays(ranges);
  const rows = await prisma().$queryRaw<{ i: number; indicator: string; numerator: bigint; denominator: bigint }[]>`
    SELECT r.i, 'VOCATIONAL_REHABILITATION_EMPLOYMENT' AS indicator, count(*) FILTER (WHERE x.outcome = 'PLACED') AS numerator, count(*) AS denominator
      FROM unnest(${indexes}::int[], ${froms}::date[], ${tos}::date[]) AS r(i, from_d, to_d)
      JOIN labor.referral x ON x.kind = 'VOCATIONAL_REHABILITATION' AND x.mental_disability AND x.referred_on >= r.from_d AND x.referred_on <= r.to_d
      JOIN published.person p ON p.id = x.person_id
     GROUP BY 1`;
  return countsByRange(ranges, rows);
};
