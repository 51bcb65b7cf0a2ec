// Any run of whole months within a year (January–April for the coordination
// meeting, January–October for "as of October"), published so that it tells
// an analyst nothing the protected year (year-cube.ts, audited by
// disclosure-repair.ts) does not already tell.
//
// Counts of events add up over months, so a run's count in one place is a
// sum of its months. It is shown only when that sum can be worked out from
// the cells of the same place the year already shows (its months, quarters
// and the year, added or subtracted: the run lies in their linear span).
// Then every solution of the analyst's programme before still is one after:
// the attack pins exactly what it pinned before, which was nothing.
//
// Counts of what lasts (cases in service, valid certificates, distinct
// families) are counted for the run itself — a case open from January to
// April is one case in January–April, not four — so a run's count is new
// information. It is published only city-wide, when the city's own cells
// of the year are all shown, and only when it leaves every district with a
// hidden cell free to hold none and to hold k or more: the city's run less
// what the other districts' shown months say they hold bounds it (the
// suite's attack proved the valid disability certificates of persons
// without a district at most 2 that way while the city's cells alone were
// the condition).
import type { IndicatorDefinition } from './catalogue.ts';
import { overTimeOf } from './disclosure-audit.ts';
import { isBasePeriod, resolvePeriod, type Period } from './period.ts';
import { protectionGroups } from './shared-quantities.ts';
import type { Cell, ProtectedCell } from './suppression.ts';
import { periodKey, periodsOfYear, UNKNOWN_DISTRICT, type CountRow, type ProtectedPeriod } from './year-cube.ts';

const EPSILON = 1e-9;

/** Every run of whole months of the year that is not the year, a quarter or a month: 61 of them. */
export function otherRunsOfYear(year: number): Period[] {
  const runs: Period[] = [];
  for (let fromMonth = 1; fromMonth <= 12; fromMonth += 1) {
    for (let toMonth = fromMonth + 1; toMonth <= 12; toMonth += 1) {
      const resolved = resolvePeriod({ year, fromMonth, toMonth });
      if (resolved.ok && !isBasePeriod(resolved.period)) runs.push(resolved.period);
    }
  }
  return runs;
}

/** The months (1–12) a period covers, as a vector over the year's months. */
function monthVector(period: Pick<Period, 'fromMonth' | 'toMonth'>): number[] {
  return Array.from({ length: 12 }, (_, i) => (i + 1 >= period.fromMonth && i + 1 <= period.toMonth ? 1 : 0));
}

/** A test of whether a vector is a linear combination of the given ones (Gaussian elimination over twelve months, done once). */
function linearSpan(vectors: readonly number[][]): (target: readonly number[]) => boolean {
  const basis: { vector: number[]; pivot: number }[] = [];
  const reduce = (input: readonly number[]) => {
    const v = [...input];
    for (const { vector, pivot } of basis) {
      if (Math.abs(v[pivot]!) < EPSILON) continue;
      const factor = v[pivot]! / vector[pivot]!;
      for (let i = 0; i < v.length; i += 1) v[i]! -= factor * vector[i]!;
    }
    return v;
  };
  for (const vector of vectors) {
    const reduced = reduce(vector);
    const pivot = reduced.findIndex((x) => Math.abs(x) > EPSILON);
    if (pivot >= 0) basis.push({ vector: reduced, pivot });
  }
  return (target) => reduce(target).every((x) => Math.abs(x) < EPSILON);
}

/** Whether target is a linear combination of vectors. */
export function inLinearSpan(vectors: readonly number[][], target: readonly number[]): boolean {
  return linearSpan(vectors)(target);
}

/**
 * Per protected year and place, the span of the place's shown periods: the
 * same for every run of the year, so worked out once (the hub's audit asks
 * it for 61 runs × every place, round after round).
 */
const shownSpans = new WeakMap<ReadonlyMap<string, ProtectedPeriod>, Map<string, (target: readonly number[]) => boolean>>();
function shownSpanOf(yearTable: ReadonlyMap<string, ProtectedPeriod>, place: string, yearPeriods: readonly Period[], shown: (p: Period) => boolean) {
  let spans = shownSpans.get(yearTable);
  if (!spans) shownSpans.set(yearTable, (spans = new Map()));
  let span = spans.get(place);
  if (!span) spans.set(place, (span = linearSpan(yearPeriods.filter(shown).map(monthVector))));
  return span;
}

/** The year, its quarters and months, per year: the same seventeen periods every time. */
const yearPeriodsMemo = new Map<number, Period[]>();
function yearPeriodsOf(year: number): Period[] {
  let periods = yearPeriodsMemo.get(year);
  if (!periods) yearPeriodsMemo.set(year, (periods = periodsOfYear(year)));
  return periods;
}

/** A period's district cells by place, indexed once per protected period. */
const districtIndex = new WeakMap<ProtectedPeriod, Map<string, ProtectedCell>>();
function districtCell(period: ProtectedPeriod, place: string): ProtectedCell | undefined {
  let index = districtIndex.get(period);
  if (!index) districtIndex.set(period, (index = new Map(period.districts.map((c) => [c.key, c]))));
  return index.get(place);
}

const tooSmall = (cell: Cell, k: number) => cell.numerator < k || (cell.denominator !== null && cell.denominator < k);

/**
 * One indicator's cells for a run of months that is not a year, quarter or
 * month: `yearTable` is the protected year it lies in, `rows` the counts of
 * the run itself (owners count it from their records like any period).
 */
