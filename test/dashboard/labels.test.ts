// The dashboard's own words and rules, run in Node on the browser modules
// themselves (they touch no DOM): every catalogue reason and reported figure
// has Chinese, district tiles compare like with like, and the year list
// holds only years with data. The browser test checks the same on the page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { INDICATORS } from '../../src/indicators/catalogue.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- browser modules without types */
let labels: any;
let compare: any;
const load = (file: string) => import(pathToFileURL(path.resolve('src/dashboard', file)).href);

const LATIN_WORD = /[A-Za-z]{2,}/;
const CJK = /[\u3400-\u9fff]/;

beforeAll(async () => {
  labels = await load('labels.js');
  compare = await load('compare.js');
});

describe('Chinese for what the catalogue gives in English', () => {
  const withReason = INDICATORS.filter((i) => i.notCarriedBecause);

  it('has a Chinese reason for every catalogue indicator the hub cannot compute, for the reason the catalogue gives today', () => {
    expect(withReason.length).toBeGreaterThan(0);
    const missing = withReason.filter((i) => {
      const reason = labels.notCarriedReason('zh', i);
      return reason.lang !== 'zh-Hant-TW' || LATIN_WORD.test(reason.text.replace(/CASES_AT_RISK_YOUTH/, '')) || !CJK.test(reason.text);
    });
    expect(missing.map((i) => i.id)).toEqual([]);
  });

  it('keeps the English reason, marked as English, when the catalogue’s reason changed after it was translated', () => {
    const indicator = { ...withReason[0]!, notCarriedBecause: 'a reason written after the translation' };
    expect(labels.notCarriedReason('zh', indicator)).toEqual({ text: 'a reason written after the translation', lang: 'en' });
    expect(labels.notCarriedReason('en', withReason[0]!)).toEqual({ text: withReason[0]!.notCarriedBecause, lang: 'en' });
  });

  it('writes every 2023 reported figure without English words in Chinese', () => {
    const english = INDICATORS.filter((i) => LATIN_WORD.test(labels.reportedFigure('zh', i)));
    expect(english.map((i) => `${i.id}: ${labels.reportedFigure('zh', i)}`)).toEqual([]);
    const services = INDICATORS.find((i) => i.id === 'CASES_AT_RISK_YOUTH')!;
    expect(labels.reportedFigure('en', services)).toBe(services.reported2023);
  });

  it('has a Chinese heading for every indicator group the dashboard asks for', () => {
    const operation = readFileSync('operations/dashboard.graphql', 'utf8');
    const groups = [...new Set([...operation.matchAll(/^\s+(\w+Indicators) \{/gm)].map((m) => m[1]!))];
    expect(groups.length).toBeGreaterThan(4);
    expect(groups.filter((g) => !CJK.test(labels.groupHeading('zh', g)) || LATIN_WORD.test(labels.groupHeading('zh', g)))).toEqual([]);
  });

  it('says what went wrong in Chinese, whatever the hub’s English message', () => {
    for (const problem of [
      { message: 'Failed to fetch', codes: [] },
      { message: 'The welfare agency’s system does not answer', codes: ['UPSTREAM_UNAVAILABLE'] },
      { message: 'Too many requests', codes: ['RATE_LIMITED'] },
      { message: 'HTTP 500', codes: [], status: 500 },
      { message: 'Unexpected error', codes: ['INTERNAL_SERVER_ERROR'] },
    ]) {
      const text = labels.problemText('zh', problem);
      expect({ problem, text, english: LATIN_WORD.test(text.replace(/HTTP/, '')) }).toEqual({ problem, text, english: false });
      expect(labels.problemText('en', problem)).toContain(problem.message);
    }
  });
});

describe('the demo city', () => {
  it('is announced in both languages, and only when the hub serves one', () => {
    expect(labels.demoBanner('zh', { demo: true, scenario: null, scale: 0.01 })).toContain('示範資料 (模擬城市, 非真實個案)');
    expect(labels.demoBanner('en', { demo: true, scenario: null, scale: 0.01 })).toMatch(/^Demo data \(a simulated city, not real cases\)/);
    expect(labels.demoBanner('en', { demo: false })).toBeNull();
  });

  it('says a city at a fraction of the real one cannot be compared with the city’s reported figures; a scenario rebuilt to the report can', () => {
    expect(labels.demoComparisonNote('en', { demo: true, scenario: null, scale: 0.01 })).toMatch(/1% .*not comparable/);
    expect(labels.demoComparisonNote('zh', { demo: true, scenario: null, scale: 0.01 })).toMatch(/1%.*無法/);
    expect(labels.demoComparisonNote('en', { demo: true, scenario: 'taichung-2023', scale: null })).toBeNull();
    expect(labels.demoComparisonNote('en', { demo: false })).toBeNull();
  });
});

describe('what a tile compares itself with', () => {
  const count = { id: 'VULNERABLE_FAMILY_SERVICES', unit: 'CASES', value: 40, suppressed: false, target: null, reported2023: '28,960' };
  const rate = { id: 'SCHOOL_REFERRALS_OPENED', unit: 'PERCENT', value: 80, suppressed: false, target: 90, reported2023: '453 / 457 = 99.12%' };

  it('city-wide: the city’s 2023 reported figure', () => {
    expect(compare.tileComparison(count, { district: null, city: null })).toEqual({ kind: 'reported2023' });
    expect(compare.tileComparison(rate, { district: null, city: null })).toEqual({ kind: 'reported2023' });
  });

  it('in a district, a count is never set beside the city-wide count: the district’s share of the city, or nothing', () => {
    expect(compare.tileComparison(count, { district: 'XITUN', city: { ...count, value: 400 } })).toEqual({ kind: 'share', share: 10, cityValue: 400 });
    expect(compare.tileComparison(count, { district: 'XITUN', city: { ...count, value: null, suppressed: true } })).toBeNull();
    expect(compare.tileComparison(count, { district: 'XITUN', city: null })).toBeNull();
    expect(compare.tileComparison({ ...count, suppressed: true, value: null }, { district: 'XITUN', city: { ...count, value: 400 } })).toBeNull();
  });

  it('in a district, a rate is set beside the city’s rate for the same period', () => {
    expect(compare.tileComparison(rate, { district: 'XITUN', city: { ...rate, value: 95.5 } })).toEqual({ kind: 'cityRate', cityValue: 95.5 });
    expect(compare.tileComparison(rate, { district: 'XITUN', city: { ...rate, value: null, suppressed: true } })).toBeNull();
  });
});

describe('the year list', () => {
  const point = (year: number, values: { value: number | null; suppressed: boolean }[]) => ({ year, caseIndicators: values.map((v, i) => ({ id: `A${i}`, ...v })), minCellSize: 5 });

  it('offers the years in which some indicator has a figure, newest first', () => {
    const trend = [
      point(2018, [{ value: null, suppressed: false }, { value: 0, suppressed: false }]),
      point(2019, [{ value: 3, suppressed: false }]),
      point(2020, [{ value: null, suppressed: true }, { value: 12.5, suppressed: false }]),
      point(2021, [{ value: null, suppressed: true }]),
    ];
    expect(compare.yearsWithData(trend)).toEqual([2020, 2019]);
  });
});

describe('entered figures on the page', () => {
  it('say who reported them and on which Taipei day, in the reader\'s language', async () => {
    const provenance = [{ unit: 'EDUCATION', line: '', district: null, enteredAt: '2024-01-15T17:30:00.000Z', reviewedAt: '2024-01-20T02:00:00.000Z' }];
    expect(labels.reportedByText('zh', provenance)).toBe('教育局於2024-01-16填報');
    expect(labels.reportedByText('en', provenance)).toBe('Reported by Education on 2024-01-16');
    expect(labels.groupHeading('zh', 'enteredIndicators')).toBe('各單位填報(經幕僚單位審核)');
  });
});
