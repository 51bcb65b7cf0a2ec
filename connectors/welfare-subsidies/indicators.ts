// The welfare indicators (development-account deposit rate, follow-up visits
// to households that did not deposit, disability needs-assessment visit
// rate over certificates valid in the period), counted from the connector's
// indicator buckets (migration 20261126000100_indicator_buckets, refreshed
// after each sync).
import { prisma } from '../../src/db/prisma.ts';
import { keptCohortCampaignCounts, keptCohortCounts } from '../../src/indicators/counts-cache.ts';
import type { Period } from '../../src/indicators/period.ts';
import { cohortArrays, type CohortMember } from '../kit/cohort.ts';
import { viewBucketCounts } from '../kit/indicator-buckets.ts';
import { countRow, periodArrays, type CohortCounts, type IndicatorCounts } from '../kit/indicators.ts';
import { countsByRange, rangeArrays, type DayCounts } from '../../src/indicators/day-ranges.ts';
import { campaignArrays, campaignCountsOf, rateCampaignCounts, type CampaignCounts, type CampaignDays } from '../../src/indicators/campaign-stocks.ts';

export const welfareIndicatorCounts: IndicatorCounts = viewBucketCounts('welfare');

/**
 * Over a range of days, city-wide: the follow-up visits, from the records
 * (and persons) the buckets count. The deposit rate is counted per month:
 * it has no day. The needs-assessment rate is over certificates that last:
 * published only over a campaign's days (welfareCampaignCounts).
 */
export const welfareDayCounts: DayCounts = async (ranges) => {
  const { indexes, froms, tos } = rangeArrays(ranges);
  const rows = await prisma().$queryRaw<{ i: number; indicator: string; numerator: bigint; denominator: null }[]>`
    SELECT r.i, 'DEVELOPMENT_ACCOUNT_FOLLOWUP_VISITS' AS indicator, count(*) AS numerator, NULL::bigint AS denominator
      FROM unnest(${indexes}::int[], ${froms}::date[], ${tos}::date[]) AS r(i, from_d, to_d)
      JOIN welfare.account_followup_visit v ON v.visit_date >= r.from_d AND v.visit_date <= r.to_d
      JOIN core.person p ON p.id = v.person_id
     GROUP BY 1`;
  return countsByRange(ranges, rows);
};

/**
 * Over each campaign's days, per district: the needs-assessment visits made
 * in them, and the certificates valid on any of them (as a month's bucket
 * counts a certificate valid on any day of the month). A certificate valid
 * from before the campaign's first month to after its last is valid on every
 * day of it: those are summed from the buckets, with the districts the
 * year's figures have; only the visits and the certificates starting or
 * ending in the campaign's months are looked up (at whole-city scale 3,400
 * persons instead of 29,000: 120 ms instead of 700). One statement.
 */
export const welfareCampaignCounts: CampaignCounts = async (campaigns) => {
  if (campaigns.length === 0) return new Map();
  const { ids, froms, tos } = campaignArrays(campaigns);
  const rows = await prisma().$queryRaw<{ indicator: string; measure: string; campaign: number; district: string | null; n: bigint }[]>`
    WITH k AS (
      SELECT id, from_d, to_d, date_trunc('month', from_d)::date AS first_month, (date_trunc('month', to_d) + interval '1 month')::date AS after_month
        FROM unnest(${ids}::int[], ${froms}::date[], ${tos}::date[]) AS k(id, from_d, to_d)),
    throughout AS (
      SELECT k.id AS campaign, b.district, sum(b.n) AS n FROM k JOIN welfare.indicator_buckets b
          ON b.indicator = 'DISABILITY_NEEDS_ASSESSMENT_VISIT_RATE' AND b.measure = 'D'
         AND b.first_month < k.first_month AND (b.last_month IS NULL OR b.last_month >= k.after_month)
       GROUP BY 1, 2),
    looked_up AS (
      SELECT k.id AS campaign, 'N' AS measure, v.person_id FROM k JOIN welfare.needs_assessment_visit v ON v.visit_date >= k.from_d AND v.visit_date <= k.to_d
      UNION ALL
      SELECT k.id, 'D', c.person_id FROM k JOIN welfare.disability_certificate c ON c.valid_from <= k.to_d AND (c.valid_to IS NULL OR c.valid_to >= k.from_d)
         AND NOT (c.valid_from < k.first_month AND (c.valid_to IS NULL OR c.valid_to >= k.after_month))),
    counted AS (
      SELECT l.measure, l.campaign, p.district_code AS district, count(*) AS n FROM looked_up l JOIN core.person p ON p.id = l.person_id GROUP BY 1, 2, 3
      UNION ALL
      SELECT 'D', campaign, district, n FROM throughout)
    SELECT 'DISABILITY_NEEDS_ASSESSMENT_VISIT_RATE' AS indicator, measure, campaign, district, sum(n)::bigint AS n FROM counted GROUP BY 2, 3, 4`;
  return campaignCountsOf(rows);
};

