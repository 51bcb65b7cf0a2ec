// Re-report (再通報), as the city reports it: a protective intake about a
// family with a protective case in service that day (處遇中再通報). The rule
// reads only records that exist when the intake is recorded and that later
// work does not change (kinds, the family, the received time, the cases'
// opening and closing dates), so the flag stored at intake (createIntake,
// the demo city's seed) can be re-derived from the records at any time.
//
// - Protective kinds: PROTECTIVE_KINDS below; an intake of another kind is
//   never a re-report, and only a case of a protective kind counts.
// - The intake's day: the Taipei calendar date of its received time, as the
//   agencies count days (and as the indicators bucket intakes).
// - In service that day: opened before that day and not closed before it
//   (closed_on IS NULL OR closed_on >= the day). A case opened on the
//   intake's own day does not count: triage opens a case on the day it
//   screens the report, so the report that opened a case would otherwise
//   read, from the records, as a re-report of its own case.
// - The case's status is not read: it tells the state today, not on the day
//   the intake arrived.
import { Prisma } from '../generated/prisma/client.ts';
import type { CaseKind } from '../generated/prisma/enums.ts';
import { TAIPEI_TIME_ZONE } from './taipei-day.ts';

/** Protective case kinds (保護性案件): child and youth protection, adult protection (domestic violence), sexual assault. */
export const PROTECTIVE_KINDS = ['CHILD_PROTECTION', 'ADULT_PROTECTION', 'SEXUAL_ASSAULT'] as const satisfies readonly CaseKind[];

export function isProtectiveKind(kind: CaseKind): boolean {
  return (PROTECTIVE_KINDS as readonly CaseKind[]).includes(kind);
}

// Constant enum names, written into the SQL as literals so the planner sees the kinds.
const protectiveKindList = Prisma.raw(`(${PROTECTIVE_KINDS.map((kind) => `'${kind}'`).join(', ')})`);

/** The intake's columns (or values) the rule reads, as SQL expressions. */
export interface IntakeTerms {
  kind: Prisma.Sql;
  familyId: Prisma.Sql;
  receivedAt: Prisma.Sql;
}

/** SQL boolean: whether the intake is a re-report. A family of NULL (a report naming no family) is never one. */
export function reReportSql({ kind, familyId, receivedAt }: IntakeTerms): Prisma.Sql {
  const day = Prisma.sql`(${receivedAt} AT TIME ZONE ${Prisma.raw(`'${TAIPEI_TIME_ZONE}'`)})::date`;
  return Prisma.sql`(${kind} IN ${protectiveKindList} AND EXISTS (
    SELECT 1 FROM core."case" served
    WHERE served.family_id = ${familyId} AND served.kind IN ${protectiveKindList}
      AND served.opened_on < ${day} AND (served.closed_on IS NULL OR served.closed_on >= ${day})))`;
}

/** The rule over the stored intake rows, aliased `alias`: for re-deriving or storing the flag in bulk. */
export function storedIntakeReReportSql(alias: string): Prisma.Sql {
  return reReportSql({ kind: Prisma.raw(`${alias}.kind`), familyId: Prisma.raw(`${alias}.family_id`), receivedAt: Prisma.raw(`${alias}.received_at`) });
}

/** One statement: whether an intake about to be recorded is a re-report. */
export async function isReReport(
  db: Pick<Prisma.TransactionClient, '$queryRaw'>,
  intake: { kind: CaseKind; familyId: number | null; receivedAt: Date },
): Promise<boolean> {
  const rule = reReportSql({
    kind: Prisma.sql`${intake.kind}::text`,
    familyId: Prisma.sql`${intake.familyId}::int`,
    receivedAt: Prisma.sql`${intake.receivedAt.toISOString()}::timestamptz`,
  });
  const [row] = await db.$queryRaw<{ re_report: boolean }[]>`SELECT ${rule} AS re_report`;
  return row!.re_report;
}
