// Turns the per-district counts an owning subgraph aggregated in SQL into
// published indicator values: the total, the district breakdown, both under
// small-cell protection, and the value against the target.
import type { IndicatorDefinition } from './catalogue.ts';
import type { Period } from './period.ts';
import { protectTable, type Cell } from './suppression.ts';

/** One row of an owner's aggregate query: counts of one district (null: persons without a known district). */
export interface DistrictCount {
  district: string | null;
  numerator: number;
  denominator: number | null;
}

export interface IndicatorCellValue {
  district: string | null;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  suppressed: boolean;
}

export interface IndicatorValue extends IndicatorCellValue {
  definition: IndicatorDefinition;
  period: Period;
  met: boolean | null;
  byDistrict: IndicatorCellValue[];
}

const UNKNOWN_DISTRICT = 'UNKNOWN';

function valueOf(definition: IndicatorDefinition, numerator: number, denominator: number | null): number | null {
  if (definition.unit !== 'PERCENT') return numerator;
  return denominator ? Math.round((numerator / denominator) * 10_000) / 100 : null;
}

function shown(definition: IndicatorDefinition, cell: Cell & { suppressed: boolean }, district: string | null): IndicatorCellValue {
  if (cell.suppressed) return { district, numerator: null, denominator: null, value: null, suppressed: true };
  return { district, numerator: cell.numerator, denominator: cell.denominator, value: valueOf(definition, cell.numerator, cell.denominator), suppressed: false };
}

/**
 * The indicator for the period, city-wide or for one district. The whole
 * breakdown is protected before one district is picked, so a district asked
 * for alone shows as it does in the breakdown.
 */
export function evaluateIndicator(definition: IndicatorDefinition, period: Period, counts: DistrictCount[], k: number, district: string | null): IndicatorValue {
  const ratio = definition.denominator !== null;
  const cells: Cell[] = counts.map((c) => ({ key: c.district ?? UNKNOWN_DISTRICT, numerator: c.numerator, denominator: ratio ? (c.denominator ?? 0) : null }));
  const total: Cell = { key: 'total', numerator: cells.reduce((s, c) => s + c.numerator, 0), denominator: ratio ? cells.reduce((s, c) => s + (c.denominator ?? 0), 0) : null };
  const table = protectTable(total, cells, k);
  const byDistrict = table.cells.map((c) => shown(definition, c, c.key)).sort((a, b) => (a.district ?? '').localeCompare(b.district ?? ''));
  const picked = district === null ? shown(definition, table.total, null) : (byDistrict.find((c) => c.district === district) ?? { district, numerator: 0, denominator: ratio ? 0 : null, value: ratio ? null : 0, suppressed: false });
  const target = definition.target;
  const met = target === null || picked.value === null ? null : target.direction === 'AT_LEAST' ? picked.value >= target.value : picked.value <= target.value;
  return { ...picked, definition, period, met, byDistrict };
}
