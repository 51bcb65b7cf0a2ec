// Runs of months (January–April, year to date): resolved as periods, and
// protected so that they add nothing to what the year's protected cells say
// (src/indicators/month-ranges.ts). Pure logic: no database.
import { describe, expect, it } from '@jest/globals';
import { indicatorById } from '../../src/indicators/catalogue.ts';
import { inLinearSpan, protectMonthRange } from '../../src/indicators/month-ranges.ts';
import { isBasePeriod, parseReportKey, reportKey, resolvePeriod, type Period } from '../../src/indicators/period.ts';
import { periodKey, periodsOfYear, protectYear, type CountRow } from '../../src/indicators/year-cube.ts';

const CONTACTS = indicatorById('VULNERABLE_FAMILY_CONTACTS_PHONE')!;
const IN_SERVICE = indicatorById('VULNERABLE_FAMILY_SERVICES')!;
const PLACES = ['A', 'B', 'C'];

function run(fromMonth: number, toMonth: number): Period {
  const resolved = resolvePeriod({ year: 2023, fromMonth, toMonth });
  if (!resolved.ok) throw new Error(resolved.reason);
  return resolved.period;
}
const monthsOf = (p: Period) => Array.from({ length: p.toMonth - p.fromMonth + 1 }, (_, i) => p.fromMonth + i);

/** Events per district and month (`perMonth(place, month)`), for the year's periods and the runs asked for: runs of events are sums of months. */
function eventRows(perMonth: (place: string, month: number) => number, runs: Period[]): CountRow[] {
  return [...periodsOfYear(2023), ...runs].flatMap((period) =>
    PLACES.map((district) => ({ period: periodKey(period), indicator: CONTACTS.id, district, numerator: monthsOf(period).reduce((sum, m) => sum + perMonth(district, m), 0), denominator: null })),
  );
}

describe('a run of months as a period', () => {
  it('resolves a run, year to date, and a run that is a quarter, a month or the year as that period', () => {
    expect(run(1, 4)).toMatchObject({ fromMonth: 1, toMonth: 4, quarter: null, month: null, label: '2023-01–04 (民國112年1至4月)' });
    expect(resolvePeriod({ year: 2023, toMonth: 10 })).toMatchObject({ ok: true, period: { fromMonth: 1, toMonth: 10 } });
    expect(run(4, 6)).toMatchObject({ quarter: 2, month: null });
    expect(run(7, 7)).toMatchObject({ quarter: null, month: 7 });
    expect(run(1, 12)).toMatchObject({ quarter: null, month: null });
    expect(isBasePeriod(run(1, 12))).toBe(true);
    expect(isBasePeriod(run(1, 4))).toBe(false);
    expect(run(1, 4).to.toISOString().slice(0, 10)).toBe('2023-05-01');
  });

  it('keys a run so that it parses back, and a run equal to a quarter has the quarter\'s key', () => {
    const jan2apr = run(1, 4);
    expect(parseReportKey(reportKey(jan2apr, 'XITUN'))).toMatchObject({ district: 'XITUN', period: { fromMonth: 1, toMonth: 4 } });
    expect(reportKey(run(1, 3), null)).toBe(reportKey((resolvePeriod({ year: 2023, quarter: 1 }) as { period: Period }).period, null));
    expect(periodKey(jan2apr)).toBe('2023:1-4:');
    // A forged key that names a quarter and a run at once is no report.
    expect(parseReportKey('2023:1:::1-4')).toBeNull();
  });

  it('names the field and the reason for a run that is not one', () => {
    const refused = (input: Parameters<typeof resolvePeriod>[0]) => resolvePeriod(input);
    expect(refused({ year: 2023, fromMonth: 5, toMonth: 4 })).toEqual({ ok: false, field: 'toMonth', reason: 'must not be before fromMonth' });
    expect(refused({ year: 2023, fromMonth: 2 })).toMatchObject({ ok: false, field: 'toMonth' });
    expect(refused({ year: 2023, fromMonth: 0, toMonth: 4 })).toMatchObject({ ok: false, field: 'fromMonth', reason: 'must be 1 to 12' });
    expect(refused({ year: 2023, toMonth: 13 })).toMatchObject({ ok: false, field: 'toMonth', reason: 'must be 1 to 12' });
    expect(refused({ year: 2023, quarter: 1, toMonth: 4 })).toMatchObject({ ok: false, field: 'fromMonth' });
  });
});

