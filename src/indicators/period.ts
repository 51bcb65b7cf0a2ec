// The period an indicator is counted over: a year, a quarter or a month,
// shown with its ROC year (民國) beside the Gregorian one.

export interface PeriodInput {
  year: number;
  quarter?: number | null;
  month?: number | null;
}

export interface Period {
  year: number;
  rocYear: number;
  quarter: number | null;
  month: number | null;
  /** First day, inclusive. */
  from: Date;
  /** Day after the last, exclusive. */
  to: Date;
  /** e.g. "2023 Q1 (民國112年第1季)". */
  label: string;
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; field: string; reason: string };

/** Years the hub holds records for; anything else is a typo, not an empty period. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

export function resolvePeriod(input: PeriodInput): PeriodResult {
  const { year } = input;
  const quarter = input.quarter ?? null;
  const month = input.month ?? null;
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) return { ok: false, field: 'year', reason: `must be a Gregorian year from ${FIRST_YEAR} to ${LAST_YEAR}` };
  if (quarter !== null && month !== null) return { ok: false, field: 'month', reason: 'give a quarter or a month, not both' };
  if (quarter !== null && !(Number.isInteger(quarter) && quarter >= 1 && quarter <= 4)) return { ok: false, field: 'quarter', reason: 'must be 1 to 4' };
  if (month !== null && !(Number.isInteger(month) && month >= 1 && month <= 12)) return { ok: false, field: 'month', reason: 'must be 1 to 12' };
  const rocYear = year - 1911;
  const [firstMonth, months] = quarter !== null ? [(quarter - 1) * 3, 3] : month !== null ? [month - 1, 1] : [0, 12];
  const label =
    quarter !== null ? `${year} Q${quarter} (民國${rocYear}年第${quarter}季)` : month !== null ? `${year}-${String(month).padStart(2, '0')} (民國${rocYear}年${month}月)` : `${year} (民國${rocYear}年)`;
  return {
    ok: true,
    period: { year, rocYear, quarter, month, from: new Date(Date.UTC(year, firstMonth, 1)), to: new Date(Date.UTC(year, firstMonth + months, 1)), label },
  };
}

/** The entity key of an indicator report: period and district in one string. */
export function reportKey(period: Period, district: string | null): string {
  return [period.year, period.quarter ?? '', period.month ?? '', district ?? ''].join(':');
}

export function parseReportKey(key: string): { period: Period; district: string | null } | null {
  const [year, quarter, month, district] = key.split(':');
  const resolved = resolvePeriod({ year: Number(year), quarter: quarter ? Number(quarter) : null, month: month ? Number(month) : null });
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
