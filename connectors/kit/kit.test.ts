import { describe, expect, it } from '@jest/globals';
import { isStale } from './freshness.ts';
import { formatRocDate, parseRocDate } from './roc-date.ts';
import { cleanName, cleanText } from './text.ts';

describe('ROC dates', () => {
  it.each([
    ['112/03/05', '2023-03-05'],
    ['112-3-5', '2023-03-05'],
    ['1120305', '2023-03-05'],
    ['0680504', '1979-05-04'],
    ['６８/０５/０４', '1979-05-04'],
    [' 99/12/31 ', '2010-12-31'],
  ])('reads %s as %s', (raw, iso) => {
    const result = parseRocDate(raw);
    expect(result.ok && result.date.toISOString().slice(0, 10)).toBe(iso);
  });

  it.each([
    ['', 'date is empty'],
    ['112/02/30', '"112/02/30" is not a date in the calendar'],
    ['2023-03-05', '"2023-03-05" is not an ROC date (e.g. 112/03/05)'],
    ['abc', '"abc" is not an ROC date (e.g. 112/03/05)'],
  ])('refuses %s: %s', (raw, reason) => {
    expect(parseRocDate(raw)).toEqual({ ok: false, reason });
  });

  it('writes dates back in the agency form', () => {
    expect(formatRocDate(new Date('2023-03-05T00:00:00Z'))).toBe('112/03/05');
  });
});

describe('agency text', () => {
  it('turns full-width characters and spaces into their plain forms', () => {
    expect(cleanText('臺中市　西屯區ＡＢＣ路１２號  ')).toBe('臺中市 西屯區ABC路12號');
    expect(cleanName(' 王　大明 ')).toBe('王大明');
    expect(cleanName('   ')).toBeNull();
  });
});

describe('freshness', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it.each([
    [null, 24, true],
    ['2026-11-25T00:00:00Z', 24, false],
    ['2026-11-24T11:59:59Z', 24, true],
    ['2026-11-01T00:00:00Z', 24 * 31, false],
  ])('a source last synced at %s with a cadence of %i h is stale: %s', (last, cadence, stale) => {
    expect(isStale(last === null ? null : new Date(last), cadence, now)).toBe(stale);
  });
});
