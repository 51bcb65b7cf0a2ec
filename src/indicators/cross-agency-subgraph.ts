// The cross-agency subgraph: indicators of the case work (core records)
// over a cohort another agency's subgraph publishes. It extends
// IndicatorReport with @requires on the sealed cohort, so the gateway
// fetches the cohort from its owner and hands it here; the caller sees only
// the protected counts. Today: vulnerable families with a member in a
// dropout episode (the education subgraph's cohort).
import { cohortArrays, type CohortMember } from '../../connectors/kit/cohort.ts';
import { countRow, extendIndicatorReport, periodArrays } from '../../connectors/kit/indicators.ts';
import { createSubgraphBuilder } from '../../connectors/kit/subgraph-builder.ts';
import { prisma } from '../db/prisma.ts';
import { coreRowRelations } from '../graph/row-relations.ts';
import { enforcePolicy } from '../policy/enforce.ts';
import type { PolicyTable } from '../policy/types.ts';
import { CROSS_AGENCY_SUBGRAPH } from './catalogue.ts';
import { campaignArrays, rateCampaignCounts, type CampaignDays } from './campaign-stocks.ts';
import { keptCohortCampaignCounts, keptCohortCounts } from './counts-cache.ts';
import { CROSS_AGENCY_DAY_VALUE_TYPE, CROSS_AGENCY_VALUE_TYPE, dayRangePolicy, indicatorPolicy } from './graphql-types.ts';
import type { Period } from './period.ts';
import type { CountRow } from './year-cube.ts';

/**
 * Vulnerable-family cases in service in each period, and how many of their
 * families had a member (by membership during the period) in a dropout
 * episode overlapping it; per district of the case.
 */
export async function vulnerableFamiliesWithDropoutCounts(periods: Period[], cohort: CohortMember[]): Promise<CountRow[]> {
  const { keys, froms, tos } = periodArrays(periods);
  const { ids, firsts, lasts } = cohortArrays(cohort);
  const rows = await prisma().$queryRaw<{ period: string; district: string | null; numerator: bigint; denominator: bigint }[]>`
    WITH p AS (SELECT * FROM unnest(${keys}::text[], ${froms}::date[], ${tos}::date[]) AS p(key, from_d, to_d)),
    dropout AS (SELECT * FROM unnest(${ids}::int[], ${firsts}::date[], ${lasts}::date[]) AS d(person_id, first_day, last_day)),
    dropout_families AS (
      SELECT m.family_id, d.first_day, d.last_day, m.start_date, m.end_date
      FROM dropout d JOIN core.family_membership m ON m.person_id = d.person_id),
    served AS (
      SELECT DISTINCT p.key, p.from_d, p.to_d, c.family_id, c.district_code
      FROM p JOIN core."case" c ON c.kind = 'VULNERABLE_FAMILY' AND c.opened_on < p.to_d AND (c.closed_on IS NULL OR c.closed_on >= p.from_d)),
    -- Joined by family (hash join), not probed per served family: the cohort has no index.
    hits AS (
      SELECT DISTINCT s.key, s.family_id, s.district_code FROM served s JOIN dropout_families df ON df.family_id = s.family_id
      WHERE df.first_day < s.to_d AND (df.last_day IS NULL OR df.last_day >= s.from_d)
        AND df.start_date < s.to_d AND (df.end_date IS NULL OR df.end_date >= s.from_d))
    SELECT s.key AS period, s.district_code AS district, count(*) AS denominator, count(h.family_id) AS numerator
    FROM served s LEFT JOIN hits h ON h.key = s.key AND h.family_id = s.family_id AND h.district_code IS NOT DISTINCT FROM s.district_code
    GROUP BY 1, 2`;
  return rows.map(countRow('VULNERABLE_FAMILIES_WITH_DROPOUT'));
}

