// The analyst's attack on a year of published aggregates, shared by the
// disclosure test (a small demo city) and the 2023 scenario test: collect
// every cell the API publishes for the year (17 periods, every indicator,
// city-wide and by district), take the truth from the owners' own counts,
// and bound every hidden cell below k with the linear programme of
// src/indicators/disclosure-audit.ts.
import { expect } from '@jest/globals';
import { educationIndicatorCounts } from '../../connectors/education-dropouts/indicators.ts';
import { laborIndicatorCounts } from '../../connectors/labor-referrals/indicators.ts';
import { welfareIndicatorCounts } from '../../connectors/welfare-subsidies/indicators.ts';
import { caseIndicatorCounts } from '../../src/indicators/case-counts.ts';
import { indicatorById } from '../../src/indicators/catalogue.ts';
import { attackKey, feasibleIntervals, groupRelations, isPinned, type Constraint } from '../../src/indicators/disclosure-audit.ts';
import { CITY_PLACES, periodKey, periodsOfYear, protectYear } from '../../src/indicators/year-cube.ts';
import type { Caller } from './test-auth.ts';
import type { TestHub } from './test-hub.ts';

export interface PublishedCell { district: string | null; numerator: number | null; denominator: number | null; suppressed: boolean }
export interface PublishedValue extends PublishedCell { id: string; byDistrict: PublishedCell[] }
export interface PublishedPeriod { period: string; values: PublishedValue[] }

const GROUPS = ['caseIndicators', 'welfareIndicators', 'educationIndicators', 'laborIndicators', 'crossAgencyIndicators', 'welfareCrossAgencyIndicators'];
const VALUE = 'id numerator denominator suppressed byDistrict { district numerator denominator suppressed }';
const REPORT = `query ($year: Int!, $quarter: Int, $month: Int) { indicatorReport(year: $year, quarter: $quarter, month: $month) { ${GROUPS.map((g) => `${g} { ${VALUE} }`).join(' ')} } }`;

/** Every cell the API publishes for the year: the year, its quarters and months, each with its district breakdown. */
export async function collectPublished(hub: TestHub, caller: Caller, year: number): Promise<PublishedPeriod[]> {
  const published: PublishedPeriod[] = [];
  for (const period of periodsOfYear(year)) {
    const response = await hub.query(REPORT, { year, quarter: period.quarter, month: period.month }, caller);
    expect(response.errors).toBeUndefined();
    const report = response.data!.indicatorReport as Record<string, PublishedValue[]>;
    published.push({ period: periodKey(period), values: GROUPS.flatMap((g) => report[g] ?? []) });
  }
  return published;
}

export interface AttackResult {
  indicators: number;
  /** Hidden cells whose true value is below k. */
  attacked: number;
  /** Those the attack bounds away from 0 or from k, with the truth and the bounds. */
  pinned: string[];
}

/**
 * The attack. Indicators no relation ties are attacked apart, the two sharing
 * the intakes together; the cross-agency ones are left out (their truth is
 * counted over sealed cohorts, not by the owners' count functions).
 */
export async function attackPublished(published: PublishedPeriod[], year: number, k: number): Promise<AttackResult> {
  const rows = (await Promise.all([caseIndicatorCounts, welfareIndicatorCounts, educationIndicatorCounts, laborIndicatorCounts].map((counts) => counts(periodsOfYear(year))))).flat();
  const definitions = published[0]!.values.map((v) => indicatorById(v.id)!).filter((d) => !d.cohortFrom);
  const groups = [...new Set(definitions.map((d) => d.sharesDenominator ?? d.id))].map((group) => definitions.filter((d) => (d.sharesDenominator ?? d.id) === group));
  const result: AttackResult = { indicators: definitions.length, attacked: 0, pinned: [] };
  for (const group of groups) {
    const cells = new Map<string, number | null>();
    const truth = new Map<string, number>();
    const constraints: Constraint[] = [];
    for (const definition of group) {
      // k = 0 hides nothing: the true table.
      const whole = protectYear(definition, year, rows, 0).periods;
      for (const { period, values } of published) {
        const value = values.find((v) => v.id === definition.id)!;
        for (const cell of [value, ...value.byDistrict]) {
          const place = cell.district ?? 'total';
          const real = place === 'total' ? whole.get(period)!.total : whole.get(period)!.districts.find((c) => c.key === place)!;
          for (const [measure, shown, actual] of [['N', cell.numerator, real.numerator], ['D', cell.denominator, real.denominator]] as const) {
            if (actual === null) continue;
            cells.set(attackKey(definition.id, measure, period, place), cell.suppressed ? null : shown);
            truth.set(attackKey(definition.id, measure, period, place), actual);
          }
        }
      }
    }
    constraints.push(...groupRelations(group, year, CITY_PLACES));
    // Shown cells are what the API said, and the relations hold for the truth: else the attack models another table.
    for (const [key, shown] of cells) if (shown !== null) expect([key, shown]).toEqual([key, truth.get(key)]);
    const broken = constraints.filter((c) => {
      const sum = c.terms.reduce((total, [key, coefficient]) => total + coefficient * truth.get(key)!, 0);
      return sum < c.lower || sum > c.upper;
    });
    expect(broken).toEqual([]);

    const targets = [...cells].filter(([key, shown]) => shown === null && truth.get(key)! < k).map(([key]) => key);
    result.attacked += targets.length;
    const intervals = await feasibleIntervals(cells, constraints, targets);
    for (const key of targets) if (isPinned(intervals.get(key)!, k)) result.pinned.push(`${key} = ${truth.get(key)}: [${intervals.get(key)!.low}, ${intervals.get(key)!.high}]`);
  }
  return result;
}
