// Re-reports re-derived from the records with SQL of the tests' own, written
// from DOMAIN.md's definition and not from the hub's rule
// (src/domain/re-report.ts), so a test comparing the two checks the rule
// rather than repeating it. A re-report (處遇中再通報): a protective intake
// (child protection, adult protection, sexual assault) about a family that,
// on the Taipei calendar day the intake was received, had a protective case
// in service: opened on an earlier day and not closed before that day.
import { prisma } from '../../src/db/prisma.ts';

const PROTECTIVE = `'{CHILD_PROTECTION,ADULT_PROTECTION,SEXUAL_ASSAULT}'::text[]`;

/** One row per intake: its stored flag, the flag re-derived here, and its Taipei day. */
export const RE_DERIVED_INTAKES = `
  SELECT i.id, i.kind::text AS kind, i.re_report AS stored, date(timezone('Asia/Taipei', i.received_at)) AS taipei_day,
         i.kind::text = ANY(${PROTECTIVE}) AS protective,
         i.kind::text = ANY(${PROTECTIVE}) AND count(c.id) > 0 AS derived
  FROM core.intake i
  LEFT JOIN core."case" c
    ON c.family_id = i.family_id
   AND c.kind::text = ANY(${PROTECTIVE})
   AND c.opened_on < date(timezone('Asia/Taipei', i.received_at))
   AND coalesce(c.closed_on, 'infinity'::date) >= date(timezone('Asia/Taipei', i.received_at))
  GROUP BY i.id`;

export interface ReDerivedIntake {
  id: number;
  kind: string;
  stored: boolean;
  derived: boolean;
}

/** Intakes whose stored flag differs from the re-derived one (none, when the hub's rule is right). */
export async function flagMismatches(): Promise<ReDerivedIntake[]> {
  return prisma().$queryRawUnsafe<ReDerivedIntake[]>(`SELECT id, kind, stored, derived FROM (${RE_DERIVED_INTAKES}) r WHERE stored <> derived ORDER BY id LIMIT 20`);
}

/** Protective intakes received in a calendar year (Taipei days), and how many of them are re-derived re-reports. */
export async function reDerivedYear(year: number): Promise<{ protective: number; reReports: number }> {
  const [row] = await prisma().$queryRawUnsafe<{ protective: bigint; re_reports: bigint }[]>(
    `SELECT count(*) AS protective, count(*) FILTER (WHERE derived) AS re_reports FROM (${RE_DERIVED_INTAKES}) r
     WHERE protective AND taipei_day >= make_date($1, 1, 1) AND taipei_day < make_date($1 + 1, 1, 1)`,
    year,
  );
  return { protective: Number(row!.protective), reReports: Number(row!.re_reports) };
}