/**
 * The same over each campaign's days: vulnerable-family cases in service on
 * any of them, and how many of their families had a member (by membership on
 * those days) in a dropout episode overlapping them. One statement.
 */
export async function vulnerableFamiliesWithDropoutOverCampaigns(campaigns: readonly CampaignDays[], cohort: CohortMember[]): Promise<Map<string, number>> {
  if (campaigns.length === 0) return new Map();
  const k = campaignArrays(campaigns);
  const { ids, firsts, lasts } = cohortArrays(cohort);
  const rows = await prisma().$queryRaw<{ campaign: number; district: string | null; numerator: bigint; denominator: bigint }[]>`
    WITH k AS (SELECT * FROM unnest(${k.ids}::int[], ${k.froms}::date[], ${k.tos}::date[]) AS k(id, from_d, to_d)),
    dropout AS (SELECT * FROM unnest(${ids}::int[], ${firsts}::date[], ${lasts}::date[]) AS d(person_id, first_day, last_day)),
    dropout_families AS (
      SELECT m.family_id, d.first_day, d.last_day, m.start_date, m.end_date
      FROM dropout d JOIN core.family_membership m ON m.person_id = d.person_id),
    served AS (
      SELECT DISTINCT k.id, k.from_d, k.to_d, c.family_id, c.district_code
      FROM k JOIN core."case" c ON c.kind = 'VULNERABLE_FAMILY' AND c.opened_on <= k.to_d AND (c.closed_on IS NULL OR c.closed_on >= k.from_d)),
    hits AS (
      SELECT DISTINCT s.id, s.family_id, s.district_code FROM served s JOIN dropout_families df ON df.family_id = s.family_id
      WHERE df.first_day <= s.to_d AND (df.last_day IS NULL OR df.last_day >= s.from_d)
        AND df.start_date <= s.to_d AND (df.end_date IS NULL OR df.end_date >= s.from_d))
    SELECT s.id AS campaign, s.district_code AS district, count(*) AS denominator, count(h.family_id) AS numerator
    FROM served s LEFT JOIN hits h ON h.id = s.id AND h.family_id = s.family_id AND h.district_code IS NOT DISTINCT FROM s.district_code
    GROUP BY 1, 2`;
  return rateCampaignCounts('VULNERABLE_FAMILIES_WITH_DROPOUT', rows);
}

const builder = createSubgraphBuilder();
builder.queryType({ description: 'No entry points of its own: this subgraph adds cross-agency indicators to IndicatorReport.' });

extendIndicatorReport(builder, {
  subgraph: CROSS_AGENCY_SUBGRAPH,
  valueTypeName: CROSS_AGENCY_VALUE_TYPE,
  dayRangeValueTypeName: CROSS_AGENCY_DAY_VALUE_TYPE,
  crossAgency: {
    field: 'crossAgencyIndicators', owner: CROSS_AGENCY_SUBGRAPH, cohortField: 'dropoutCohort', counts: keptCohortCounts('cross-agency:dropout', ['cases', 'families'], vulnerableFamiliesWithDropoutCounts),
    campaignCounts: keptCohortCampaignCounts('cross-agency:dropout:campaigns', ['cases', 'families'], vulnerableFamiliesWithDropoutOverCampaigns),
    description: 'Cross-agency: vulnerable families in service with a member in a dropout episode (from the education subgraph, through the gateway).',
  },
});

export const crossAgencyPolicy: PolicyTable = {
  ...indicatorPolicy(['key', 'dropoutCohort', 'crossAgencyIndicators'], CROSS_AGENCY_VALUE_TYPE),
  ...dayRangePolicy(['key', 'dropoutCohort', 'crossAgencyIndicators'], CROSS_AGENCY_DAY_VALUE_TYPE),
};

export const crossAgencySchema = enforcePolicy(
  builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6', federationDirectives: ['@key', '@extends', '@external', '@shareable', '@requires'] }),
  crossAgencyPolicy,
  coreRowRelations,
);
