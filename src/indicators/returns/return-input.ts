// What makes a return (填報) acceptable before anything is written: the
// indicator is one the caller's unit enters, the period is a year, quarter,
// month or run of months, the district and line exist, and the figures are
// whole numbers that fit the indicator (a share never above its whole).
// Pure: the GraphQL layer turns the problems into BAD_USER_INPUT by field.
import { DISTRICT_CODES } from '../../domain/codes.ts';
import { textProblem } from '../../domain/input-checks.ts';
import { INDICATORS, indicatorById, type IndicatorDefinition } from '../catalogue.ts';
import { resolvePeriod, type Period } from '../period.ts';

export const MAX_EVIDENCE = 2000;
export const MAX_LINE = 120;
/** Larger than any count a unit of one city reports; a typo past it is refused, not published. */
export const MAX_FIGURE = 10_000_000;

export interface ReturnInput {
  indicatorId: string;
  year: number;
  quarter?: number | null;
  month?: number | null;
  fromMonth?: number | null;
  toMonth?: number | null;
  district?: string | null;
  line?: string | null;
  numerator: number;
  denominator?: number | null;
  evidence: string;
}

export interface CheckedReturn {
  definition: IndicatorDefinition;
  period: Period;
  district: string | null;
  line: string;
  numerator: number;
  denominator: number | null;
  evidence: string;
}

export type Problem = { field: string; reason: string };

/** Indicators the unit enters as returns. */
export function enteredByUnit(unit: string): IndicatorDefinition[] {
  return enterableIndicators().filter((d) => (d.enteredBy as readonly string[]).includes(unit));
}

/** Every indicator of the catalogue that is entered as a return. */
export function enterableIndicators(): IndicatorDefinition[] {
  return INDICATORS.filter((d) => d.enteredBy !== undefined && d.enteredBy.length > 0);
}

function figureProblem(value: number | null | undefined, required: boolean): string | null {
  if (value === null || value === undefined) return required ? 'is required' : null;
  if (!Number.isInteger(value) || value < 0) return 'must be a whole number, 0 or more';
  if (value > MAX_FIGURE) return `must be at most ${MAX_FIGURE.toLocaleString('en')}`;
  return null;
}

function lineProblem(definition: IndicatorDefinition, line: string): string | null {
  const lines = definition.lines;
  if (lines === undefined) return line === '' ? null : 'this indicator is not split into lines; leave it out';
  if (lines === 'free') return line === '' ? 'is required (the plan line the figure is for)' : textProblem(line, { required: true, max: MAX_LINE });
  return lines.includes(line) ? null : `must be one of ${lines.join(', ')}`;
}

/** The return as it will be stored, or every problem with it, by field. */
export function checkReturn(input: ReturnInput, unit: string): { ok: true; value: CheckedReturn } | { ok: false; problems: Problem[] } {
  const definition = indicatorById(input.indicatorId);
  if (!definition || !definition.enteredBy?.length) {
    return { ok: false, problems: [{ field: 'indicatorId', reason: definition ? 'is computed by the hub, not entered' : 'is not an indicator of the catalogue' }] };
  }
  if (!(definition.enteredBy as readonly string[]).includes(unit)) {
    return { ok: false, problems: [{ field: 'indicatorId', reason: `is entered by ${definition.enteredBy.join(', ')}, not by ${unit}` }] };
  }
  const problems: Problem[] = [];
  const period = resolvePeriod({ year: input.year, quarter: input.quarter, month: input.month, fromMonth: input.fromMonth, toMonth: input.toMonth });
  if (!period.ok) problems.push({ field: period.field, reason: period.reason });
  const district = input.district ?? null;
  if (district !== null && !(DISTRICT_CODES as readonly string[]).includes(district)) problems.push({ field: 'district', reason: `"${district}" is not a district code` });
  const line = (input.line ?? '').trim();
  const lineReason = lineProblem(definition, line);
  if (lineReason) problems.push({ field: 'line', reason: lineReason });
  const numeratorReason = figureProblem(input.numerator, true);
  if (numeratorReason) problems.push({ field: 'numerator', reason: numeratorReason });
  const ratio = definition.denominator !== null;
  const denominator = input.denominator ?? null;
  const denominatorReason = ratio ? figureProblem(denominator, true) : denominator === null ? null : 'this indicator is a count; leave it out';
  if (denominatorReason) problems.push({ field: 'denominator', reason: denominatorReason });
  else if (ratio && numeratorReason === null && denominator! < input.numerator) problems.push({ field: 'numerator', reason: `must not exceed the denominator (${denominator})` });
  const evidenceReason = textProblem(input.evidence, { required: true, max: MAX_EVIDENCE });
  if (evidenceReason) problems.push({ field: 'evidence', reason: evidenceReason });
  if (problems.length > 0 || !period.ok) return { ok: false, problems };
  return { ok: true, value: { definition, period: period.period, district, line, numerator: input.numerator, denominator: ratio ? denominator : null, evidence: input.evidence.trim() } };
}
