// The education indicator, school referrals to counselling that opened a
// case, counted from the connector's indicator buckets (migration
// 20261126000100_indicator_buckets, refreshed after each sync), and the
// dropout cohort it publishes for cross-agency indicators.
import { prisma } from '../../src/db/prisma.ts';
import type { CohortMember } from '../kit/cohort.ts';
import { viewBucketCounts } from '../kit/indicator-buckets.ts';
import type { IndicatorCounts } from '../kit/indicators.ts';
import type { DayCounts } from '../../src/indicators/day-ranges.ts';

export const educationIndicatorCounts: IndicatorCounts = viewBucketCounts('education');

/** Over a range of days, city-wide: dropout episodes started and referred to counselling, and those that opened a case, from the records (and persons) the buckets count. */
export const educationDayCounts: DayCounts = async (fromDate, toDate) => {
  const [row] = await prisma().$queryRaw<{ opened: bigint; referred: bigint }[]>`
    SELECT count(*) FILTER (WHERE e.case_opened) AS opened, count(*) AS referred
      FROM education.dropout_episode e JOIN core.person p ON p.id = e.person_id
     WHERE e.referred_to_counselling AND e.started_on >= ${fromDate}::date AND e.started_on <= ${toDate}::date`;
  return new Map([['SCHOOL_REFERRALS_OPENED', { numerator: Number(row!.opened), denominator: Number(row!.referred) }]]);
};

/** The cohort education publishes for cross-agency indicators: persons in a dropout episode at any time in the year, with the months it spans. */
export async function dropoutCohort(year: number): Promise<CohortMember[]> {
  const rows = await prisma().$queryRaw<{ personId: number; firstMonth: string; lastMonth: string | null }[]>`
    SELECT person_id AS "personId", to_char(date_trunc('month', started_on), 'YYYY-MM-DD') AS "firstMonth",
           to_char(date_trunc('month', returned_on), 'YYYY-MM-DD') AS "lastMonth"
    FROM education.dropout_episode
    WHERE started_on < make_date(${year + 1}::int, 1, 1) AND (returned_on IS NULL OR returned_on >= make_date(${year}::int, 1, 1))`;
  return rows;
}