/**
 * Cross-agency: of the families with a member released in the period (the
 * probation subgraph's cohort, carried sealed by the gateway), those with a
 * member holding low- or middle-low-income status at any time in the
 * period; per district of the family. Families come from the master person
 * index's memberships at the month of release. Kept while nothing it counts
 * changes (src/indicators/counts-cache.ts).
 */
export const releaseFamiliesOnWelfareCounts: CohortCounts = keptCohortCounts('welfare:release-families', ['families'], async (periods: Period[], cohort: CohortMember[]) => {
  const { keys, froms, tos } = periodArrays(periods);
  const { ids, firsts } = cohortArrays(cohort);
  const rows = await prisma().$queryRaw<{ period: string; district: string | null; numerator: bigint; denominator: bigint }[]>`
    WITH released AS (SELECT person_id, day, date_trunc('month', day)::date AS month FROM unnest(${ids}::int[], ${firsts}::date[]) AS r(person_id, day)),
    families AS (
      SELECT DISTINCT m.family_id, r.day FROM released r
      JOIN core.family_membership m ON m.person_id = r.person_id
       AND m.start_date < (r.month + interval '1 month') AND (m.end_date IS NULL OR m.end_date >= r.month)),
    p AS (SELECT * FROM unnest(${keys}::text[], ${froms}::date[], ${tos}::date[]) AS p(key, from_d, to_d)),
    in_period AS (SELECT DISTINCT p.key, p.from_d, p.to_d, f.family_id FROM p JOIN families f ON f.day >= p.from_d AND f.day < p.to_d)
    SELECT ip.key AS period, fam.district_code AS district,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM core.family_membership mm JOIN welfare.status s ON s.person_id = mm.person_id
             WHERE mm.family_id = ip.family_id AND s.valid_from < ip.to_d AND (s.valid_to IS NULL OR s.valid_to >= ip.from_d))) AS numerator,
           count(*) AS denominator
    FROM in_period ip JOIN core.family fam ON fam.id = ip.family_id
    GROUP BY 1, 2`;
  return rows.map(countRow('RELEASE_TRANSITION_FAMILIES_ON_WELFARE'));
});

/**
 * The same over each campaign's days: families with a member released on
 * one of them (by membership at the month of release), and those with a
 * member holding low- or middle-low-income status on any of them. One
 * statement, kept while nothing it counts changes.
 */
export const releaseFamiliesOnWelfareOverCampaigns = keptCohortCampaignCounts('welfare:release-families:campaigns', ['families'], async (campaigns: readonly CampaignDays[], cohort: CohortMember[]) => {
  const k = campaignArrays(campaigns);
  const { ids, firsts } = cohortArrays(cohort);
  const rows = await prisma().$queryRaw<{ campaign: number; district: string | null; numerator: bigint; denominator: bigint }[]>`
    WITH k AS (SELECT * FROM unnest(${k.ids}::int[], ${k.froms}::date[], ${k.tos}::date[]) AS k(id, from_d, to_d)),
    released AS (SELECT person_id, day, date_trunc('month', day)::date AS month FROM unnest(${ids}::int[], ${firsts}::date[]) AS r(person_id, day)),
    families AS (
      SELECT DISTINCT m.family_id, r.day FROM released r
      JOIN core.family_membership m ON m.person_id = r.person_id
       AND m.start_date < (r.month + interval '1 month') AND (m.end_date IS NULL OR m.end_date >= r.month)),
    in_campaign AS (SELECT DISTINCT k.id, k.from_d, k.to_d, f.family_id FROM k JOIN families f ON f.day >= k.from_d AND f.day <= k.to_d)
    SELECT ic.id AS campaign, fam.district_code AS district,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM core.family_membership mm JOIN welfare.status s ON s.person_id = mm.person_id
             WHERE mm.family_id = ic.family_id AND s.valid_from <= ic.to_d AND (s.valid_to IS NULL OR s.valid_to >= ic.from_d))) AS numerator,
           count(*) AS denominator
    FROM in_campaign ic JOIN core.family fam ON fam.id = ic.family_id
    GROUP BY 1, 2`;
  return rateCampaignCounts('RELEASE_TRANSITION_FAMILIES_ON_WELFARE', rows);
});
