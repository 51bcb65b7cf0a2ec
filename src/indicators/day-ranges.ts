// Campaign periods are days, not months: the Lunar New Year care project runs
// 10 January – 16 February. Figures over such a range are published
// city-wide only, and only where the city's cell of every month the range
// touches is shown in the audited year (disclosure-repair.ts). Then the range
// tells an analyst nothing about any district: take any assignment of the
// district cells the published year allows; its city months are the shown
// (true) ones, so spreading each district's month over the month's days in
// proportion to the city's true daily counts gives district days that add up
// to every published range (and to the months). Every solution of the
// analyst's programme stays one: what the audit found unpinned stays so,
// however many ranges are asked.
//
// A rate of events over events whose numerator is part of its denominator
// (intakes triaged within 24 hours, of all intakes) is published the same
// way, split in two: the triaged intakes spread by the city's triaged ones
// per day, the others by the city's others, so each district day keeps
// numerator ≤ denominator; what the group's other rate counts (protective
// intakes, re-reports: parts of the same intakes) is spread like the
// district's intakes, keeping its own relations. Only one rate of a group of
// shared quantities is published for days: with the re-report rate too, the
// days of two overlapping parts of one quantity can contradict a district
// assignment the year allows (a district whose intakes are all triaged and
// all protective, while the city's triaged and protective intakes fall on
// different days), and the argument no longer holds.
//
// Counts of what lasts (cases in service), and rates over what lasts
// (needs-assessment visits over certificates valid), are not published for
// any range of days: a case open across the range is one case of it, and
// ranges of days reveal the city's cases by month of opening and of closing,
// which the year's months do not determine, so no such spreading exists in
// general. They are published for the days of a campaign the secretariat set
// up, audited with the year and every other campaign of it
// (campaign-stocks.ts).
//
// The cross-agency indicators count families meeting two agencies'
// conditions over the period, which is no sum of its days either: they too
// are published over a campaign's exact days only, audited the same way.
//
// The same holds for the connectors' indicators: each owner counts its
// events over the days (a connector's `dayCounts`, city-wide, from the
// records its month buckets are made of) and the same rules decide what is
// shown, against the owner's own audited year (connectors/kit/indicators.ts).
import { prisma } from '../db/prisma.ts';
import { INDICATORS, type IndicatorDefinition } from './catalogue.ts';
import type { YearTables } from './disclosure-repair.ts';
import { auditedOverCampaigns } from './campaign-stocks.ts';
import { targetMet, valueOf } from './evaluate.ts';
import { periodKey } from './year-cube.ts';

/** Longest range of days: a campaign runs weeks to months, a year at most. */
export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

export type DayRangeProblem = { field: 'fromDate' | 'toDate'; reason: string } | null;

/** The key of a day-range report entity: "2023-01-10..2023-02-16". */
export function dayRangeKey(fromDate: Date, toDate: Date): string {
  return `${isoDay(fromDate)}..${isoDay(toDate)}`;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The days of a day-range key, or null when it names no acceptable range (a made-up entity key). */
export function parseDayRangeKey(key: string): { fromDate: Date; toDate: Date } | null {
  const match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(key);
  if (!match) return null;
  const [fromDate, toDate] = [new Date(`${match[1]}T00:00:00.000Z`), new Date(`${match[2]}T00:00:00.000Z`)];
  // 2023-02-30 parses as 2 March: a day that does not exist is no key.
  if (Number.isNaN(fromDate.getTime()) || Number.isNaN(toDate.getTime()) || isoDay(fromDate) !== match[1] || isoDay(toDate) !== match[2]) return null;
  return dayRangeProblem(fromDate, toDate) === null ? { fromDate, toDate } : null;
}

export function dayRangeProblem(fromDate: Date, toDate: Date): DayRangeProblem {
  if (toDate < fromDate) return { field: 'toDate', reason: 'must not be before fromDate' };
  const days = (toDate.getTime() - fromDate.getTime()) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS) return { field: 'toDate', reason: `a range covers at most ${MAX_RANGE_DAYS} days (got ${days})` };
  if (fromDate.getUTCFullYear() < 2000 || toDate.getUTCFullYear() > 2100) return { field: 'fromDate', reason: 'must be between 2000 and 2100' };
  return null;
}

/** Whether an indicator is a count of events (not a rate, not what lasts). */
export function countsEventsOnly(definition: IndicatorDefinition): boolean {
  return definition.denominator === null && definition.sumsOverTime && definition.overTimeInAudit === undefined;
}

/** A rate whose numerator and denominator are both counts of events (the numerator a part of the denominator). */
function rateOfEvents(definition: IndicatorDefinition): boolean {
  return (
    definition.denominator !== null && definition.sumsOverTime && definition.denominatorSumsOverTime !== false && definition.overTimeInAudit === undefined && !definition.countedPerMonth
  );
}

/**
 * Why an indicator is not published for ranges of days, or null when it is:
 * counts of events, and of each group of rates sharing a quantity the first
 * rate of events (see the top of this file for why only one).
 */
