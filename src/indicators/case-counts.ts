// The case-work indicators, aggregated in SQL from the core records: cases
// in service, contacts of vulnerable-family cases by kind, and intakes (triage
// within 24 hours, protective re-reports), each per district. Three
// statements per report, whatever the size of the city.
import { prisma } from '../db/prisma.ts';
import type { DistrictCount } from './evaluate.ts';
import type { Period } from './period.ts';

const PROTECTIVE_KINDS = ['CHILD_PROTECTION', 'ADULT_PROTECTION', 'SEXUAL_ASSAULT'];

type Row = { key: string; district: string | null; numerator: bigint; denominator: bigint | null };

function group(rows: Row[]): Record<string, DistrictCount[]> {
  const byId: Record<string, DistrictCount[]> = {};
  for (const row of rows) {
    (byId[row.key] ??= []).push({ district: row.district, numerator: Number(row.numerator), denominator: row.denominator === null ? null : Number(row.denominator) });
  }
  return byId;
}

export async function caseIndicatorCounts(period: Period): Promise<Record<string, DistrictCount[]>> {
  const { from, to } = period;
  const [cases, contacts, intakes] = await Promise.all([
    // A case counts in every period it was open in.
    prisma().$queryRaw<Row[]>`
      SELECT CASE WHEN kind = 'VULNERABLE_FAMILY' THEN 'VULNERABLE_FAMILY_SERVICES' ELSE 'CASES_' || kind::text END AS key,
             district_code AS district, count(*) AS numerator, NULL::bigint AS denominator
      FROM core."case"
      WHERE opened_on < ${to}::date AND (closed_on IS NULL OR closed_on >= ${from}::date)
      GROUP BY 1, 2`,
    prisma().$queryRaw<Row[]>`
      SELECT 'VULNERABLE_FAMILY_CONTACTS_' || sc.kind::text AS key, c.district_code AS district, count(*) AS numerator, NULL::bigint AS denominator
      FROM core.service_contact sc JOIN core."case" c ON c.id = sc.case_id
      WHERE c.kind = 'VULNERABLE_FAMILY' AND sc.contacted_on >= ${from}::date AND sc.contacted_on < ${to}::date
      GROUP BY 1, 2`,
    prisma().$queryRaw<{ district: string | null; received: bigint; triaged: bigint; protective: bigint; re_reports: bigint }[]>`
      SELECT f.district_code AS district, count(*) AS received,
             count(*) FILTER (WHERE i.triaged_at <= i.received_at + interval '24 hours') AS triaged,
             count(*) FILTER (WHERE i.kind::text = ANY(${PROTECTIVE_KINDS})) AS protective,
             count(*) FILTER (WHERE i.kind::text = ANY(${PROTECTIVE_KINDS}) AND i.re_report) AS re_reports
      FROM core.intake i LEFT JOIN core.family f ON f.id = i.family_id
      WHERE i.received_at >= ${from} AND i.received_at < ${to}
      GROUP BY 1`,
  ]);
  return {
    ...group([...cases, ...contacts]),
    INTAKE_TRIAGED_WITHIN_24H: intakes.map((r) => ({ district: r.district, numerator: Number(r.triaged), denominator: Number(r.received) })),
    PROTECTIVE_RE_REPORT_RATE: intakes.map((r) => ({ district: r.district, numerator: Number(r.re_reports), denominator: Number(r.protective) })),
  };
}
