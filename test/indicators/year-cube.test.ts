// Protection across periods: a quarter or month hidden in one answer cannot
// be worked out from the year and the other periods, nor a district from the
// city and the other districts.
import { describe, expect, it } from '@jest/globals';
import { indicatorById } from '../../src/indicators/catalogue.ts';
import { periodKey, periodsOfYear, protectYear, type CountRow } from '../../src/indicators/year-cube.ts';

const CONTACTS = indicatorById('VULNERABLE_FAMILY_CONTACTS_PHONE')!;
const IN_SERVICE = indicatorById('VULNERABLE_FAMILY_SERVICES')!;
const key = (quarter: number | null, month: number | null) => periodKey({ year: 2023, quarter, month });

/** Contacts in two districts, every month 20, except district A in May (month 5): 3. */
function rows(indicator: string): CountRow[] {
  const result: CountRow[] = [];
  for (const period of periodsOfYear(2023)) {
    const months = period.month ? [period.month] : period.quarter ? [1, 2, 3].map((m) => (period.quarter! - 1) * 3 + m) : Array.from({ length: 12 }, (_, i) => i + 1);
    for (const district of ['A', 'B']) {
      const numerator = months.reduce((sum, month) => sum + (district === 'A' && month === 5 ? 3 : 20), 0);
      result.push({ period: periodKey(period), indicator, district, numerator, denominator: null });
    }
  }
  return result;
}

describe('protection across periods and districts', () => {
  const table = protectYear(CONTACTS, 2023, rows(CONTACTS.id), 5, { places: ['A', 'B'] }).periods;
  const hidden = (period: string, district: string) => {
    const p = table.get(period)!;
    return (district === 'total' ? p.total : p.districts.find((c) => c.key === district)!).suppressed;
  };

  it('hides the small month and enough around it that no sum gives it back', () => {
    expect(hidden(key(null, 5), 'A')).toBe(true);
    // Quarter 2 of A = April + May + June: with May hidden, one more month of A's quarter is hidden.
    expect([4, 6].some((m) => hidden(key(null, m), 'A'))).toBe(true);
    // The city's May = A + B: B's May is hidden with A's.
    expect(hidden(key(null, 5), 'B')).toBe(true);
  });

  it('leaves no sum with exactly one hidden member, over districts or over time', () => {
    const places = ['A', 'B', 'total'];
    const sums: [string, string][][] = [];
    for (const period of periodsOfYear(2023).map(periodKey)) sums.push([[period, 'total'], [period, 'A'], [period, 'B']]);
    for (const place of places) {
      sums.push([[key(null, null), place], ...[1, 2, 3, 4].map((q): [string, string] => [key(q, null), place])]);
      for (const q of [1, 2, 3, 4]) sums.push([[key(q, null), place], ...[1, 2, 3].map((m): [string, string] => [key(null, (q - 1) * 3 + m), place])]);
    }
    for (const members of sums) expect(members.filter(([period, place]) => hidden(period, place)).length).not.toBe(1);
  });

  it("ties cases in service across districts by sums: the city's May is A + B, so B's May is hidden with A's", () => {
    const inService = protectYear(IN_SERVICE, 2023, rows(IN_SERVICE.id), 5, { places: ['A', 'B'] }).periods;
    expect(['A', 'B'].map((d) => inService.get(key(null, 5))!.districts.find((c) => c.key === d)!.suppressed)).toEqual([true, true]);
  });

  it('leaves no hidden month of cases in service alone under its shown quarter, which would bound it from below', () => {
    const inService = protectYear(IN_SERVICE, 2023, rows(IN_SERVICE.id), 5, { places: ['A', 'B'] }).periods;
    const a = (period: string) => inService.get(period)!.districts.find((c) => c.key === 'A')!.suppressed;
    // A's second quarter is at most April + May + June: with both shown it would bound May from below; the district's whole year goes.
    expect(periodsOfYear(2023).map((p) => a(periodKey(p)))).toEqual(periodsOfYear(2023).map(() => true));
    // The city's year is not hidden for it.
    expect(inService.get(key(null, null))!.total.suppressed).toBe(false);
  });
});
