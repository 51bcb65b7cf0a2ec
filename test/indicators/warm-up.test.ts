// A process counts and audits the warm-up years as soon as it serves, so the
// first report of such a year answers from kept counts instead of counting the
// case work (seconds at whole-city scale); a year not warmed still counts on
// its first report. Only subgraphs served by the process are warmed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { warmIndicatorYears } from '../../connectors/kit/indicator-warm-up.ts';
import { indicatorWarmYearsFrom } from '../../src/config.ts';
import { onStatement } from '../../src/db/prisma.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const ANALYST: Caller = { unit: 'SOCIAL', sub: 'dashboard-warm', roles: ['ANALYST'], purpose: null };
const REPORT = `query ($year: Int!) { indicatorReport(year: $year) {
  caseIndicators { id value suppressed } welfareIndicators { id value suppressed } educationIndicators { id value suppressed }
  laborIndicators { id value suppressed } crossAgencyIndicators { id value suppressed } welfareCrossAgencyIndicators { id value suppressed } } }`;
const CASE_WORK_COUNT = /FROM core\.service_contact|FROM core\.intake|FROM core\."case"/;

describe('HUB_INDICATOR_WARM_YEARS', () => {
  const now = new Date('2026-12-05T12:00:00Z');
  it('warms the current and the previous year in production unless told otherwise, none elsewhere', () => {
    expect(indicatorWarmYearsFrom({ NODE_ENV: 'production' }, now)).toEqual([2025, 2026]);
    expect(indicatorWarmYearsFrom({ NODE_ENV: 'development' }, now)).toEqual([]);
    expect(indicatorWarmYearsFrom({}, now)).toEqual([]);
    expect(indicatorWarmYearsFrom({ NODE_ENV: 'production', HUB_INDICATOR_WARM_YEARS: 'none' }, now)).toEqual([]);
    expect(indicatorWarmYearsFrom({ HUB_INDICATOR_WARM_YEARS: '2023, 2024,2023' }, now)).toEqual([2023, 2024]);
  });

  it('refuses what is not a list of years, naming the setting', () => {
    expect(() => indicatorWarmYearsFrom({ HUB_INDICATOR_WARM_YEARS: '2023,last' }, now)).toThrow('HUB_INDICATOR_WARM_YEARS must be years from 2000 to 2100 separated by commas, or none; "last" is not one');
    expect(() => indicatorWarmYearsFrom({ HUB_INDICATOR_WARM_YEARS: '1999' }, now)).toThrow(/"1999" is not one/);
    expect(() => indicatorWarmYearsFrom({ HUB_INDICATOR_WARM_YEARS: '2020,2021,2022,2023,2024,2025' }, now)).toThrow('HUB_INDICATOR_WARM_YEARS names 6 years; at most 5');
  });
});

describe('warming indicator years at start', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    await seedDemoCity(hub.db.url, { scale: 0.002, seed: 5 });
  }, 120_000);
  afterAll(() => hub.stop());

  /** The report of a year, and the case-work counting statements it ran. */
  const report = async (year: number) => {
    const statements: string[] = [];
    const stop = onStatement((statement) => statements.push(statement));
    try {
      const response = await hub.query(REPORT, { year }, ANALYST);
      expect(response.errors).toBeUndefined();
      return { data: response.data!.indicatorReport, counting: statements.filter((s) => CASE_WORK_COUNT.test(s)) };
    } finally {
      stop();
    }
  };

  it('counts and audits every owner the process serves, cross-agency ones with their cohort’s publisher here', async () => {
    const all = await warmIndicatorYears([2023], allSubgraphs().map((s) => s.name));
    // Case work, welfare, education, labor; the dropout and the release-transition cross-agency counts.
    expect(all.owners).toBe(6);
    // A process serving only the cross-agency subgraph has no cohort here to count over: nothing but what it owns.
    expect((await warmIndicatorYears([2023], ['cross-agency'])).owners).toBe(0);
    expect((await warmIndicatorYears([2023], ['indicators', 'education-dropouts'])).owners).toBe(2);
    expect((await warmIndicatorYears([2023], ['indicators', 'education-dropouts', 'cross-agency'])).owners).toBe(3);
  });

  it('answers the first report of a warmed year without counting the case work, while a year not warmed counts it', async () => {
    const warmed = await report(2023);
    expect(warmed.counting).toEqual([]);
    expect(warmed.data.caseIndicators.length).toBeGreaterThan(0);
    const cold = await report(2022);
    expect(cold.counting.length).toBeGreaterThan(0);
  });
});
