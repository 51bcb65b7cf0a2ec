// What the prosecutors' records add to the indicators: the cohort of persons
// released from prison or hospital in a year (the day of release, or of the
// transition's start while the date is not known), published sealed for the
// welfare subgraph's cross-agency indicator.
import { prisma } from '../../src/db/prisma.ts';
import type { CohortMember } from '../kit/cohort.ts';

export async function releaseTransitionCohort(year: number): Promise<CohortMember[]> {
  const rows = await prisma().$queryRaw<{ personId: number; day: string }[]>`
    SELECT person_id AS "personId", to_char(coalesce(release_on, started_on), 'YYYY-MM-DD') AS day
    FROM probation.transition
    WHERE kind IN ('PRISON_RELEASE', 'HOSPITAL_RELEASE')
      AND coalesce(release_on, started_on) >= make_date(${year}::int, 1, 1) AND coalesce(release_on, started_on) < make_date(${year + 1}::int, 1, 1)`;
  return rows.map((r) => ({ personId: r.personId, firstDay: r.day, lastDay: r.day }));
}
