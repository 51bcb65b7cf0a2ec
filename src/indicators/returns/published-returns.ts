// Entered figures as the indicator reports publish them: for each indicator
// the units enter, the newest return of each unit, district and line that
// the secretariat accepted for exactly the period asked, summed, with who
// reported it and when. Sums over districts go through the same small-cell
// rule as computed figures (a count below k is hidden with a complementary
// cell); figures of periods that overlap one another (a quarter and its
// months) are published city-wide only (enteredValue says why). One
// statement per request, whatever the number of reports asked.
import DataLoader from 'dataloader';
import { prisma } from '../../db/prisma.ts';
import type { HubContext } from '../../graph/context.ts';
import { requestLoader } from '../../../connectors/kit/subgraph-builder.ts';
import type { IndicatorDefinition } from '../catalogue.ts';
import type { IndicatorCellValue } from '../evaluate.ts';
import type { Period } from '../period.ts';
import { protectTable, tooSmall, type Cell } from '../suppression.ts';
import { enterableIndicators } from './return-input.ts';

export interface AcceptedReturn {
  indicatorId: string;
  districtCode: string | null;
  line: string;
  unitCode: string;
  numerator: number;
  denominator: number | null;
  enteredAt: Date;
  reviewedAt: Date;
}

export interface Provenance {
  unit: string;
  line: string;
  district: string | null;
  enteredAt: Date;
  reviewedAt: Date;
}

export interface EnteredValue extends IndicatorCellValue {
  definition: IndicatorDefinition;
  /** True when at least one accepted return covers the period. */
  returned: boolean;
  met: boolean | null;
  provenance: Provenance[];
  byDistrict: IndicatorCellValue[];
}

const periodKey = (year: number, fromMonth: number, toMonth: number) => `${year}:${fromMonth}-${toMonth}`;

type AcceptedOfYear = Map<string, AcceptedReturn[]>;

/**
 * The newest accepted return per indicator, place, line and unit, for every
 * period of each year asked: one statement for all of them. Every period of
 * the year, not only the one asked, because a figure entered for an
 * overlapping period (a quarter beside its months) is protected with it.
 */
async function loadAcceptedYears(years: readonly number[]): Promise<AcceptedOfYear[]> {
  const rows = await prisma().$queryRaw<(AcceptedReturn & { year: number; fromMonth: number; toMonth: number })[]>`
    SELECT DISTINCT ON (year, from_month, to_month, indicator_id, COALESCE(district_code, ''), line, unit_code)
           year, from_month AS "fromMonth", to_month AS "toMonth", indicator_id AS "indicatorId", district_code AS "districtCode",
           line, unit_code AS "unitCode", numerator, denominator, entered_at AS "enteredAt", reviewed_at AS "reviewedAt"
      FROM core.indicator_return
     WHERE status = 'ACCEPTED' AND year = ANY(${[...years]}::int[])
     ORDER BY year, from_month, to_month, indicator_id, COALESCE(district_code, ''), line, unit_code, entered_at DESC, id DESC`;
  const byYear = new Map<number, AcceptedOfYear>(years.map((year) => [year, new Map()]));
  for (const row of rows) {
    const periods = byYear.get(row.year)!;
    const key = periodKey(row.year, row.fromMonth, row.toMonth);
    periods.set(key, [...(periods.get(key) ?? []), row]);
  }
  return years.map((year) => byYear.get(year)!);
}

function acceptedOfYear(ctx: HubContext, year: number): Promise<AcceptedOfYear> {
  return requestLoader(ctx, 'acceptedReturns', () => new DataLoader<number, AcceptedOfYear>(loadAcceptedYears)).load(year);
}

export async function acceptedReturns(ctx: HubContext, period: Pick<Period, 'year' | 'fromMonth' | 'toMonth'>): Promise<AcceptedReturn[]> {
  return (await acceptedOfYear(ctx, period.year)).get(periodKey(period.year, period.fromMonth, period.toMonth)) ?? [];
}

interface MonthRun {
  fromMonth: number;
  toMonth: number;
}
const overlap = (a: MonthRun, b: MonthRun) => a.fromMonth <= b.toMonth && b.fromMonth <= a.toMonth;
const runOf = (key: string): MonthRun => {
  const [, fromMonth, toMonth] = key.split(/[:-]/).map(Number) as [number, number, number];
  return { fromMonth, toMonth };
};

/**
 * The other periods of the year with accepted returns of this indicator that
 * overlap the asked one, directly or through one another (a month, its
 * quarter, the year). Figures entered for such periods add up across them
 * (a quarter is its three months, as the units count), and an analyst could
 * subtract one published table from another: see enteredValue.
 */
export function overlappingPeriods(indicatorId: string, asked: string, ofYear: AcceptedOfYear): string[] {
  const withReturns = [...ofYear].filter(([, rows]) => rows.some((r) => r.indicatorId === indicatorId)).map(([key]) => key);
  const component = new Set([asked]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const key of withReturns) {
      if (component.has(key) || ![...component].some((member) => overlap(runOf(member), runOf(key)))) continue;
      component.add(key);
      grew = true;
    }
  }
  component.delete(asked);
  return [...component].sort();
}

