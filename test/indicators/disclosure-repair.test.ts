// The hub's own audit of its suppression (src/indicators/disclosure-repair.ts),
// on the counts that the rules alone left open: the school referrals of the
// taichung-2023 scenario, per district and period of 2023 (the fixture holds
// [period, district, opened as case, referred]). There, the rules hid every
// small cell, yet the linear programme over all sums proved HOULI's referrals
// non-empty in Q1 and in March. Pure logic: no database.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { INDICATORS, indicatorById } from '../../src/indicators/catalogue.ts';
import { attackKey, feasibleIntervals, groupRelations, isPinned, pinnedTargets, provablyPresentSums } from '../../src/indicators/disclosure-audit.ts';
import { otherRunsOfYear, protectMonthRanges } from '../../src/indicators/month-ranges.ts';
import { attackInputs, nothingCanBePinned, protectAudited, protectAuditedCached } from '../../src/indicators/disclosure-repair.ts';
import { protectGroup, protectionGroups } from '../../src/indicators/shared-quantities.ts';
import { CITY_PLACES, periodKey, type CountRow, type ProtectedPeriod } from '../../src/indicators/year-cube.ts';

const K = 5;
const SCHOOL_REFERRALS = indicatorById('SCHOOL_REFERRALS_OPENED')!;
const fixture = JSON.parse(readFileSync(new URL('./fixtures/school-referrals-2023-scenario.json', import.meta.url), 'utf8')) as [string, string, number, number][];
const ROWS: CountRow[] = fixture.map(([period, district, numerator, denominator]) => ({ period, indicator: SCHOOL_REFERRALS.id, district, numerator, denominator }));

/** What an analyst sees of a protected year, and the hidden cells below k: as the attack of the disclosure test builds them. */
function published(table: Map<string, ProtectedPeriod>) {
  const cells = new Map<string, number | null>();
  const targets: string[] = [];
  for (const [period, p] of table) {
    for (const cell of [p.total, ...p.districts]) {
      const place = cell === p.total ? 'total' : cell.key;
      for (const [measure, value] of [['N', cell.numerator], ['D', cell.denominator]] as const) {
        cells.set(attackKey(SCHOOL_REFERRALS.id, measure, period, place), cell.suppressed ? null : value);
        if (cell.suppressed && value! < K) targets.push(attackKey(SCHOOL_REFERRALS.id, measure, period, place));
      }
    }
  }
  return { cells, targets };
}

const relations = groupRelations([SCHOOL_REFERRALS], 2023, CITY_PLACES);
const hiddenKeys = (table: Map<string, ProtectedPeriod>) => [...table].flatMap(([period, p]) => p.districts.filter((c) => c.suppressed).map((c) => `${period}|${c.key}`));

describe('the hub audits its suppression before publishing', () => {
  it('the rules alone leave HOULI provably non-empty (the finding this repairs)', async () => {
    const rulesOnly = protectGroup([SCHOOL_REFERRALS], 2023, ROWS, K).get(SCHOOL_REFERRALS.id)!.periods;
    const { cells, targets } = published(rulesOnly);
    const intervals = await feasibleIntervals(cells, relations, targets);
    const pinned = targets.filter((key) => isPinned(intervals.get(key)!, K));
    expect(pinned).toContain(attackKey(SCHOOL_REFERRALS.id, 'D', '2023:1:', 'HOULI'));
    // The fast search finds exactly what solving every cell twice finds.
    expect([...(await pinnedTargets(cells, relations, targets, K))].sort()).toEqual([...pinned].sort());
  });

  it('publishes nothing the attack can pin, hides all the rules hid and only a little more', async () => {
    const rulesOnly = protectGroup([SCHOOL_REFERRALS], 2023, ROWS, K).get(SCHOOL_REFERRALS.id)!.periods;
    const audited = (await protectAudited([SCHOOL_REFERRALS], 2023, ROWS, K)).get(SCHOOL_REFERRALS.id)!;
    const { cells, targets } = published(audited);
    const intervals = await feasibleIntervals(cells, relations, targets);
    expect(targets.filter((key) => isPinned(intervals.get(key)!, K))).toEqual([]);
    const before = hiddenKeys(rulesOnly);
    const after = hiddenKeys(audited);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.length - before.length).toBeGreaterThan(0);
    expect(after.length - before.length).toBeLessThanOrEqual(10);
    // Shown cells keep their true values: the repair only hides.
    for (const [period, p] of audited) for (const cell of p.districts) if (!cell.suppressed) expect(ROWS.find((r) => r.period === period && r.district === cell.key)?.numerator ?? 0).toBe(cell.numerator);
  });

  it('proves no run of months the API hides non-empty (January–May of EAST\'s referrals was, every month of it hidden)', async () => {
    /** Every hidden run of the year below k, as the sum of its months (the API publishes a run from the year's table, month-ranges.ts). */
    const hiddenRuns = (table: Map<string, ProtectedPeriod>) => {
      const sums = new Map<string, string[]>();
      for (const run of otherRunsOfYear(2023)) {
        const months = Array.from({ length: run.toMonth - run.fromMonth + 1 }, (_, i) => periodKey({ year: 2023, quarter: null, month: run.fromMonth + i }));
        const rows = CITY_PLACES.map((place) => {
          const cells = months.map((m) => table.get(m)!.districts.find((c) => c.key === place)!);
          return { period: periodKey(run), indicator: SCHOOL_REFERRALS.id, district: place, numerator: cells.reduce((t, c) => t + c.numerator, 0), denominator: cells.reduce((t, c) => t + c.denominator!, 0) };
        });
        const protectedRun = protectMonthRanges([SCHOOL_REFERRALS], run, new Map([[SCHOOL_REFERRALS.id, table]]), rows, K).get(SCHOOL_REFERRALS.id)!;
        for (const cell of protectedRun.districts) {
          if (cell.suppressed && cell.denominator! < K) sums.set(attackKey(SCHOOL_REFERRALS.id, 'D', periodKey(run), cell.key), months.map((m) => attackKey(SCHOOL_REFERRALS.id, 'D', m, cell.key)));
        }
      }
      return sums;
    };
    const rulesOnly = protectGroup([SCHOOL_REFERRALS], 2023, ROWS, K).get(SCHOOL_REFERRALS.id)!.periods;
    const before = await provablyPresentSums(published(rulesOnly).cells, relations, hiddenRuns(rulesOnly));
    expect([...before]).toContain(attackKey(SCHOOL_REFERRALS.id, 'D', '2023:1-5:', 'EAST'));
    const audited = (await protectAudited([SCHOOL_REFERRALS], 2023, ROWS, K)).get(SCHOOL_REFERRALS.id)!;
    const runs = hiddenRuns(audited);
    expect(runs.size).toBeGreaterThan(100);
    expect([...(await provablyPresentSums(published(audited).cells, relations, runs))]).toEqual([]);
  });

  it('runs once per set of counts: the same counts share one run, changed counts are audited again', async () => {
    const first = protectAuditedCached([SCHOOL_REFERRALS], 2023, ROWS, K);
    expect(protectAuditedCached([SCHOOL_REFERRALS], 2023, [...ROWS].reverse(), K)).toBe(first);
    const changed = ROWS.map((r, i) => (i === 0 ? { ...r, numerator: r.numerator + 1, denominator: (r.denominator ?? 0) + 1 } : r));
    expect(protectAuditedCached([SCHOOL_REFERRALS], 2023, changed, K)).not.toBe(first);
    await first;
  });

  it('refuses to publish when the counts break a relation the audit relies on, instead of guessing', async () => {
    // A numerator above its denominator cannot be true: an attack modelled on it would defend another table.
    const broken = ROWS.map((r) => (r.period === '2023::3' && r.district === 'HOULI' ? { ...r, numerator: (r.denominator ?? 0) + 1 } : r));
    await expect(protectAudited([SCHOOL_REFERRALS], 2023, broken, K)).rejects.toThrow(/break a relation of the disclosure audit/);
  });
});

