// Campaign periods are days, not months: the Lunar New Year care project runs
// 10 January – 16 February. Counts of events over such a range are published
// city-wide only, and only where the city's count of every month the range
// touches is shown in the audited year (disclosure-repair.ts). Then the range
// tells an analyst nothing about any district: take any assignment of the
// district cells the published year allows; its city months are the shown
// (true) ones, so spreading each district's month over the month's days in
// proportion to the city's true daily counts gives district days that add up
// to every published range (and to the months). Every solution of the
// analyst's programme stays one: what the audit found unpinned stays so,
// however many ranges are asked. Counts of what lasts (cases in service) and
// rates are not published for days: a case open across the range is one
// case of it, so its count is a new figure the months do not bound that way.
import { prisma } from '../db/prisma.ts';
import type { IndicatorDefinition } from './catalogue.ts';
import type { YearTables } from './disclosure-repair.ts';
import { periodKey } from './year-cube.ts';

/** Longest range of days: a campaign runs weeks to months, a year at most. */
export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

export type DayRangeProblem = { field: 'fromDate' | 'toDate'; reason: string } | null;

export function dayRangeProblem(fromDate: Date, toDate: Date): DayRangeProblem {
  if (toDate < fromDate) return { field: 'toDate', reason: 'must not be before fromDate' };
  const days = (toDate.getTime() - fromDate.getTime()) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS) return { field: 'toDate', reason: `a range covers at most ${MAX_RANGE_DAYS} days (got ${days})` };
  if (fromDate.getUTCFullYear() < 2000 || toDate.getUTCFullYear() > 2100) return { field: 'fromDate', reason: 'must be between 2000 and 2100' };
  return null;
}

/** Whether an indicator may be published for a range of days: a count of events, not a rate and not what lasts. */
export function countsEventsOnly(definition: IndicatorDefinition): boolean {
  return definition.denominator === null && definition.sumsOverTime && definition.overTimeInAudit === undefined;
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

/** Contacts of vulnerable-family cases by kind over the days, city-wide: one statement. */
export async function contactCountsForDays(fromDate: Date, toDate: Date): Promise<Map<string, number>> {
  const rows = await prisma().$queryRaw<{ indicator: string; n: bigint }[]>`
    SELECT 'VULNERABLE_FAMILY_CONTACTS_' || sc.kind::text AS indicator, count(*) AS n
      FROM core.service_contact sc JOIN core."case" c ON c.id = sc.case_id AND c.kind = 'VULNERABLE_FAMILY'
     WHERE sc.contacted_on >= ${fromDate}::date AND sc.contacted_on <= ${toDate}::date
     GROUP BY 1`;
  return new Map(rows.map((r) => [r.indicator, Number(r.n)]));
}

export interface DayRangeValue {
  definition: IndicatorDefinition;
  /** The count over the days; null when suppressed or not offered. */
  value: number | null;
  suppressed: boolean;
  /** False for what cannot be published for days (see reason). */
  offered: boolean;
  reason: string | null;
}

const NOT_EVENTS = 'counted for what lasts or as a rate: published for whole months only (a case open across the range is one case of it, a figure the months do not bound)';

/**
 * The case-work indicators over a range of days, city-wide: each count of
 * events shown when it is k or more and the city's count of every month the
 * range touches is shown in the audited year (`years`); the rest not offered.
 */
export function dayRangeValues(definitions: readonly IndicatorDefinition[], counts: ReadonlyMap<string, number>, months: readonly { year: number; month: number }[], years: ReadonlyMap<number, YearTables>, k: number): DayRangeValue[] {
  return definitions.map((definition) => {
    if (!countsEventsOnly(definition)) return { definition, value: null, suppressed: false, offered: false, reason: NOT_EVENTS };
    const count = counts.get(definition.id) ?? 0;
    const shown = count >= k && cityMonthsShown(definition.id, months, years);
    return { definition, value: shown ? count : null, suppressed: !shown, offered: true, reason: null };
  });
}
