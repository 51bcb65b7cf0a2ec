// The education indicator, aggregated in SQL from the connector's own
// records per district: school referrals to counselling that opened a case.
import { prisma } from '../../src/db/prisma.ts';
import type { Period } from '../../src/indicators/period.ts';
import { districtCount, type IndicatorCounts } from '../kit/indicators.ts';

export const educationIndicatorCounts: IndicatorCounts = async ({ from, to }: Period) => {
  const rows = await prisma().$queryRaw<{ district: string | null; numerator: bigint; denominator: bigint }[]>`
    SELECT p.district_code AS district, count(*) FILTER (WHERE e.case_opened) AS numerator, count(*) AS denominator
    FROM education.dropout_episode e JOIN core.person p ON p.id = e.person_id
    WHERE e.referred_to_counselling AND e.started_on >= ${from}::date AND e.started_on < ${to}::date
    GROUP BY 1`;
  return { SCHOOL_REFERRALS_OPENED: rows.map(districtCount) };
};