describe('each group is audited once per set of its own counts', () => {
  it('audits again only the groups whose counts changed', async () => {
    const labor = indicatorById('VOCATIONAL_REHABILITATION_EMPLOYMENT')!;
    const before = await protectAudited([SCHOOL_REFERRALS, labor], 2023, ROWS, K);
    // One more referral, opened as a case, in October in one district: its month, quarter and year all count it.
    const { district } = ROWS.find((r) => r.period === '2023::10')!;
    const touched = new Set(['2023::10', '2023:4:', '2023::']);
    const changed = ROWS.map((r) => (r.district === district && touched.has(r.period) ? { ...r, numerator: r.numerator + 1, denominator: r.denominator! + 1 } : r));
    const after = await protectAudited([SCHOOL_REFERRALS, labor], 2023, changed, K);
    expect(after.get(labor.id)).toBe(before.get(labor.id));
    expect(after.get(SCHOOL_REFERRALS.id)).not.toBe(before.get(SCHOOL_REFERRALS.id));
    expect(after.get(SCHOOL_REFERRALS.id)!.get('2023::')!.districts.find((c) => c.key === district)!.numerator).toBe(
      before.get(SCHOOL_REFERRALS.id)!.get('2023::')!.districts.find((c) => c.key === district)!.numerator + 1,
    );
  });
});

describe('a group with nothing published needs no programme', () => {
  // Every group of every owner, as an empty year (a new city, a test database) protects it: every cell hidden.
  const groups = protectionGroups(INDICATORS.filter((d) => d.owner !== null));

  it('finds, for every group of the catalogue, a world with every cell positive that keeps every relation, and the solver agrees nothing is pinned', async () => {
    expect(groups.length).toBeGreaterThan(20);
    for (const group of groups) {
      const tables = protectGroup(group, 2023, [], K, new Set());
      const inputs = attackInputs(group, tables, K);
      const groupRelationsOf = groupRelations(group, 2023, CITY_PLACES);
      expect([group.map((d) => d.id), nothingCanBePinned(inputs.published, groupRelationsOf, inputs.witness)]).toEqual([group.map((d) => d.id), true]);
      expect([...inputs.witness.values()].every((value) => value > 0)).toBe(true);
      expect(await pinnedTargets(inputs.published, groupRelationsOf, inputs.targets, K, inputs.truth)).toEqual(new Set());
    }
  });

  it('leaves a group to the solver once a cell is published, or when a relation is not homogeneous', () => {
    const tables = protectGroup([SCHOOL_REFERRALS], 2023, ROWS, K, new Set());
    const inputs = attackInputs([SCHOOL_REFERRALS], tables, K);
    expect(nothingCanBePinned(inputs.published, relations, inputs.witness)).toBe(false);
    const empty = attackInputs([SCHOOL_REFERRALS], protectGroup([SCHOOL_REFERRALS], 2023, [], K, new Set()), K);
    expect(nothingCanBePinned(empty.published, relations, empty.witness)).toBe(true);
    const [first] = relations;
    expect(nothingCanBePinned(empty.published, [...relations, { ...first!, lower: 1 }], empty.witness)).toBe(false);
    // A world that breaks a relation proves nothing: a doubled city total no longer sums its districts.
    const broken = new Map(empty.witness);
    const cityKey = [...broken.keys()].find((key) => key.includes('total'))!;
    broken.set(cityKey, broken.get(cityKey)! * 2);
    expect(nothingCanBePinned(empty.published, relations, broken)).toBe(false);
  });
});
