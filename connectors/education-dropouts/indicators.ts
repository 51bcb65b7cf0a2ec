// The education indicator, school referrals to counselling that opened a
// case, counted from the connector's indicator buckets (migration
// 20261126000100_indicator_buckets, refreshed after each sync), and the
// dropout cohort it publishes for cross-agency indicators.
import { prisma } from '../../src/db/prisma.ts';
import type { CohortMember } from '../kit/cohort.ts';
import { viewBucketCounts } from '../kit/indicator-buckets.ts';
import type { IndicatorCounts } from '../kit/indicators.ts';

export const educationIndicatorCounts: IndicatorCounts = viewBucketCounts('education');

/** The cohort education publishes for cross-agency indicators: persons in a dropout episode at any time in the year, with the months it spans. */
export async function dropoutCohort(year: number): Promise<CohortMember[]> {
  const rows = await prisma().$queryRaw<{ personId: number; firstMonth: string; lastMonth: string | null }[]>`
    SELECT person_id AS "personId", to_char(date_trunc('month', started_on), 'YYYY-MM-DD') AS "firstMonth",
           to_char(date_trunc('month', returned_on), 'YYYY-MM-DD') AS "lastMonth"
    FROM education.dropout_episode
    WHERE started_on < make_date(${year + 1}::int, 1, 1) AND (returned_on IS NULL OR returned_on >= make_date(${year}::int, 1, 1))`;
  return rows;
}