describe('a run of months tells nothing the year does not', () => {
  it('finds a combination of periods by elimination', () => {
    const m = (month: number) => Array.from({ length: 12 }, (_, i) => (i + 1 === month ? 1 : 0));
    const q1 = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(inLinearSpan([q1, m(4)], [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(true);
    expect(inLinearSpan([q1, m(1)], [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(true);
    expect(inLinearSpan([q1, m(4)], [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(false);
  });

  it('shows a run of events exactly when the shown months, quarters and year of its place add up to it', () => {
    // A: 20 a month but May 2; B: 30; C: 40. The rules hide A's and B's April and May (the city's May and A's quarter need
    // two hidden each); quarters, June and the year stay shown.
    const perMonth = (place: string, month: number) => (place === 'A' ? (month === 5 ? 2 : 20) : place === 'B' ? 30 : 40);
    const runs = [run(1, 4), run(4, 5), run(1, 5), run(6, 10)];
    const rows = eventRows(perMonth, runs);
    const year = protectYear(CONTACTS, 2023, rows, 5, { places: PLACES }).periods;
    const hiddenMonths = (place: string) => periodsOfYear(2023).filter((p) => p.month !== null && year.get(periodKey(p))!.districts.find((c) => c.key === place)!.suppressed).map((p) => p.month);
    expect([hiddenMonths('A'), hiddenMonths('B'), hiddenMonths('C')]).toEqual([[4, 5], [4, 5], []]);
    const cell = (p: Period, place: string) => {
      const protectedPeriod = protectMonthRange(CONTACTS, p, year, rows, 5);
      return place === 'total' ? protectedPeriod.total : protectedPeriod.districts.find((c) => c.key === place)!;
    };
    // January–April of A would give April (80 − the first quarter), and with the second quarter and June, May: hidden.
    expect(cell(run(1, 4), 'A').suppressed).toBe(true);
    expect(cell(run(1, 4), 'B').suppressed).toBe(true);
    // April–May of A is the second quarter less June, both shown: it tells nothing new, so it is shown; so is January–May.
    expect(cell(run(4, 5), 'A')).toMatchObject({ numerator: 22, suppressed: false });
    expect(cell(run(1, 5), 'A')).toMatchObject({ numerator: 82, suppressed: false });
    expect(cell(run(1, 4), 'C')).toMatchObject({ numerator: 160, suppressed: false });
    expect(cell(run(6, 10), 'B')).toMatchObject({ numerator: 150, suppressed: false });
    expect(cell(run(1, 4), 'total')).toMatchObject({ numerator: 80 + 120 + 160, suppressed: false });
  });

  it('shows a run of cases in service city-wide only, and only when it leaves each district with a hidden cell free to hold none and k or more', () => {
    const jan2apr = run(1, 4);
    /** Cases open all year: the same count in any period; C holds `inC`. `hideOnlyC`: the year as if only C's cells were hidden. */
    const protectedRun = (inC: number, hideOnlyC = false) => {
      const rows: CountRow[] = [...periodsOfYear(2023), jan2apr].flatMap((period) =>
        PLACES.map((district) => ({ period: periodKey(period), indicator: IN_SERVICE.id, district, numerator: district === 'C' ? inC : 40, denominator: null })),
      );
      let year = protectYear(IN_SERVICE, 2023, rows, 5, { places: PLACES }).periods;
      if (hideOnlyC) {
        year = new Map([...year].map(([key, p]) => [key, { total: { ...p.total, suppressed: false }, districts: p.districts.map((c) => ({ ...c, suppressed: c.key === 'C' })) }]));
      }
      return protectMonthRange(IN_SERVICE, jan2apr, year, rows, 5);
    };
    expect(protectedRun(30).total).toMatchObject({ numerator: 110, suppressed: false });
    expect(protectedRun(30).districts.every((c) => c.suppressed)).toBe(true);
    // Only C hidden, holding 2: the city's run less what A and B hold at least (their shown months, 40 each) is 2: C would be proven small.
    expect(protectedRun(2, true).total.suppressed).toBe(true);
    // Only C hidden, holding 30: A and B hold at most their year (40 each), so C's run would be proven at least 30: present.
    expect(protectedRun(30, true).total.suppressed).toBe(true);
    // As the rules protect it, C (2) is hidden with A: the city's run less B's 40 leaves both free, so it is shown.
    expect(protectedRun(2).total).toMatchObject({ numerator: 82, suppressed: false });
  });
});
