// What an analyst could work out from the published aggregates (issue 14's
// findings), tried on every cell the API publishes for 2023 of a small seeded
// city: all 17 periods (year, quarters, months), city-wide and by district,
// every indicator.
//   1. A breakdown listed a district only when it had a record: a hidden
//      listed cell was then at least 1 and an unlisted one 0, which with the
//      total pinned hidden cells exactly (9 drug-addiction cases, 9 hidden
//      districts: one each).
//   2. The month's intakes are the denominator of the triage rate and of the
//      re-report rate, each protected on its own: "0 / 3" shown in one filled
//      the other's hidden cell.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { educationDropouts } from '../../connectors/education-dropouts/index.ts';
import { laborReferrals } from '../../connectors/labor-referrals/index.ts';
import { probationTransitions } from '../../connectors/probation-transitions/index.ts';
import { welfareSubsidies } from '../../connectors/welfare-subsidies/index.ts';
import { educationIndicatorCounts } from '../../connectors/education-dropouts/indicators.ts';
import { laborIndicatorCounts } from '../../connectors/labor-referrals/indicators.ts';
import { welfareIndicatorCounts } from '../../connectors/welfare-subsidies/indicators.ts';
import { seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { caseIndicatorCounts } from '../../src/indicators/case-counts.ts';
import { indicatorById } from '../../src/indicators/catalogue.ts';
import { attackKey, feasibleIntervals, isPinned, nestedDenominators, yearRelations, type Constraint } from '../../src/indicators/disclosure-audit.ts';
import { CITY_PLACES, periodKey, periodsOfYear, protectYear } from '../../src/indicators/year-cube.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const ANALYST: Caller = { unit: 'SOCIAL', sub: 'disclosure-analyst', roles: ['ANALYST'], purpose: null };
const K = 5;
const VALUE = 'id numerator denominator suppressed byDistrict { district numerator denominator suppressed }';
const GROUPS = ['caseIndicators', 'welfareIndicators', 'educationIndicators', 'laborIndicators', 'crossAgencyIndicators', 'welfareCrossAgencyIndicators'];
const REPORT = `query ($year: Int!, $quarter: Int, $month: Int) { indicatorReport(year: $year, quarter: $quarter, month: $month) { ${GROUPS.map((g) => `${g} { ${VALUE} }`).join(' ')} } }`;

interface Cell { district: string | null; numerator: number | null; denominator: number | null; suppressed: boolean }
interface Value extends Cell { id: string; byDistrict: Cell[] }
interface Published { period: string; values: Value[] }

const PERIODS = [{}, ...[1, 2, 3, 4].map((quarter) => ({ quarter })), ...Array.from({ length: 12 }, (_, i) => ({ month: i + 1 }))];
const keyOf = (period: { quarter?: number; month?: number }) => periodKey({ year: 2023, quarter: period.quarter ?? null, month: period.month ?? null });

describe('what an analyst can work out from the published aggregates', () => {
  let hub: TestHub;
  let folder: string;
  const published: Published[] = [];

  beforeAll(async () => {
    hub = await startTestHub();
    folder = await mkdtemp(path.join(os.tmpdir(), 'hub-disclosure-'));
    process.env.HUB_WELFARE_DROP_DIR = folder;
    await seedDemoCity(hub.db.url, { scale: 0.005, seed: 11 });
    for (const connector of [welfareSubsidies, educationDropouts, laborReferrals, probationTransitions]) {
      await connector.generateDemoSource(hub.db.url);
      await connector.sync(hub.db.url);
    }
    for (const period of PERIODS) {
      const response = await hub.query(REPORT, { year: 2023, ...period }, ANALYST);
      expect(response.errors).toBeUndefined();
      const report = response.data!.indicatorReport as Record<string, Value[]>;
      published.push({ period: keyOf(period), values: GROUPS.flatMap((g) => report[g] ?? []) });
    }
  }, 300_000);
  afterAll(async () => {
    await hub.stop();
    await rm(folder, { recursive: true, force: true });
    delete process.env.HUB_WELFARE_DROP_DIR;
  });

  it('lists every district (and the unknown one) in every breakdown, whatever holds records', () => {
    const all = published.flatMap(({ values }) => values.flatMap((v) => [v, ...v.byDistrict]));
    process.stdout.write(`Cells published for 2023: ${all.length}, hidden: ${all.filter((c) => c.suppressed).length}\n`);
    const expected = [...CITY_PLACES].sort();
    for (const { period, values } of published) {
      for (const value of values) expect({ period, id: value.id, districts: value.byDistrict.map((c) => c.district).sort() }).toEqual({ period, id: value.id, districts: expected });
    }
  });

  it('shows no cell below k, 0 included: a hidden cell is never known to hold someone', () => {
    const shownSmall: string[] = [];
    for (const { period, values } of published) {
      for (const value of values) {
        for (const cell of [value, ...value.byDistrict]) {
          if (cell.suppressed) continue;
          if (cell.numerator! < K || (cell.denominator !== null && cell.denominator < K)) shownSmall.push(`${period} ${value.id} ${cell.district ?? 'city'}: ${cell.numerator}/${cell.denominator}`);
        }
      }
    }
    expect(shownSmall).toEqual([]);
  });

  it('never pins a hidden district by the city total alone: hidden districts are two or more and hold at least k together', () => {
    const pinned: string[] = [];
    for (const { period, values } of published) {
      for (const value of values) {
        if (value.suppressed) continue;
        const hidden = value.byDistrict.filter((c) => c.suppressed);
        if (hidden.length === 0) continue;
        const shown = value.byDistrict.filter((c) => !c.suppressed);
        for (const measure of ['numerator', 'denominator'] as const) {
          if (value[measure] === null) continue;
          const rest = value[measure]! - shown.reduce((sum, c) => sum + c[measure]!, 0);
          if (hidden.length < 2 || rest < K) pinned.push(`${period} ${value.id} ${measure}: ${hidden.length} hidden hold ${rest}`);
        }
      }
    }
    expect(pinned).toEqual([]);
  });

  it('protects the intakes once: a cell hidden in the triage rate is hidden in the re-report rate, and the other way', () => {
    const differ: string[] = [];
    for (const { period, values } of published) {
      const triage = values.find((v) => v.id === 'INTAKE_TRIAGED_WITHIN_24H')!;
      const reReport = values.find((v) => v.id === 'PROTECTIVE_RE_REPORT_RATE')!;
      const pairs: [Cell, Cell][] = [[triage, reReport], ...triage.byDistrict.map((c): [Cell, Cell] => [c, reReport.byDistrict.find((r) => r.district === c.district)!])];
      for (const [a, b] of pairs) if (a.suppressed !== b.suppressed) differ.push(`${period} ${a.district ?? 'city'}: triage ${a.suppressed ? 'hidden' : `${a.numerator}/${a.denominator}`}, re-report ${b.suppressed ? 'hidden' : `${b.numerator}/${b.denominator}`}`);
    }
    expect(differ).toEqual([]);
  });

  it('pins no hidden cell below k when every published relation is solved at once (linear programming)', async () => {
    // The truth behind every cell: the owners' own counts, unprotected (k = 0 hides nothing).
    const rows = (await Promise.all([caseIndicatorCounts, welfareIndicatorCounts, educationIndicatorCounts, laborIndicatorCounts].map((counts) => counts(periodsOfYear(2023))))).flat();
    // Indicators whose cells no relation ties are attacked apart; the two sharing the intakes together.
    const attacked = published[0]!.values.map((v) => indicatorById(v.id)!).filter((d) => !d.cohortFrom);
    const groups = [...new Set(attacked.map((d) => d.sharesDenominator ?? d.id))].map((group) => attacked.filter((d) => (d.sharesDenominator ?? d.id) === group));
    const pinned: string[] = [];
    let targetCount = 0;
    for (const group of groups) {
      const cells = new Map<string, number | null>();
      const truth = new Map<string, number>();
      const constraints: Constraint[] = [];
      for (const definition of group) {
        const whole = protectYear(definition, 2023, rows, 0).periods;
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
        constraints.push(...yearRelations(definition, 2023, CITY_PLACES));
      }
      if (group.length > 1) constraints.push(...nestedDenominators('PROTECTIVE_RE_REPORT_RATE', 'INTAKE_TRIAGED_WITHIN_24H', 2023, ['total', ...CITY_PLACES]));
      // Shown cells are what the API said, and the relations hold for the truth: else this attack models another table.
      for (const [key, shown] of cells) if (shown !== null) expect([key, shown]).toEqual([key, truth.get(key)]);
      const broken = constraints.filter((c) => {
        const sum = c.terms.reduce((total, [key, coefficient]) => total + coefficient * truth.get(key)!, 0);
        return sum < c.lower || sum > c.upper;
      });
      expect(broken).toEqual([]);

      const targets = [...cells].filter(([key, shown]) => shown === null && truth.get(key)! < K).map(([key]) => key);
      targetCount += targets.length;
      const intervals = await feasibleIntervals(cells, constraints, targets);
      for (const key of targets) if (isPinned(intervals.get(key)!, K)) pinned.push(`${key} = ${truth.get(key)}: [${intervals.get(key)!.low}, ${intervals.get(key)!.high}]`);
    }
    process.stdout.write(`LP attack: ${attacked.length} indicators, ${targetCount} hidden cells below k attacked, ${pinned.length} pinned\n`);
    expect(pinned).toEqual([]);
  }, 600_000);
});
