// Every period of one year counted and protected together: the year, its
// quarters and its months, each per district and for the whole city. A
// quarter or a month is always published out of this one protected table,
// so a cell hidden in one answer cannot be recovered from another (a quarter
// as the year minus the other three quarters, a district as the city minus
// the others), and two overlapping queries always agree.
import { DISTRICT_CODES } from '../domain/codes.ts';
import type { IndicatorDefinition } from './catalogue.ts';
import { isBasePeriod, resolvePeriod, type Period } from './period.ts';
import { protectCells, type Cell, type ProtectedCell, type Relation } from './suppression.ts';

/** One aggregate row of an owning subgraph: an indicator's counts in one district (null: unknown) in one period. */
export interface CountRow {
  period: string;
  indicator: string;
  district: string | null;
  numerator: number;
  denominator: number | null;
}

export interface ProtectedPeriod {
  total: ProtectedCell;
  /** Per district, including UNKNOWN for persons without a known district. */
  districts: ProtectedCell[];
}

export const UNKNOWN_DISTRICT = 'UNKNOWN';
/**
 * Every breakdown lists all of these, whether or not they hold a record: a
 * district listed only when it has one would tell a hidden cell (at least 1)
 * from an empty one.
 */
export const CITY_PLACES: readonly string[] = [...DISTRICT_CODES, UNKNOWN_DISTRICT];

/** One indicator's year, protected, and the cells it hides (for tables that share a quantity with it). */
export interface ProtectedYear {
  periods: Map<string, ProtectedPeriod>;
  hidden: Set<string>;
}
const TOTAL = 'total';

/** Key of a period within the hub: "2023::", "2023:2:", "2023::7"; another run of months "2023:1-4:". */
export function periodKey(p: Pick<Period, 'year' | 'quarter' | 'month'> & Partial<Pick<Period, 'fromMonth' | 'toMonth'>>): string {
  const { fromMonth, toMonth } = p;
  const run = fromMonth !== undefined && toMonth !== undefined && !isBasePeriod({ ...p, fromMonth, toMonth });
  return run ? `${p.year}:${fromMonth}-${toMonth}:` : `${p.year}:${p.quarter ?? ''}:${p.month ?? ''}`;
}

/** The year, its four quarters and its twelve months. */
export function periodsOfYear(year: number): Period[] {
  const inputs = [{ year }, ...[1, 2, 3, 4].map((quarter) => ({ year, quarter })), ...Array.from({ length: 12 }, (_, i) => ({ year, month: i + 1 }))];
  return inputs.map((input) => {
    const resolved = resolvePeriod(input);
    if (!resolved.ok) throw new Error(`${resolved.field}: ${resolved.reason}`);
    return resolved.period;
  });
}

const cellKey = (period: string, district: string) => `${period}|${district}`;

/** The sums that tie the table together: districts add up to the city in every period; where counts add up over time, months to quarters and quarters to the year; where they do not, a quarter contains its months and the year its quarters. */
function relationsOf(year: number, districts: string[], sumsOverTime: boolean): Relation[] {
  const yearKey = periodKey({ year, quarter: null, month: null });
  const quarterKey = (quarter: number) => periodKey({ year, quarter, month: null });
  const monthKey = (month: number) => periodKey({ year, quarter: null, month });
  const relations: Relation[] = periodsOfYear(year).map((p) => ({ parent: cellKey(periodKey(p), TOTAL), children: districts.map((d) => cellKey(periodKey(p), d)) }));
  // Counts of events add up over time; cases in service do not, but a longer period contains the shorter ones.
  const contains = !sumsOverTime;
  const monthsOf = (quarter: number) => [1, 2, 3].map((m) => monthKey((quarter - 1) * 3 + m));
  for (const place of [TOTAL, ...districts]) {
    if (contains) {
      relations.push({ parent: cellKey(yearKey, place), children: [1, 2, 3, 4].map((q) => cellKey(quarterKey(q), place)), contains });
      // A district's hidden month of cases in service hides its whole year: its shown quarters bounded the month from
      // below through the other districts (the attack pinned 3 of 13,991 small cells that way with only the rule above).
      // The city's own year stays as the rule above leaves it: its totals are what the council reads.
      if (place !== TOTAL) relations.push({ parent: cellKey(yearKey, place), children: periodsOfYear(year).slice(1).map((p) => cellKey(periodKey(p), place)), together: true });
    } else {
      // The year is the sum of every mix of quarters and months (16 ways), not only of its quarters: with
      // the year and December shown, the other hidden months add up to the difference, which must not be small.
      for (let mask = 0; mask < 16; mask += 1) {
        const parts = [1, 2, 3, 4].flatMap((q) => (mask & (1 << (q - 1)) ? monthsOf(q) : [quarterKey(q)]));
        relations.push({ parent: cellKey(yearKey, place), children: parts.map((period) => cellKey(period, place)) });
      }
    }
    for (const quarter of [1, 2, 3, 4]) {
      relations.push({ parent: cellKey(quarterKey(quarter), place), children: monthsOf(quarter).map((period) => cellKey(period, place)), contains });
    }
  }
  return relations;
}

/**
 * Protects one indicator's counts for every period of the year; rows of other
 * indicators are ignored. `places`: the districts every breakdown lists (a
 * row's district outside them is listed too). `alsoHidden`: cells hidden
 * from the start (ProtectedYear.hidden of a table sharing a quantity).
 */
export function protectYear(
  definition: IndicatorDefinition,
  year: number,
  rows: CountRow[],
  k: number,
  options: { places?: readonly string[]; alsoHidden?: ReadonlySet<string> } = {},
): ProtectedYear {
  const ratio = definition.denominator !== null;
  const periods = periodsOfYear(year).map(periodKey);
  const cells = new Map<string, Cell>();
  const districts = new Set<string>(options.places ?? CITY_PLACES);
  const add = (key: string, numerator: number, denominator: number | null) => {
    const cell = cells.get(key) ?? { key, numerator: 0, denominator: ratio ? 0 : null };
    cell.numerator += numerator;
    if (ratio) cell.denominator = (cell.denominator ?? 0) + (denominator ?? 0);
    cells.set(key, cell);
  };
  for (const row of rows) {
    if (row.indicator !== definition.id || !periods.includes(row.period)) continue;
    const district = row.district ?? UNKNOWN_DISTRICT;
    districts.add(district);
    add(cellKey(row.period, district), row.numerator, row.denominator);
    add(cellKey(row.period, TOTAL), row.numerator, row.denominator);
  }
  const districtList = [...districts].sort();
  // Empty cells too: a district of 0 is protected as a small one.
  for (const period of periods) for (const place of [TOTAL, ...districtList]) add(cellKey(period, place), 0, 0);
  const hidden = protectCells(cells, relationsOf(year, districtList, definition.sumsOverTime), k, options.alsoHidden);
  const shown = (key: string, district: string): ProtectedCell => {
    const cell = cells.get(key) ?? { key, numerator: 0, denominator: ratio ? 0 : null };
    return { ...cell, key: district, suppressed: hidden.has(key) };
  };
  const protectedPeriods = new Map(periods.map((period) => [period, {
    total: shown(cellKey(period, TOTAL), TOTAL),
    districts: districtList.map((d) => shown(cellKey(period, d), d)),
  }]));
  return { periods: protectedPeriods, hidden };
}
