// The case-work indicators, counted live from the core records (case work
// is written all day, so no materialized view): cases in service,
// contacts of vulnerable-family cases by kind, and intakes (triage within
// 24 hours, protective re-reports), bucketed per district and month span
// (connectors/kit/indicator-buckets.ts), one statement per part for any
// number of periods, each part kept while no change to what it counts in the
// years asked for commits (counts-cache.ts).
import { bucketCounts } from '../../connectors/kit/indicator-buckets.ts';
import { PROTECTIVE_KINDS } from '../domain/re-report.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { keptParts } from './counts-cache.ts';
import type { Period } from './period.ts';
import type { CountRow } from './year-cube.ts';

const month = (column: string) => Prisma.raw(`date_trunc('month', ${column})::date`);
// Intakes are dated in Taipei time, as the agencies count days.
const intakeMonth = month(`i.received_at AT TIME ZONE 'Asia/Taipei'`);

/** The first day of the earliest period and the day after the last: the range every part reads. */
function rangeOf(periods: Period[]): { from: string; to: string } {
  const from = new Date(Math.min(...periods.map((p) => p.from.getTime()))).toISOString().slice(0, 10);
  const to = new Date(Math.max(...periods.map((p) => p.to.getTime()))).toISOString().slice(0, 10);
  return { from, to };
}

/** Cases in service by kind: a case counts in every period it was open in. */
function countCasesInService(periods: Period[]): Promise<CountRow[]> {
  const { from, to } = rangeOf(periods);
  // Spans are clipped to the periods asked for (which changes no overlap), so years-old open cases fall into few buckets.
  return bucketCounts(Prisma.sql`
    SELECT CASE WHEN c.kind = 'VULNERABLE_FAMILY' THEN 'VULNERABLE_FAMILY_SERVICES' ELSE 'CASES_' || c.kind::text END AS indicator, 'N' AS measure,
           c.district_code AS district, greatest(${month('c.opened_on')}, ${from}::date) AS first_month,
           CASE WHEN c.closed_on < ${to}::date THEN ${month('c.closed_on')} END AS last_month, count(*) AS n
    FROM core."case" c
    WHERE c.opened_on < ${to}::date AND (c.closed_on IS NULL OR c.closed_on >= ${from}::date)
    GROUP BY 1, 3, 4, 5`, periods);
}

/** Contacts of vulnerable-family cases by kind, in the district of the case. */
function countContacts(periods: Period[]): Promise<CountRow[]> {
  const { from, to } = rangeOf(periods);
  return bucketCounts(Prisma.sql`
    SELECT 'VULNERABLE_FAMILY_CONTACTS_' || sc.kind::text AS indicator, 'N' AS measure, c.district_code AS district,
           ${month('sc.contacted_on')} AS first_month, ${month('sc.contacted_on')} AS last_month, count(*) AS n
    FROM core.service_contact sc JOIN core."case" c ON c.id = sc.case_id AND c.kind = 'VULNERABLE_FAMILY'
    WHERE sc.contacted_on >= ${from}::date AND sc.contacted_on < ${to}::date
    GROUP BY 1, 3, 4`, periods);
}

/** Intakes: triage within 24 hours, protective re-reports; in the family's district. */
function countIntakes(periods: Period[]): Promise<CountRow[]> {
  const { from, to } = rangeOf(periods);
  // The family's district looked up by key per intake (OFFSET 0 keeps it a lookup): a hash join would read every family of the city.
  return bucketCounts(Prisma.sql`
    SELECT m.indicator, m.measure, f.district_code AS district, ${intakeMonth} AS first_month, ${intakeMonth} AS last_month, count(*) AS n
    FROM core.intake i LEFT JOIN LATERAL (SELECT district_code FROM core.family WHERE id = i.family_id OFFSET 0) f ON true
    CROSS JOIN LATERAL (VALUES
      ('INTAKE_TRIAGED_WITHIN_24H', 'D', true),
      ('INTAKE_TRIAGED_WITHIN_24H', 'N', i.triaged_at <= i.received_at + interval '24 hours'),
      ('PROTECTIVE_RE_REPORT_RATE', 'D', i.kind::text = ANY(${PROTECTIVE_KINDS})),
      ('PROTECTIVE_RE_REPORT_RATE', 'N', i.kind::text = ANY(${PROTECTIVE_KINDS}) AND i.re_report)
    ) AS m(indicator, measure, counted)
    WHERE m.counted AND i.received_at >= ${from}::timestamp AT TIME ZONE 'Asia/Taipei' AND i.received_at < ${to}::timestamp AT TIME ZONE 'Asia/Taipei'
    GROUP BY 1, 2, 3, 4`, periods);
}

// Three parts, each kept until a change to what it counts commits (counts-cache.ts): a contact,
// the change case work makes most often, has only the contacts counted again.
/** The case-work counts of any periods, counted live and kept while nothing they count changes. */
export const caseIndicatorCounts = keptParts([
  { name: 'case-work:cases', records: ['cases'], count: countCasesInService },
  { name: 'case-work:contacts', records: ['contacts', 'cases'], count: countContacts },
  { name: 'case-work:intakes', records: ['intakes', 'families'], count: countIntakes },
]);