export function notForDays(definition: IndicatorDefinition, definitions: readonly IndicatorDefinition[]): string | null {
  if (definition.countedPerMonth) return PER_MONTH;
  if (definition.cohortFrom) return CROSS_AGENCY;
  if (countsEventsOnly(definition)) return null;
  if (!rateOfEvents(definition)) return NOT_EVENTS;
  const first = definitions.find((other) => rateOfEvents(other) && (other.sharesDenominator ?? other.id) === (definition.sharesDenominator ?? definition.id));
  return first === definition ? null : sharesWith(first!);
}

/** The months (year, month) a range of days touches. */
export function monthsTouched(fromDate: Date, toDate: Date): { year: number; month: number }[] {
  const months: { year: number; month: number }[] = [];
  for (let year = fromDate.getUTCFullYear(), month = fromDate.getUTCMonth() + 1; ; ) {
    months.push({ year, month });
    if (year === toDate.getUTCFullYear() && month === toDate.getUTCMonth() + 1) return months;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/** Whether the audited years show the city's count of the indicator in every month the range touches. */
export function cityMonthsShown(indicatorId: string, months: readonly { year: number; month: number }[], years: ReadonlyMap<number, YearTables>): boolean {
  return months.every(({ year, month }) => {
    const cell = years.get(year)?.get(indicatorId)?.get(periodKey({ year, quarter: null, month }));
    return cell !== undefined && !cell.total.suppressed;
  });
}

export interface DayCount {
  numerator: number;
  /** For a rate; null for a count. */
  denominator: number | null;
}

export interface DayRange {
  fromDate: Date;
  /** Last day, inclusive. */
  toDate: Date;
}

/**
 * An owner's counts of events over each range of days, city-wide, per
 * indicator id, in the order of the ranges: one or two statements for every
 * range a request asks (a subgraph may be sent many representations).
 */
export type DayCounts = (ranges: readonly DayRange[]) => Promise<Map<string, DayCount>[]>;

/** The ranges as parallel arrays for SQL: `unnest(${indexes}::int[], ${froms}::date[], ${tos}::date[]) AS r(i, from_d, to_d)`. */
export function rangeArrays(ranges: readonly DayRange[]): { indexes: number[]; froms: string[]; tos: string[] } {
  return { indexes: ranges.map((_range, i) => i), froms: ranges.map((r) => isoDay(r.fromDate)), tos: ranges.map((r) => isoDay(r.toDate)) };
}

/** Rows of (range index, indicator, numerator, denominator) as one map per range. */
export function countsByRange(ranges: readonly DayRange[], rows: readonly { i: number; indicator: string; numerator: bigint | number; denominator: bigint | number | null }[]): Map<string, DayCount>[] {
  const maps = ranges.map(() => new Map<string, DayCount>());
  for (const row of rows) maps[row.i]!.set(row.indicator, { numerator: Number(row.numerator), denominator: row.denominator === null ? null : Number(row.denominator) });
  return maps;
}

/** Contacts of vulnerable-family cases by kind over each range of days, city-wide: one statement. */
function contactCountsForDays(ranges: readonly DayRange[]) {
  const { indexes, froms, tos } = rangeArrays(ranges);
  return prisma().$queryRaw<{ i: number; indicator: string; numerator: bigint; denominator: null }[]>`
    SELECT r.i, 'VULNERABLE_FAMILY_CONTACTS_' || sc.kind::text AS indicator, count(*) AS numerator, NULL::bigint AS denominator
      FROM unnest(${indexes}::int[], ${froms}::date[], ${tos}::date[]) AS r(i, from_d, to_d)
      JOIN core.service_contact sc ON sc.contacted_on >= r.from_d AND sc.contacted_on <= r.to_d
      JOIN core."case" c ON c.id = sc.case_id AND c.kind = 'VULNERABLE_FAMILY'
     GROUP BY 1, 2`;
}

/** Intakes received over each range of days (Taipei days, as the months count them) and those triaged within 24 hours: one statement. */
function triageCountsForDays(ranges: readonly DayRange[]) {
  const { indexes, froms, tos } = rangeArrays(ranges);
  return prisma().$queryRaw<{ i: number; indicator: string; numerator: bigint; denominator: bigint }[]>`
    SELECT r.i, 'INTAKE_TRIAGED_WITHIN_24H' AS indicator,
           count(*) FILTER (WHERE it.triaged_at <= it.received_at + interval '24 hours') AS numerator, count(*) AS denominator
      FROM unnest(${indexes}::int[], ${froms}::date[], ${tos}::date[]) AS r(i, from_d, to_d)
      JOIN core.intake it ON it.received_at >= r.from_d::timestamp AT TIME ZONE 'Asia/Taipei'
                         AND it.received_at < (r.to_d + 1)::timestamp AT TIME ZONE 'Asia/Taipei'
     GROUP BY 1`;
}

/** The case-work figures published for days, over each range, city-wide: two statements, run together. */
export const caseWorkCountsForDays: DayCounts = async (ranges) => {
  const [contacts, triage] = await Promise.all([contactCountsForDays(ranges), triageCountsForDays(ranges)]);
  return countsByRange(ranges, [...contacts, ...triage]);
};

export interface DayRangeValue {
  definition: IndicatorDefinition;
  /** The count, or the rate in percent, over the days; null when suppressed or not offered. */
  value: number | null;
  /** What is counted (a rate's numerator); null when suppressed or not offered. */
  numerator: number | null;
  /** A rate's denominator; null for a count, when suppressed or not offered. */
  denominator: number | null;
  /** Whether the value meets the indicator's target; null without a target or a value. */
  met: boolean | null;
  suppressed: boolean;
  /** False for what cannot be published for days (see reason). */
  offered: boolean;
  reason: string | null;
}

/** An indicator listed for the days but not published for them, with the reason. */
export function notOffered(definition: IndicatorDefinition, reason: string): DayRangeValue {
  return { definition, value: null, numerator: null, denominator: null, met: null, suppressed: false, offered: false, reason };
}

/** A count published as it is (meetings are not persons). */
export function plainCount(definition: IndicatorDefinition, n: number): DayRangeValue {
  return { definition, value: n, numerator: n, denominator: null, met: null, suppressed: false, offered: true, reason: null };
}

const ENTERED =
  "entered by the units that own it (填報) for a year, quarter, month or run of months, as the secretariat accepted it; a campaign's own figures are its form (campaigns)";

/** The figures units enter, listed for the days, none offered. */
export function enteredDayValues(): DayRangeValue[] {
  return INDICATORS.filter((definition) => definition.enteredBy !== undefined).map((definition) => notOffered(definition, ENTERED));
}

const NOT_A_CAMPAIGN =
  "counted for what lasts (cases in service, certificates valid): published for days only over a campaign's exact days (createCampaign) within one year, audited with that year and the year's other campaigns; over any range of days it would reveal how long the city's cases and certificates last, which the months do not";

/** What lasts over a campaign's days: the audited figure (campaign-stocks.ts), or not offered for a range that is no campaign. */
function campaignValue(definition: IndicatorDefinition, figures: ReadonlyMap<string, DayCount | null> | null): DayRangeValue {
  if (figures === null) return notOffered(definition, definition.cohortFrom ? CROSS_AGENCY : NOT_A_CAMPAIGN);
  const figure = figures.get(definition.id) ?? null;
  if (figure === null) return { definition, value: null, numerator: null, denominator: null, met: null, suppressed: true, offered: true, reason: null };
  const value = valueOf(definition, figure.numerator, figure.denominator);
  return { definition, value, numerator: figure.numerator, denominator: figure.denominator, met: targetMet(definition, value), suppressed: false, offered: true, reason: null };
}

const NOT_EVENTS =
  "counted for what lasts, or a rate over what lasts: not published for a range of days that is not a campaign's (a case or certificate lasting across the range counts once in it, and ranges of days would reveal how long the city's cases and certificates last, which the months do not)";
const PER_MONTH = 'counted once per account and month (was anything deposited that month): it has no day within the month, so it is published for whole months only';
const CROSS_AGENCY =
  "a cross-agency indicator counts families meeting two agencies' conditions in the period, which grows with the period and is no sum of its days: published for days only over a campaign's exact days (createCampaign) within one year, audited with that year and the year's other campaigns";
const sharesWith = (published: IndicatorDefinition) =>
  `shares its denominator with ${published.id}, which is published for days: one rate of a shared quantity is (two would let the days of two parts of it contradict what the year allows a district)`;

/**
 * An owner's indicators over a range of days, city-wide: each count of
 * events, and one rate of events of each shared quantity, shown when its
 * numerator (and a rate's denominator) is k or more and the owner's city
 * cell of every month the range touches is shown in its audited year
 * (`years`); what lasts (and a rate over it) by `campaignFigures`; the rest
 * not offered.
 */
export function dayRangeValues(
  definitions: readonly IndicatorDefinition[],
  counts: ReadonlyMap<string, DayCount>,
  months: readonly { year: number; month: number }[],
  years: ReadonlyMap<number, YearTables>,
  k: number,
  campaignFigures: ReadonlyMap<string, DayCount | null> | null,
): DayRangeValue[] {
  return definitions.map((definition) => {
    if (auditedOverCampaigns(definition)) return campaignValue(definition, campaignFigures);
    const reason = notForDays(definition, definitions);
    if (reason !== null) return notOffered(definition, reason);
    const ratio = definition.denominator !== null;
    const count = counts.get(definition.id) ?? { numerator: 0, denominator: ratio ? 0 : null };
    const denominator = count.denominator ?? 0;
    const shown = count.numerator >= k && (!ratio || denominator >= k) && cityMonthsShown(definition.id, months, years);
    if (!shown) return { definition, value: null, numerator: null, denominator: null, met: null, suppressed: true, offered: true, reason: null };
    const value = valueOf(definition, count.numerator, count.denominator);
    return { definition, value, numerator: count.numerator, denominator: count.denominator, met: targetMet(definition, value), suppressed: false, offered: true, reason: null };
  });
}
