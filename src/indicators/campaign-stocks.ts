// What lasts, counted over a campaign's days (the Lunar New Year care
// project, 10 January – 16 February): a case open on any day of the campaign
// is one case of it, a certificate valid on any day of it one certificate, a
// family meeting two agencies' conditions on its days one family (the
// cross-agency indicators, counted over a cohort the gateway carries).
// Unlike counts of events, such figures over any ranges of days an analyst
// might ask would tell more than the year's months do (how many of the
// city's cases opened in one month and closed in another, which no spreading
// over the days can hide; see day-ranges.ts), so they are published only for
// the campaigns the secretariat has set up (createCampaign) — a short, known
// list per year — and only after the attack the hub runs on its year's
// tables (disclosure-audit.ts) has been run again with them: every campaign
// figure of the year as a city-wide cell, each district's campaign count an
// unknown, and the relations an analyst knows between a campaign and the
// year's periods. For what lasts: a period inside the campaign holds at most
// as many as the campaign, one around it at least as many; a campaign inside
// another at most as many; a period or campaign covered by two others at
// most their sum (not for families meeting two conditions, which can meet
// them in different parts of it). For the events of a rate over what lasts
// (needs-assessment visits over certificates valid): the days of the year
// are cut at every month's and campaign's first day and after its last, each
// piece an unknown per place, and every month and campaign is exactly the
// sum of its pieces.
// The districts add up to the city. If that attack pins any hidden cell below
// k — of the year, or a hidden campaign count (a district's, or the city's
// when below k) — none of the indicator's campaign figures of the year is
// published.
import { createHash } from 'node:crypto';
import { prisma } from '../db/prisma.ts';
import type { IndicatorDefinition, OverTime } from './catalogue.ts';
import { attackKey, groupRelations, overTimeOf, pinnedTargets, type Constraint } from './disclosure-audit.ts';
import { attackInputs, type YearTables } from './disclosure-repair.ts';
import type { DayCount } from './day-ranges.ts';
import type { Period } from './period.ts';
import { periodKey, periodsOfYear, UNKNOWN_DISTRICT } from './year-cube.ts';

const DAY_MS = 86_400_000;
const TOTAL = 'total';
/** Audits kept per process: one per indicator and set of counts. */
const MAX_KEPT = 256;

type Measure = 'N' | 'D';

/** A campaign whose days lie within one year: its figures are audited with that year. */
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

/** Whether an indicator is a rate of events over what lasts (needs-assessment visits over certificates valid in the period). */
export function countsEventsOverWhatLasts(definition: IndicatorDefinition): boolean {
  return (
    definition.denominator !== null &&
    definition.sumsOverTime &&
    definition.denominatorSumsOverTime === false &&
    definition.overTimeInAudit === undefined &&
    !definition.countedPerMonth &&
    !definition.cohortFrom
  );
}

/** Whether an indicator is published over a campaign's days only, audited with its year (this file): what lasts, rates over it, and the cross-agency indicators (families meeting two agencies' conditions). */
export function auditedOverCampaigns(definition: IndicatorDefinition): boolean {
  return countsCasesInService(definition) || countsEventsOverWhatLasts(definition) || definition.cohortFrom !== undefined;
}

/**
 * The measures of an indicator over a campaign and how each relates to other
 * spans (catalogue.ts, overTimeInAudit): events are a sum of their days;
 * distinct things (cases, certificates, families) are at least each span
 * inside and at most the sum of two that cover them; families meeting two
 * conditions only grow with the span (the conditions can be met in
 * different parts of it).
 */
function campaignMeasures(definition: IndicatorDefinition): { measure: Measure; overTime: OverTime }[] {
  const measures: Measure[] = definition.denominator === null ? ['N'] : ['N', 'D'];
  return measures.map((measure) => ({ measure, overTime: overTimeOf(definition, measure) }));
}

/** The campaigns whose days lie within the year. */
export async function campaignsOfYear(year: number): Promise<CampaignDays[]> {
  const rows = await prisma().$queryRaw<{ id: number; from_date: Date; to_date: Date }[]>`
    SELECT id, from_date, to_date FROM core.campaign
     WHERE from_date >= make_date(${year}::int, 1, 1) AND to_date <= make_date(${year}::int, 12, 31) ORDER BY id`;
  return rows.map((r) => ({ id: r.id, from: r.from_date, to: r.to_date }));
}

/** An owner's counts over each campaign's days, per indicator, measure and district (keys: countKey). */
export type CampaignCounts = (campaigns: readonly CampaignDays[]) => Promise<Map<string, number>>;