export function protectMonthRange(definition: IndicatorDefinition, range: Period, yearTable: ReadonlyMap<string, ProtectedPeriod>, rows: readonly CountRow[], k: number): ProtectedPeriod {
  const ratio = definition.denominator !== null;
  const rangeKey = periodKey(range);
  const yearPeriods = yearPeriodsOf(range.year);
  const places = yearTable.get(periodKey(yearPeriods[0]!))!.districts.map((c) => c.key);
  const cells = new Map<string, Cell>([...places, 'total'].map((place) => [place, { key: place, numerator: 0, denominator: ratio ? 0 : null }]));
  for (const row of rows) {
    if (row.indicator !== definition.id || row.period !== rangeKey) continue;
    for (const place of [row.district ?? UNKNOWN_DISTRICT, 'total']) {
      const cell = cells.get(place);
      if (!cell) continue;
      cell.numerator += row.numerator;
      if (ratio) cell.denominator = (cell.denominator ?? 0) + (row.denominator ?? 0);
    }
  }
  const shownIn = (place: string) => (period: Period) => {
    const protectedPeriod = yearTable.get(periodKey(period))!;
    const cell = place === 'total' ? protectedPeriod.total : districtCell(protectedPeriod, place);
    return cell !== undefined && !cell.suppressed;
  };
  const measures: ('N' | 'D')[] = ratio ? ['N', 'D'] : ['N'];
  const events = measures.every((measure) => overTimeOf(definition, measure) === 'sum');
  const lasting = measures.filter((measure) => overTimeOf(definition, measure) !== 'sum');
  const publishable = (place: string): boolean => {
    if (tooSmall(cells.get(place)!, k)) return false;
    if (events) return shownSpanOf(yearTable, place, yearPeriods, shownIn(place))(monthVector(range));
    // A rate of events over what lasts (visits over valid certificates) is not shown for a run: each district's events bound
    // its run of what lasts from below (numerator at most denominator), which the test below does not take into account,
    // and the suite's attack pinned the certificates of persons without a district at most 2 that way.
    if (lasting.length < measures.length) return false;
    return place === 'total' && yearPeriods.every(shownIn('total')) && lasting.every((measure) => leavesHiddenDistrictsOpen(measure));
  };
  /**
   * The city's run of what lasts, with the districts' shown cells, bounds
   * each district with a hidden cell: its run is at most the city's less
   * what the others hold at least (their largest shown period inside the
   * run), and at least the city's less what the others hold at most (their
   * smallest shown period around the run, or their shown months' sum). The
   * run is shown only when that leaves each such district able to hold k
   * or more, and able to hold none.
   */
  const leavesHiddenDistrictsOpen = (measure: 'N' | 'D'): boolean => {
    const valueOf = (cell: Cell) => (measure === 'N' ? cell.numerator : (cell.denominator ?? 0));
    const total = valueOf(cells.get('total')!);
    const shownCells = (place: string, within: (p: Period) => boolean) =>
      yearPeriods.filter((p) => within(p) && shownIn(place)(p)).map((p) => valueOf(districtCell(yearTable.get(periodKey(p))!, place)!));
    const inside = (p: Period) => p.fromMonth >= range.fromMonth && p.toMonth <= range.toMonth;
    const around = (p: Period) => p.fromMonth <= range.fromMonth && p.toMonth >= range.toMonth;
    const atLeast = new Map(places.map((place) => [place, Math.max(0, ...shownCells(place, inside))]));
    const atMost = new Map(
      places.map((place) => {
        const months = yearPeriods.filter((p) => p.month !== null && inside(p));
        const monthsSum = months.every(shownIn(place)) ? shownCells(place, (p) => p.month !== null && inside(p)).reduce((a, b) => a + b, 0) : Infinity;
        return [place, Math.min(monthsSum, ...shownCells(place, around))];
      }),
    );
    const others = (place: string, bound: Map<string, number>) => places.reduce((sum, other) => (other === place ? sum : sum + bound.get(other)!), 0);
    const hidden = places.filter((place) => !yearPeriods.every(shownIn(place)));
    return hidden.every((place) => total - others(place, atLeast) >= k && total - others(place, atMost) <= 0);
  };
  const protectedCell = (place: string): ProtectedCell => ({ ...cells.get(place)!, suppressed: !publishable(place) });
  return { total: protectedCell('total'), districts: places.map(protectedCell) };
}

/** Every indicator's cells of the run; indicators sharing a denominator hide the union of their hidden cells, as in their year (shared-quantities.ts). */
export function protectMonthRanges(definitions: readonly IndicatorDefinition[], range: Period, yearTables: ReadonlyMap<string, ReadonlyMap<string, ProtectedPeriod>>, rows: readonly CountRow[], k: number): Map<string, ProtectedPeriod> {
  const tables = new Map(definitions.map((d) => [d.id, protectMonthRange(d, range, yearTables.get(d.id)!, rows, k)]));
  for (const group of protectionGroups(definitions)) {
    if (group.length < 2) continue;
    const members = group.map((d) => tables.get(d.id)!);
    const hidden = new Set(members.flatMap((t) => [t.total, ...t.districts].filter((c) => c.suppressed).map((c) => c.key)));
    for (const d of group) {
      const t = tables.get(d.id)!;
      const hide = (c: ProtectedCell): ProtectedCell => ({ ...c, suppressed: hidden.has(c.key) });
      tables.set(d.id, { total: hide(t.total), districts: t.districts.map(hide) });
    }
  }
  return tables;
}
