// Entered figures as the indicator reports publish them: for each indicator
// the units enter, the newest return of each unit, district and line that
// the secretariat accepted for exactly the period asked, summed, with who
// reported it and when. Sums over districts go through the same small-cell
// rule as computed figures (a count below k is hidden with a complementary
// cell). One statement per request, whatever the number of reports asked.
import DataLoader from 'dataloader';
import { prisma } from '../../db/prisma.ts';
import type { HubContext } from '../../graph/context.ts';
import { requestLoader } from '../../../connectors/kit/subgraph-builder.ts';
import type { IndicatorDefinition } from '../catalogue.ts';
import type { IndicatorCellValue } from '../evaluate.ts';
import type { Period } from '../period.ts';
import { protectTable, type Cell } from '../suppression.ts';
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

/** The newest accepted return per indicator, place, line and unit, for each period: one statement for all of them. */
async function loadAccepted(keys: readonly string[]): Promise<AcceptedReturn[][]> {
  const parsed = keys.map((key) => key.split(/[:-]/).map(Number) as [number, number, number]);
  const rows = await prisma().$queryRaw<(AcceptedReturn & { year: number; fromMonth: number; toMonth: number })[]>`
    SELECT DISTINCT ON (year, from_month, to_month, indicator_id, COALESCE(district_code, ''), line, unit_code)
           year, from_month AS "fromMonth", to_month AS "toMonth", indicator_id AS "indicatorId", district_code AS "districtCode",
           line, unit_code AS "unitCode", numerator, denominator, entered_at AS "enteredAt", reviewed_at AS "reviewedAt"
      FROM core.indicator_return
     WHERE status = 'ACCEPTED'
       AND (year, from_month, to_month) IN (SELECT * FROM unnest(${parsed.map((p) => p[0])}::int[], ${parsed.map((p) => p[1])}::int[], ${parsed.map((p) => p[2])}::int[]))
     ORDER BY year, from_month, to_month, indicator_id, COALESCE(district_code, ''), line, unit_code, entered_at DESC, id DESC`;
  const byKey = new Map<string, AcceptedReturn[]>();
  for (const row of rows) {
    const key = periodKey(row.year, row.fromMonth, row.toMonth);
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  return keys.map((key) => byKey.get(key) ?? []);
}

export function acceptedReturns(ctx: HubContext, period: Period): Promise<AcceptedReturn[]> {
  const loader = requestLoader(ctx, 'acceptedReturns', () => new DataLoader<string, AcceptedReturn[]>(loadAccepted));
  return loader.load(periodKey(period.year, period.fromMonth, period.toMonth));
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

/**
 * One entered indicator for the period, city-wide (district null) or for a
 * district. The city figure is the units' city-wide returns where there are
 * any, else the sum of their district returns.
 */
export function enteredValue(definition: IndicatorDefinition, rows: readonly AcceptedReturn[], district: string | null, k: number): EnteredValue {
  const ratio = definition.denominator !== null;
  const mine = rows.filter((r) => r.indicatorId === definition.id);
  const cityRows = mine.filter((r) => r.districtCode === null);
  const districtRows = mine.filter((r) => r.districtCode !== null);
  const districts = [...new Set(districtRows.map((r) => r.districtCode!))].sort();
  const totalRows = cityRows.length > 0 ? cityRows : districtRows;
  const table = protectTable(
    sumOf(totalRows, 'city', ratio),
    districts.map((d) => sumOf(districtRows.filter((r) => r.districtCode === d), d, ratio)),
    k,
  );
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
  const rows = await acceptedReturns(ctx, period);
  return enterableIndicators().map((definition) => enteredValue(definition, rows, district, k));
}