/** The campaigns as parallel arrays for SQL: `unnest(${ids}::int[], ${froms}::date[], ${tos}::date[]) AS k(id, from_d, to_d)`. */
export function campaignArrays(campaigns: readonly CampaignDays[]): { ids: number[]; froms: string[]; tos: string[] } {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return { ids: campaigns.map((c) => c.id), froms: campaigns.map((c) => day(c.from)), tos: campaigns.map((c) => day(c.to)) };
}

/** Rows of (indicator, measure, campaign, district, n) as campaign counts. */
export function campaignCountsOf(rows: readonly { indicator: string; measure: string; campaign: number; district: string | null; n: bigint | number }[]): Map<string, number> {
  return new Map(rows.map((r) => [countKey(r.indicator, r.measure as Measure, r.campaign, r.district), Number(r.n)]));
}

/** Rows of a rate's (campaign, district, numerator, denominator) as campaign counts. */
export function rateCampaignCounts(indicator: string, rows: readonly { campaign: number; district: string | null; numerator: bigint | number; denominator: bigint | number }[]): Map<string, number> {
  return campaignCountsOf(
    rows.flatMap((r) => [
      { indicator, measure: 'N', campaign: r.campaign, district: r.district, n: r.numerator },
      { indicator, measure: 'D', campaign: r.campaign, district: r.district, n: r.denominator },
    ]),
  );
}

/** Cases in service by indicator, campaign and district over each campaign's days: one statement. */
export const casesOverCampaigns: CampaignCounts = async (campaigns) => {
  if (campaigns.length === 0) return new Map();
  const { ids, froms, tos } = campaignArrays(campaigns);
  const rows = await prisma().$queryRaw<{ indicator: string; measure: string; campaign: number; district: string | null; n: bigint }[]>`
    SELECT CASE WHEN c.kind = 'VULNERABLE_FAMILY' THEN 'VULNERABLE_FAMILY_SERVICES' ELSE 'CASES_' || c.kind::text END AS indicator,
           'N' AS measure, k.id AS campaign, c.district_code AS district, count(*) AS n
      FROM unnest(${ids}::int[], ${froms}::date[], ${tos}::date[]) AS k(id, from_d, to_d)
      JOIN core."case" c ON c.opened_on <= k.to_d AND (c.closed_on IS NULL OR c.closed_on >= k.from_d)
     GROUP BY 1, 3, 4`;
  return campaignCountsOf(rows);
};

/** Key of a campaign count. */
export const countKey = (indicator: string, measure: Measure, campaign: number, district: string | null) => `${indicator}|${measure}|${campaign}|${district ?? UNKNOWN_DISTRICT}`;
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
const campaignSpan = (c: CampaignDays): Span => ({ key: campaignPeriod(c.id), first: c.from.getTime(), last: c.to.getTime(), campaign: true });

function spansOf(year: number, campaigns: readonly CampaignDays[]): Span[] {
  return [...periodsOfYear(year).map(periodSpan), ...campaigns.map(campaignSpan)];
}

const within = (inner: Span, outer: Span) => inner.first >= outer.first && inner.last <= outer.last;
/** Whether two spans' days, together, hold every day of a third. */
const cover = (whole: Span, a: Span, b: Span) => {
  const [left, right] = a.first <= b.first ? [a, b] : [b, a];
  return left.first <= whole.first && Math.max(left.last, right.last) >= whole.last && right.first <= left.last + DAY_MS;
};
const sumOf = (whole: string, parts: readonly string[]): Constraint => ({ terms: [[whole, 1], ...parts.map((p): [string, number] => [p, -1])], lower: 0, upper: 0 });

/**
 * What an analyst knows ties a campaign's cells of what lasts to the year's
 * and to other campaigns', per place: monotone (a span within another holds
 * at most its cases), subadditive (a span covered by two others at most
 * their sum; not for what only grows), the districts adding up to the city. Relations among the
 * year's own periods are groupRelations'. Runs of months other than quarters
 * are left out: with the 61 of a year each campaign brings some ten thousand
 * relations per indicator, and the suite's attack on the 2023 scenario took
 * over 10 minutes.
 */
