// Turns a protected period of an indicator (its total and district cells,
// see year-cube.ts) into the published value: city-wide or one district,
// the district breakdown, and the value against the target.
import type { IndicatorDefinition } from './catalogue.ts';
import type { Period } from './period.ts';
import type { ProtectedCell } from './suppression.ts';
import type { ProtectedPeriod } from './year-cube.ts';

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

/** The published value: the count, or a rate in percent to two decimals (null with nothing to divide by). */
export function valueOf(definition: IndicatorDefinition, numerator: number, denominator: number | null): number | null {
  if (definition.unit !== 'PERCENT') return numerator;
  return denominator ? Math.round((numerator / denominator) * 10_000) / 100 : null;
}

function shown(definition: IndicatorDefinition, cell: ProtectedCell, district: string | null): IndicatorCellValue {
  if (cell.suppressed) return { district, numerator: null, denominator: null, value: null, suppressed: true };
  return { district, numerator: cell.numerator, denominator: cell.denominator, value: valueOf(definition, cell.numerator, cell.denominator), suppressed: false };
}

/** The indicator for the period, city-wide (district null) or for one district, as the protected table shows it. */
export function evaluateIndicator(definition: IndicatorDefinition, period: Period, table: ProtectedPeriod, district: string | null): IndicatorValue {
  const ratio = definition.denominator !== null;
  const byDistrict = table.districts.map((c) => shown(definition, c, c.key));
  const empty: IndicatorCellValue = { district, numerator: 0, denominator: ratio ? 0 : null, value: ratio ? null : 0, suppressed: false };
  const picked = district === null ? shown(definition, table.total, null) : (byDistrict.find((c) => c.district === district) ?? empty);
  return { ...picked, definition, period, met: targetMet(definition, picked.value), byDistrict };
}

/** Whether a value meets the indicator's target; null without a target or a value. Takes only the target, so an export can judge a district's value by it. */
export function targetMet(definition: Pick<IndicatorDefinition, 'target'>, value: number | null): boolean | null {
  const target = definition.target;
  return target === null || value === null ? null : target.direction === 'AT_LEAST' ? value >= target.value : value <= target.value;
}
