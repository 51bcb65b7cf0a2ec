// ROC dates are range-checked: a year the agency mistyped (999/12/31 would be
// 2910) is refused instead of stored as a date nobody can have.
import { describe, expect, it } from '@jest/globals';
import { parseRocDate, ROC_DATE_RANGES } from './roc-date.ts';

const iso = (raw: string, range?: Parameters<typeof parseRocDate>[1]) => {
  const result = parseRocDate(raw, range);
  return result.ok ? result.date.toISOString().slice(0, 10) : result.reason;
};

describe('ROC date range', () => {
  it('refuses 999/12/31 (the year 2910) instead of storing it', () => {
    expect(parseRocDate('999/12/31')).toEqual({ ok: false, reason: expect.stringMatching(/^"999\/12\/31" is after \d{3}\/12\/31, later than any date the registers hold$/) });
    expect(parseRocDate('9991231').ok).toBe(false);
  });

  it('takes dates from ROC year 1 (1912) to a few years ahead, for validity ends and planned dates', () => {
    expect(iso('1/01/01')).toBe('1912-01-01');
    expect(iso('112/03/05')).toBe('2023-03-05');
    const ahead = new Date();
    const year = ahead.getUTCFullYear() + 5 - 1911;
    expect(iso(`${year}/06/30`)).toBe(`${year + 1911}-06-30`);
    expect(parseRocDate(`${year + 3}/01/01`).ok).toBe(false);
  });

  it('refuses a future date where the field records what already happened', () => {
    const nextYear = new Date().getUTCFullYear() + 1 - 1911;
    expect(iso(`${nextYear}/12/31`, ROC_DATE_RANGES.past)).toMatch(/^"\d+\/12\/31" is after \d+\/\d{2}\/\d{2}, a date that has not happened yet$/);
    expect(iso('112/03/05', ROC_DATE_RANGES.past)).toBe('2023-03-05');
  });
});