export function campaignRelations(definition: IndicatorDefinition, year: number, places: readonly string[], campaigns: readonly CampaignDays[], measure: Measure = 'N', subadditive = true): Constraint[] {
  const spans = spansOf(year, campaigns);
  const cell = (span: Span, place: string) => attackKey(definition.id, measure, span.key, place);
  const relations: Constraint[] = [];
  for (const campaign of spans.filter((s) => s.campaign)) relations.push(sumOf(cell(campaign, TOTAL), places.map((d) => cell(campaign, d))));
  for (const place of [TOTAL, ...places]) {
    for (const inner of spans) {
      for (const outer of spans) {
        if (inner === outer || !(inner.campaign || outer.campaign) || !within(inner, outer)) continue;
        relations.push({ terms: [[cell(outer, place), 1], [cell(inner, place), -1]], lower: 0, upper: Infinity });
      }
    }
    for (const whole of subadditive ? spans : []) {
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

/**
 * What an analyst knows ties a campaign's events to the year's months, per
 * place: the year's days cut at every month's and campaign's first day and
 * after its last, each piece an unknown (`pieces`, published nowhere), every
 * month and campaign the sum of its pieces, each piece's districts adding up
 * to the city's. Exact for events: nothing else ties a count of days to the
 * months it touches.
 */
export function campaignEventRelations(definition: IndicatorDefinition, year: number, places: readonly string[], campaigns: readonly CampaignDays[], measure: Measure = 'N'): { pieces: string[]; relations: Constraint[] } {
  const months = periodsOfYear(year).filter((p) => p.month !== null).map(periodSpan);
  const spans = [...months, ...campaigns.map(campaignSpan)];
  const cuts = [...new Set([...spans.flatMap((s) => [s.first, s.last + DAY_MS]), Date.UTC(year + 1, 0, 1)])].sort((a, b) => a - b);
  const days = cuts.slice(0, -1).map((first, i) => ({ first, last: cuts[i + 1]! - DAY_MS }));
  const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);
  const piece = (d: { first: number; last: number }, place: string) => attackKey(definition.id, measure, `days:${isoDay(d.first)}..${isoDay(d.last)}`, place);
  const relations: Constraint[] = [];
  for (const place of [TOTAL, ...places]) {
    for (const span of spans) relations.push(sumOf(attackKey(definition.id, measure, span.key, place), days.filter((d) => d.first >= span.first && d.last <= span.last).map((d) => piece(d, place))));
  }
  for (const d of days) relations.push(sumOf(piece(d, TOTAL), places.map((place) => piece(d, place))));
  return { pieces: [TOTAL, ...places].flatMap((place) => days.map((d) => piece(d, place))), relations };
}

/** Per campaign id: the city's count (a rate's numerator and denominator) over its days, or null when not published. */
export type CampaignFigures = Map<number, DayCount | null>;

/** A count of a campaign for a measure and place ("total": the city). */
type CampaignCount = (measure: Measure, campaign: number, place: string) => number;

/** An attack's cells, what they truly are, its relations and its targets (disclosure-audit.ts). */
export interface CampaignAttack {
  published: Map<string, number | null>;
  truth: Map<string, number>;
  relations: Constraint[];
  targets: string[];
}

/**
 * Adds one indicator's campaign cells to an attack: the city's figures as
 * `figures` publishes them, every district's count an unknown (a target when
 * below k: proving it non-empty says someone was served there then, as is a
 * hidden city figure below k), and the relations to the year's periods and
 * to the other campaigns. A rate's numerator is at most its denominator
 * where that holds: visits are not certificates, so it is not true by
 * definition, and an analyst may know it only where it is true (for the
 * cross-agency indicators it always is: their families are some of the
 * denominator's).
 */
export function addCampaignCells(definition: IndicatorDefinition, year: number, places: readonly string[], campaigns: readonly CampaignDays[], count: CampaignCount, figures: CampaignFigures, attack: CampaignAttack, k: number): void {
  for (const { measure, overTime } of campaignMeasures(definition)) {
    for (const campaign of campaigns) {
      const figure = figures.get(campaign.id) ?? null;
      for (const place of [TOTAL, ...places]) {
        const key = attackKey(definition.id, measure, campaignPeriod(campaign.id), place);
        const value = count(measure, campaign.id, place);
        const shown = place === TOTAL && figure !== null ? (measure === 'N' ? figure.numerator : figure.denominator) : null;
        attack.published.set(key, shown);
        attack.truth.set(key, value);
        if (shown === null && value < k) attack.targets.push(key);
      }
    }
    if (overTime === 'sum') {
      const { pieces, relations } = campaignEventRelations(definition, year, places, campaigns, measure);
      for (const piece of pieces) attack.published.set(piece, null);
      attack.relations.push(...relations);
    } else {
      attack.relations.push(...campaignRelations(definition, year, places, campaigns, measure, overTime === 'union'));
    }
  }
  if (definition.denominator === null) return;
  for (const campaign of campaigns) {
    for (const place of [TOTAL, ...places]) {
      if (count('N', campaign.id, place) > count('D', campaign.id, place)) continue;
      const cell = (measure: Measure) => attackKey(definition.id, measure, campaignPeriod(campaign.id), place);
      attack.relations.push({ terms: [[cell('D'), 1], [cell('N'), -1]], lower: 0, upper: Infinity });
    }
  }
}

const kept = new Map<string, Promise<CampaignFigures>>();

/** The places of an indicator's year table (its districts, the unknown one included). */
export function placesOfTable(tables: YearTables, definition: IndicatorDefinition): string[] {
  return tables.get(definition.id)!.values().next().value!.districts.map((c) => c.key);
}

/** A campaign count from an owner's counts: a district's, or the city's (their sum). */
export function campaignCount(definition: IndicatorDefinition, places: readonly string[], counts: ReadonlyMap<string, number>): CampaignCount {
  return (measure, campaign, place) =>
    place === TOTAL
      ? places.reduce((sum, d) => sum + (counts.get(countKey(definition.id, measure, campaign, d)) ?? 0), 0)
      : (counts.get(countKey(definition.id, measure, campaign, place)) ?? 0);
}

/**
 * The indicator's city-wide campaign figures of the year: each k or more (a
 * rate's numerator and denominator), and all of them only if the attack with
 * them pins nothing (see the top of this file). Kept per process by a digest
 * of everything the attack reads.
 */
export function auditedCampaignFigures(definition: IndicatorDefinition, year: number, tables: YearTables, campaigns: readonly CampaignDays[], counts: ReadonlyMap<string, number>, k: number): Promise<CampaignFigures> {
  const yearTable = tables.get(definition.id)!;
  const places = placesOfTable(tables, definition);
  const count = campaignCount(definition, places, counts);
  const measures = campaignMeasures(definition).map((m) => m.measure);
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        definition.id,
        year,
        k,
        [...yearTable].map(([p, t]) => [p, t.total, t.districts]),
        campaigns.map((c) => [c.id, c.from, c.to, measures.map((m) => [TOTAL, ...places].map((place) => count(m, c.id, place)))]),
      ]),
    )
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

