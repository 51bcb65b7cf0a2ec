// The case-work indicators, aggregated in SQL from the core records for
// many periods at once: cases in service, contacts of vulnerable-family
// cases by kind, and intakes (triage within 24 hours, protective
// re-reports), each per period and district. Three statements, whatever the
// number of periods or the size of the city.
import { periodArrays } from '../../connectors/kit/indicators.ts';
import { prisma } from '../db/prisma.ts';
import type { Period } from './period.ts';
import type { CountRow } from './year-cube.ts';

const PROTECTIVE_KINDS = ['CHILD_PROTECTION', 'ADULT_PROTECTION', 'SEXUAL_ASSAULT'];

type Row = { period: string; indicator: string; district: string | null; numerator: bigint };

export async function caseIndicatorCounts(periods: Period[]): Promise<CountRow[]> {
  const { keys, froms, tos } = periodArrays(periods);
  const [cases, contacts, intakes] = await Promise.all([
    // A case counts in every period it was open in.
    prisma().$queryRaw<Row[]>`
      SELECT p.key AS period, CASE WHEN c.kind = 'VULNERABLE_FAMILY' THEN 'VULNERABLE_FAMILY_SERVICES' ELSE 'CASES_' || c.kind::text END AS indicator,
             c.district_code AS district, count(*) AS numerator
      FROM unnest(${keys}::text[], ${froms}::date[], ${tos}::date[]) AS p(key, from_d, to_d)
      JOIN core."case" c ON c.opened_on < p.to_d AND (c.closed_on IS NULL OR c.closed_on >= p.from_d)
      GROUP BY 1, 2, 3`,
    prisma().$queryRaw<Row[]>`
      SELECT p.key AS period, 'VULNERABLE_FAMILY_CONTACTS_' || sc.kind::text AS indicator, c.district_code AS district, count(*) AS numerator
      FROM unnest(${keys}::text[], ${froms}::date[], ${tos}::date[]) AS p(key, from_d, to_d)
      JOIN core.service_contact sc ON sc.contacted_on >= p.from_d AND sc.contacted_on < p.to_d
      JOIN core."case" c ON c.id = sc.case_id AND c.kind = 'VULNERABLE_FAMILY'
      GROUP BY 1, 2, 3`,
    // Periods are calendar days in Taipei time, as the agencies count them.
    prisma().$queryRaw<{ period: string; district: string | null; received: bigint; triaged: bigint; protective: bigint; re_reports: bigint }[]>`
      SELECT p.key AS period, f.district_code AS district, count(*) AS received,
             count(*) FILTER (WHERE i.triaged_at <= i.received_at + interval '24 hours') AS triaged,
             count(*) FILTER (WHERE i.kind::text = ANY(${PROTECTIVE_KINDS})) AS protective,
             count(*) FILTER (WHERE i.kind::text = ANY(${PROTECTIVE_KINDS}) AND i.re_report) AS re_reports
      FROM unnest(${keys}::text[], ${froms}::date[], ${tos}::date[]) AS p(key, from_d, to_d)
      JOIN core.intake i ON i.received_at >= p.from_d::timestamp AT TIME ZONE 'Asia/Taipei' AND i.received_at < p.to_d::timestamp AT TIME ZONE 'Asia/Taipei'
      LEFT JOIN core.family f ON f.id = i.family_id
      GROUP BY 1, 2`,
  ]);
  const counted = (row: Row): CountRow => ({ period: row.period, indicator: row.indicator, district: row.district, numerator: Number(row.numerator), denominator: null });
  return [
    ...cases.map(counted),
    ...contacts.map(counted),
    ...intakes.flatMap((r): CountRow[] => [
      { period: r.period, indicator: 'INTAKE_TRIAGED_WITHIN_24H', district: r.district, numerator: Number(r.triaged), denominator: Number(r.received) },
      { period: r.period, indicator: 'PROTECTIVE_RE_REPORT_RATE', district: r.district, numerator: Number(r.re_reports), denominator: Number(r.protective) },
    ]),
  ];
}
