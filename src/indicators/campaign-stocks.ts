// Cases in service over a campaign's days (the Lunar New Year care project,
// 10 January – 16 February): a case open on any day of the campaign is one
// case of it. Unlike counts of events, such figures over any ranges of days
// an analyst might ask would tell more than the year's months do (how many of
// the city's cases opened in one month and closed in another, which no
// spreading over the days can hide; see day-ranges.ts), so they are published
// only for the campaigns the secretariat has set up (createCampaign) — a
// short, known list per year — and only after the attack the hub runs on its
// year's tables (disclosure-audit.ts) has been run again with them: every
// campaign figure of the year as a city-wide cell, each district's campaign
// count an unknown, and the relations an analyst knows between a campaign
// and the year's periods (a period inside the campaign holds at most as many
// cases as the campaign, one around it at least as many; a campaign inside
// another at most as many; a period or campaign covered by two others at most
// their sum; the districts add up to the city). If that attack pins any
// hidden cell below k — of the year, or a hidden campaign count (a district's,
// or the city's when below k) — none of the indicator's campaign figures of
// the year is published.
import { createHash } from 'node:crypto';
import { prisma } from '../db/prisma.ts';
import type { IndicatorDefinition } from './catalogue.ts';
import { attackKey, groupRelations, pinnedTargets, type Constraint } from './disclosure-audit.ts';
import { attackInputs, type YearTables } from './disclosure-repair.ts';
import type { Period } from './period.ts';
import { periodKey, periodsOfYear, UNKNOWN_DISTRICT } from './year-cube.ts';

const DAY_MS = 86_400_000;
const TOTAL = 'total';
/** Audits kept per process: one per indicator and set of counts. */
const MAX_KEPT = 256;

/** A campaign whose days lie within one year: its stock figures are audited with that year. */
export interface CampaignDays {
  id: number;
  /** First day. */
  from: Date;
  /** Last day, inclusive. */
  to: Date;
}

/** Whether an indicator counts what lasts over a campaign's days: the case-work cases in service. */
export function countsCasesInService(definition: IndicatorDefinition): boolean {
  return definition.denominator === null && !definition.sumsOverTime && definition.overTimeInAudit === undefined && definition.owner === 'indicators' && !definition.fromMeetingRecords;
}

/** The campaigns whose days lie within the year. */
export async function campaignsOfYear(year: number): Promise<CampaignDays[]> {
  const rows = await prisma().$queryRaw<{ id: number; from_date: Date; to_date: Date }[]>`
    SELECT id, from_date, to_date FROM core.campaign
     WHERE from_date >= make_date(${year}::int, 1, 1) AND to_date <= make_date(${year}::int, 12, 31) ORDER BY id`;
  return rows.map((r) => ({ id: r.id, from: r.from_date, to: r.to_date }));
}

/** Cases in service by indicator, campaign and district over each campaign's days: one statement. */
export async function casesOverCampaigns(campaigns: readonly CampaignDays[]): Promise<Map<string, number>> {
  if (campaigns.length === 0) return new Map();
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const rows = await prisma().$queryRaw<{ indicator: string; campaign: number; district: string | null; n: bigint }[]>`
    SELECT CASE WHEN c.kind = 'VULNERABLE_FAMILY' THEN 'VULNERABLE_FAMILY_SERVICES' ELSE 'CASES_' || c.kind::text END AS indicator,
           k.id AS campaign, c.district_code AS district, count(*) AS n
      FROM unnest(${campaigns.map((c) => c.id)}::int[], ${campaigns.map((c) => day(c.from))}::date[], ${campaigns.map((c) => day(c.to))}::date[]) AS k(id, from_d, to_d)
      JOIN core."case" c ON c.opened_on <= k.to_d AND (c.closed_on IS NULL OR c.closed_on >= k.from_d)
     GROUP BY 1, 2, 3`;
  return new Map(rows.map((r) => [countKey(r.indicator, r.campaign, r.district), Number(r.n)]));
}

/** Key of casesOverCampaigns' counts. */
export const countKey = (indicator: string, campaign: number, district: string | null) => `${indicator}|${campaign}|${district ?? UNKNOWN_DISTRICT}`;
/** The attack's period key of a campaign's cells. */
export const campaignPeriod = (id: number) => `campaign:${id}`;

/** An item of the year as days [first, last], for the relations: the year, quarters and months, and the campaigns. */
interface Span {
  key: string;
  first: number;
  last: number;
  campaign: boolean;
}

const periodSpan = (p: Period): Span => ({ key: periodKey(p), first: p.from.getTime(), last: p.to.getTime() - DAY_MS, campaign: false });

function spansOf(year: number, campaigns: readonly CampaignDays[]): Span[] {
  return [
    ...periodsOfYear(year).map(periodSpan),
    ...campaigns.map((c) => ({ key: campaignPeriod(c.id), first: c.from.getTime(), last: c.to.getTime(), campaign: true })),
  ];
}

const within = (inner: Span, outer: Span) => inner.first >= outer.first && inner.last <= outer.last;
/** Whether two spans' days, together, hold every day of a third. */
const cover = (whole: Span, a: Span, b: Span) => {
  const [left, right] = a.first <= b.first ? [a, b] : [b, a];
  return left.first <= whole.first && Math.max(left.last, right.last) >= whole.last && right.first <= left.last + DAY_MS;
};