function sumOf(rows: readonly AcceptedReturn[], key: string, ratio: boolean): Cell {
  const denominators = rows.map((r) => r.denominator ?? 0);
  return { key, numerator: rows.reduce((s, r) => s + r.numerator, 0), denominator: ratio ? denominators.reduce((s, d) => s + d, 0) : null };
}

function cellValue(definition: IndicatorDefinition, cell: { numerator: number; denominator: number | null; suppressed: boolean }, district: string | null): IndicatorCellValue {
  if (cell.suppressed) return { district, numerator: null, denominator: null, value: null, suppressed: true };
  const value = definition.denominator === null ? cell.numerator : cell.denominator ? Math.round((cell.numerator / cell.denominator) * 10_000) / 100 : null;
  return { district, numerator: cell.numerator, denominator: cell.denominator, value, suppressed: false };
}

const provenanceOf = (rows: readonly AcceptedReturn[]): Provenance[] =>
  rows.map((r) => ({ unit: r.unitCode, line: r.line, district: r.districtCode, enteredAt: r.enteredAt, reviewedAt: r.reviewedAt }));

/** The city figure of one indicator from a period's returns: the units' city-wide returns where there are any, else the sum of their district returns. */
function totalOf(definition: IndicatorDefinition, rows: readonly AcceptedReturn[]): { total: Cell; cityRows: AcceptedReturn[]; districtRows: AcceptedReturn[]; totalRows: AcceptedReturn[] } {
  const mine = rows.filter((r) => r.indicatorId === definition.id);
  const cityRows = mine.filter((r) => r.districtCode === null);
  const districtRows = mine.filter((r) => r.districtCode !== null);
  const totalRows = cityRows.length > 0 ? cityRows : districtRows;
  return { total: sumOf(totalRows, 'city', definition.denominator !== null), cityRows, districtRows, totalRows };
}

/**
 * How a period's figure of one indicator is published when other periods of
 * the year with returns overlap it: `totalsShown` is false when the city
 * figure of any of them is below k.
 */
export interface Overlapping {
  totalsShown: boolean;
}

/**
 * One entered indicator for the period, city-wide (district null) or for a
 * district. Alone in its year, its district breakdown goes through the
 * small-cell rule (the only sum tying it is districts to the city, and the
 * hidden cells add up to k or more, so none is bounded away from 0 or k).
 * With overlapping periods (`overlapping`), every district cell of each of
 * them is hidden and the city figures are shown only when none is below k:
 * then moving a district's figures to another district in every period, or
 * every district's into one, keeps every published figure and every sum
 * across periods, so each hidden cell may be anything from 0 to its city
 * figure (k or more); with a city figure below k, all of them are hidden.
 */
export function enteredValue(definition: IndicatorDefinition, rows: readonly AcceptedReturn[], district: string | null, k: number, overlapping?: Overlapping): EnteredValue {
  const ratio = definition.denominator !== null;
  const { total, districtRows, totalRows } = totalOf(definition, rows);
  const districts = [...new Set(districtRows.map((r) => r.districtCode!))].sort();
  const protectedTable = protectTable(total, districts.map((d) => sumOf(districtRows.filter((r) => r.districtCode === d), d, ratio)), k);
  const table = overlapping
    ? { total: { ...protectedTable.total, suppressed: !overlapping.totalsShown || tooSmall(total, k) }, cells: protectedTable.cells.map((c) => ({ ...c, suppressed: true })) }
    : protectedTable;
  const byDistrict = table.cells.map((c) => cellValue(definition, c, c.key));
  const pickedRows = district === null ? totalRows : districtRows.filter((r) => r.districtCode === district);
  const returned = pickedRows.length > 0;
  const picked = !returned
    ? { district, numerator: null, denominator: null, value: null, suppressed: false }
    : district === null
      ? cellValue(definition, table.total, null)
      : byDistrict.find((c) => c.district === district)!;
  const target = definition.target;
  const met = target === null || picked.value === null ? null : target.direction === 'AT_LEAST' ? picked.value >= target.value : picked.value <= target.value;
  return { ...picked, definition, returned, met, provenance: provenanceOf(pickedRows), byDistrict };
}

/** Every entered indicator for the period: those not returned yet are listed with no figure. */
export async function enteredIndicators(ctx: HubContext, period: Period, district: string | null, k: number): Promise<EnteredValue[]> {
  const ofYear = await acceptedOfYear(ctx, period.year);
  const asked = periodKey(period.year, period.fromMonth, period.toMonth);
  const rows = ofYear.get(asked) ?? [];
  return enterableIndicators().map((definition) => {
    const others = rows.some((r) => r.indicatorId === definition.id) ? overlappingPeriods(definition.id, asked, ofYear) : [];
    if (others.length === 0) return enteredValue(definition, rows, district, k);
    const totalsShown = others.every((key) => !tooSmall(totalOf(definition, ofYear.get(key)!).total, k));
    return enteredValue(definition, rows, district, k, { totalsShown });
  });
}
