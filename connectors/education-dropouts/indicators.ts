// The education indicator, school referrals to counselling that opened a
// case, counted from the connector's indicator buckets (migration
// 20261126000100_indicator_buckets, refreshed after each sync), and the
// dropout cohort it publishes for cross-agency indicators.
import { prisma } from '../../src/db/prisma.ts';
import type { CohortMember } from '../kit/cohort.ts';
import { viewBucketCounts } from '../kit/indicator-buckets.ts';
import type { IndicatorCounts } from '../kit/indicators.ts';
import { countsByRange, rangeArrays, type DayCounts } from '../../src/indicators/day-ranges.ts';

export const educationIndicatorCounts: IndicatorCounts = viewBucketCounts('education');

/** Over a range of days, city-wide: dropout episodes started and referred to counselling, and those that opened a case, from the records (and persons) the buckets count. */
export const educationDayCounts: DayCounts = async (ranges) => {
  const { indexes, froms, tos } = rangeArrays(ranges);
  const rows = await prisma().$queryRaw<{ i: number; indicator: string; numerator: bigint; denominator: bigint }[]>`
    SELECT r.i, 'SCHOOL_REFERRALS_OPENED' AS indicator, count(*) FILTER (WHERE e.case_opened) AS numerator, count(*) AS denominator
      FROM unnest(${indexes}::int[], ${froms}::date[], ${tos}::date[]) AS r(i, from_d, to_d)
      JOIN education.dropout_episode e ON e.referred_to_counselling AND e.started_on >= r.from_d AND e.started_on <= r.to_d
      JOIN core.person p ON p.id = e.person_id
     GROUP BY 1`;
  return countsByRange(ranges, rows);
};

/** The cohort education publishes for cross-agency indicators: persons in a dropout episode at any time in the year, with the days it spans (to the day of return). */
export async function dropoutCohort(year: number): Promise<CohortMember[]> {
  const rows = await prisma().$queryRaw<{ personId: number; firstDay: string; lastDay: string | null }[]>`
    SELECT person_id AS "personId", to_char(started_on, 'YYYY-MM-DD') AS "firstDay", to_char(returned_on, 'YYYY-MM-DD') AS "lastDay"
    FROM education.dropout_episode
    WHERE started_on < make_date(${year + 1}::int, 1, 1) AND (returned_on IS NULL OR returned_on >= make_date(${year}::int, 1, 1))`;
  return rows;
}