/**
 * What an analyst knows ties a campaign's cells to the year's and to other
 * campaigns', per place: monotone (a span within another holds at most its
 * cases), subadditive (a span covered by two others at most their sum), the
 * districts adding up to the city. Relations among the year's own periods are
 * groupRelations'. Runs of months other than quarters are left out: with the
 * 61 of a year each campaign brings some ten thousand relations per
 * indicator, and the suite's attack on the 2023 scenario took over 10 minutes.
 */
export function campaignRelations(definition: IndicatorDefinition, year: number, places: readonly string[], campaigns: readonly CampaignDays[]): Constraint[] {
  const spans = spansOf(year, campaigns);
  const cell = (span: Span, place: string) => attackKey(definition.id, 'N', span.key, place);
  const relations: Constraint[] = [];
  for (const campaign of spans.filter((s) => s.campaign)) {
    relations.push({ terms: [[cell(campaign, TOTAL), 1], ...places.map((d): [string, number] => [cell(campaign, d), -1])], lower: 0, upper: 0 });
  }
  for (const place of [TOTAL, ...places]) {
    for (const inner of spans) {
      for (const outer of spans) {
        if (inner === outer || !(inner.campaign || outer.campaign) || !within(inner, outer)) continue;
        relations.push({ terms: [[cell(outer, place), 1], [cell(inner, place), -1]], lower: 0, upper: Infinity });
      }
    }
    for (const whole of spans) {
      for (const [i, a] of spans.entries()) {
        for (const b of spans.slice(i + 1)) {
          if (!(whole.campaign || a.campaign || b.campaign) || whole === a || whole === b || within(whole, a) || within(whole, b) || !cover(whole, a, b)) continue;
          relations.push({ terms: [[cell(a, place), 1], [cell(b, place), 1], [cell(whole, place), -1]], lower: 0, upper: Infinity });
        }
      }
    }
  }
  return relations;
}

/** Per campaign id: the city's count over its days, or null when not published. */
export type CampaignFigures = Map<number, number | null>;

const kept = new Map<string, Promise<CampaignFigures>>();

/**
 * The indicator's city-wide campaign figures of the year: each k or more,
 * and all of them only if the attack with them pins nothing (see the top of
 * this file). Kept per process by a digest of everything the attack reads.
 */
export function auditedCampaignFigures(definition: IndicatorDefinition, year: number, tables: YearTables, campaigns: readonly CampaignDays[], counts: ReadonlyMap<string, number>, k: number): Promise<CampaignFigures> {
  const yearTable = tables.get(definition.id)!;
  const places = yearTable.values().next().value!.districts.map((c) => c.key);
  const count = (campaign: number, place: string) =>
    place === TOTAL ? places.reduce((sum, d) => sum + (counts.get(countKey(definition.id, campaign, d)) ?? 0), 0) : (counts.get(countKey(definition.id, campaign, place)) ?? 0);
  const digest = createHash('sha256')
    .update(JSON.stringify([definition.id, year, k, [...yearTable].map(([p, t]) => [p, t.total, t.districts]), campaigns.map((c) => [c.id, c.from, c.to, [TOTAL, ...places].map((place) => count(c.id, place))])]))
    .digest('base64url');
  let figures = kept.get(digest);
  if (!figures) {
    figures = audit(definition, year, yearTable, places, campaigns, count, k);
    kept.set(digest, figures);
    figures.catch(() => kept.delete(digest));
    while (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  }
  return figures;
}

async function audit(
  definition: IndicatorDefinition,
  year: number,
  yearTable: NonNullable<ReturnType<YearTables['get']>>,
  places: readonly string[],
  campaigns: readonly CampaignDays[],
  count: (campaign: number, place: string) => number,
  k: number,
): Promise<CampaignFigures> {
  const candidate = new Map(campaigns.map((c) => [c.id, count(c.id, TOTAL) >= k ? count(c.id, TOTAL) : null]));
  if ([...candidate.values()].every((value) => value === null)) return candidate;
  const { published, truth, targets } = attackInputs([definition], new Map([[definition.id, { periods: yearTable, hidden: new Set<string>() }]]), k);
  for (const campaign of campaigns) {
    for (const place of [TOTAL, ...places]) {
      const key = attackKey(definition.id, 'N', campaignPeriod(campaign.id), place);
      const value = count(campaign.id, place);
      published.set(key, place === TOTAL ? candidate.get(campaign.id)! : null);
      truth.set(key, value);
      // A hidden count over the campaign is a cell too (a district's always is): proving it non-empty says someone was served there then.
      if (value < k && published.get(key) === null) targets.push(key);
    }
  }
  const relations = [...groupRelations([definition], year, places), ...campaignRelations(definition, year, places, campaigns)];
  const pinned = targets.length === 0 ? new Set<string>() : await pinnedTargets(published, relations, targets, k, truth);
  return pinned.size === 0 ? candidate : new Map(campaigns.map((c) => [c.id, null]));
}

/** The campaign a range of days is exactly, if any. */
export function campaignOf(campaigns: readonly CampaignDays[], fromDate: Date, toDate: Date): CampaignDays | undefined {
  return campaigns.find((c) => c.from.getTime() === fromDate.getTime() && c.to.getTime() === toDate.getTime());
}