/** The city's figure over a campaign when every measure of it is k or more; else null. */
function candidateFigure(definition: IndicatorDefinition, campaign: number, count: CampaignCount, k: number): DayCount | null {
  const numerator = count('N', campaign, TOTAL);
  const denominator = definition.denominator === null ? null : count('D', campaign, TOTAL);
  return numerator >= k && (denominator === null || denominator >= k) ? { numerator, denominator } : null;
}

async function audit(
  definition: IndicatorDefinition,
  year: number,
  yearTable: NonNullable<ReturnType<YearTables['get']>>,
  places: readonly string[],
  campaigns: readonly CampaignDays[],
  count: CampaignCount,
  k: number,
): Promise<CampaignFigures> {
  const candidate: CampaignFigures = new Map(campaigns.map((c) => [c.id, candidateFigure(definition, c.id, count, k)]));
  const nothing: CampaignFigures = new Map(campaigns.map((c) => [c.id, null]));
  if ([...candidate.values()].every((value) => value === null)) return candidate;
  const { published, truth, targets } = attackInputs([definition], new Map([[definition.id, { periods: yearTable, hidden: new Set<string>() }]]), k);
  const attack: CampaignAttack = { published, truth, relations: [...groupRelations([definition], year, places)], targets };
  addCampaignCells(definition, year, places, campaigns, count, candidate, attack, k);
  if (attack.targets.length === 0) return candidate;
  try {
    const pinned = await pinnedTargets(attack.published, attack.relations, attack.targets, k, attack.truth);
    return pinned.size === 0 ? candidate : nothing;
  } catch (error) {
    // The programme has no solution: the campaign counts (read now) and the year's (its buckets) disagree, as while a
    // change is not yet in the buckets. The attack cannot vouch for the figures then, so none is published.
    if (error instanceof Error && /HiGHS model status/.test(error.message)) return nothing;
    throw error;
  }
}

/** The campaign a range of days is exactly, if any. */
export function campaignOf(campaigns: readonly CampaignDays[], fromDate: Date, toDate: Date): CampaignDays | undefined {
  return campaigns.find((c) => c.from.getTime() === fromDate.getTime() && c.to.getTime() === toDate.getTime());
}
