// The period an indicator is counted over: a year, a quarter, a month, or
// any run of whole months within one year (the coordination meeting's
// 4-month periods, year to date), shown with its ROC year (民國) beside the
// Gregorian one. A run that is a whole year, quarter or month is that period.

export interface PeriodInput {
  year: number;
  quarter?: number | null;
  month?: number | null;
  /** First month of a run of months (1–12); 1 when only toMonth is given (year to date). */
  fromMonth?: number | null;
  /** Last month of a run of months (1–12), inclusive. */
  toMonth?: number | null;
}

export interface Period {
  year: number;
  rocYear: number;
  quarter: number | null;
  month: number | null;
  /** First month, 1–12 (1 for the year). */
  fromMonth: number;
  /** Last month, 1–12, inclusive (12 for the year). */
  toMonth: number;
  /** First day, inclusive. */
  from: Date;
  /** Day after the last, exclusive. */
  to: Date;
  /** e.g. "2023 Q1 (民國112年第1季)", "2023-01–04 (民國112年1至4月)". */
  label: string;
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; field: string; reason: string };

/** Years the hub holds records for; anything else is a typo, not an empty period. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

const isMonth = (value: number) => Number.isInteger(value) && value >= 1 && value <= 12;
const twoDigits = (month: number) => String(month).padStart(2, '0');

/** The months a request names, or why they are not a period. */
function monthsOf(input: PeriodInput): { ok: true; first: number; last: number } | { ok: false; field: string; reason: string } {
  const quarter = input.quarter ?? null;
  const month = input.month ?? null;
  const fromMonth = input.fromMonth ?? null;
  const toMonth = input.toMonth ?? null;
  const ranged = fromMonth !== null || toMonth !== null;
  if (quarter !== null && month !== null) return { ok: false, field: 'month', reason: 'give a quarter or a month, not both' };
  if (ranged && (quarter !== null || month !== null)) return { ok: false, field: 'fromMonth', reason: 'give a quarter, a month or a run of months (fromMonth, toMonth), not more than one' };
  if (quarter !== null && !(Number.isInteger(quarter) && quarter >= 1 && quarter <= 4)) return { ok: false, field: 'quarter', reason: 'must be 1 to 4' };
  if (month !== null && !isMonth(month)) return { ok: false, field: 'month', reason: 'must be 1 to 12' };
  if (fromMonth !== null && !isMonth(fromMonth)) return { ok: false, field: 'fromMonth', reason: 'must be 1 to 12' };
  if (toMonth !== null && !isMonth(toMonth)) return { ok: false, field: 'toMonth', reason: 'must be 1 to 12' };
  if (ranged) {
    // A run without its end would be open-ended: the caller says where it stops; without its start it runs from January (year to date).
    if (toMonth === null) return { ok: false, field: 'toMonth', reason: 'is required with fromMonth (the last month of the run, inclusive)' };
    const first = fromMonth ?? 1;
    if (toMonth < first) return { ok: false, field: 'toMonth', reason: 'must not be before fromMonth' };
    return { ok: true, first, last: toMonth };
  }
  if (quarter !== null) return { ok: true, first: (quarter - 1) * 3 + 1, last: quarter * 3 };
  if (month !== null) return { ok: true, first: month, last: month };
  return { ok: true, first: 1, last: 12 };
}

export function resolvePeriod(input: PeriodInput): PeriodResult {
  const { year } = input;
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) return { ok: false, field: 'year', reason: `must be a Gregorian year from ${FIRST_YEAR} to ${LAST_YEAR}` };
  const months = monthsOf(input);
  if (!months.ok) return months;
  const { first, last } = months;
  const rocYear = year - 1911;
  // A run that is a whole year, quarter or month is that period: one cell, one key, whichever way it was asked.
  const isYear = first === 1 && last === 12;
  const quarter = !isYear && first % 3 === 1 && last === first + 2 ? (first + 2) / 3 : null;
  const month = first === last ? first : null;
  const label = isYear
    ? `${year} (民國${rocYear}年)`
    : quarter !== null
      ? `${year} Q${quarter} (民國${rocYear}年第${quarter}季)`
      : month !== null
        ? `${year}-${twoDigits(month)} (民國${rocYear}年${month}月)`
        : `${year}-${twoDigits(first)}–${twoDigits(last)} (民國${rocYear}年${first}至${last}月)`;
  return {
    ok: true,
    period: { year, rocYear, quarter, month, fromMonth: first, toMonth: last, from: new Date(Date.UTC(year, first - 1, 1)), to: new Date(Date.UTC(year, last, 1)), label },
  };
}

/** A year, quarter or month: the periods every year is counted and protected in together (year-cube.ts); any other run of months is derived from them. */
export const isBasePeriod = (p: Pick<Period, 'fromMonth' | 'toMonth' | 'quarter' | 'month'>) => (p.fromMonth === 1 && p.toMonth === 12) || p.quarter !== null || p.month !== null;

/** The entity key of an indicator report: period and district in one string ("2023:1::" Q1, "2023:::XITUN:1-4" Jan–Apr in XITUN). */
export function reportKey(period: Period, district: string | null): string {
  const fields = [period.year, period.quarter ?? '', period.month ?? '', district ?? ''];
  return (isBasePeriod(period) ? fields : [...fields, `${period.fromMonth}-${period.toMonth}`]).join(':');
}

export function parseReportKey(key: string): { period: Period; district: string | null } | null {
  const [year, quarter, month, district, run] = key.split(':');
  const [fromMonth, toMonth] = run ? run.split('-').map(Number) : [null, null];
  const resolved = resolvePeriod({ year: Number(year), quarter: quarter ? Number(quarter) : null, month: month ? Number(month) : null, fromMonth, toMonth });
  return resolved.ok ? { period: resolved.period, district: district || null } : null;
}

export type Granularity = 'YEAR' | 'QUARTER' | 'MONTH';

export type SeriesResult = { ok: true; periods: Period[] } | { ok: false; field: string; reason: string };

/** The periods of a trend series, in order: every year, quarter or month from fromYear through toYear. */
export function periodSeries(fromYear: number, toYear: number, granularity: Granularity, maxPoints: number): SeriesResult {
  for (const [field, year] of [['fromYear', fromYear], ['toYear', toYear]] as const) {
    const checked = resolvePeriod({ year });
    if (!checked.ok) return { ok: false, field, reason: checked.reason };
  }
  if (toYear < fromYear) return { ok: false, field: 'toYear', reason: 'must not be before fromYear' };
  const perYear = granularity === 'YEAR' ? 1 : granularity === 'QUARTER' ? 4 : 12;
  const points = (toYear - fromYear + 1) * perYear;
  if (points > maxPoints) return { ok: false, field: 'toYear', reason: `the series would have ${points} points; at most ${maxPoints} are allowed` };
  const periods: Period[] = [];
  for (let year = fromYear; year <= toYear; year += 1) {
    for (let index = 1; index <= perYear; index += 1) {
      const input = granularity === 'YEAR' ? { year } : granularity === 'QUARTER' ? { year, quarter: index } : { year, month: index };
      const resolved = resolvePeriod(input);
      if (resolved.ok) periods.push(resolved.period);
    }
  }
  return { ok: true, periods };
}
