// The attack an analyst can run on published aggregates, run by us first:
// every published cell and every relation the analyst knows between cells
// (districts add up to the city; months to quarters to the year for counts
// of events; a quarter's cases in service are at least each month's and at
// most their sum; a numerator is at most its denominator; protective intakes
// are at most all intakes) as one linear programme, and for each hidden cell
// the least and the most it can be. A hidden cell is pinned when that range
// leaves out 0 (someone is provably there) or k (it is provably small): the
// protection interval every hidden cell must keep is [0, k].
//
// HiGHS (compiled to WebAssembly, the `highs` package) solves the programmes:
// one model per table, the objective changed per hidden cell, so each solve
// starts from the last one's basis.
import highsPackage from 'highs';
import type { IndicatorDefinition, OverTime } from './catalogue.ts';
import { periodKey, periodsOfYear } from './year-cube.ts';

/** A published cell: its value, or null when hidden. */
export type Published = ReadonlyMap<string, number | null>;

/** lower ≤ Σ coefficient × cell ≤ upper. */
export interface Constraint {
  terms: readonly (readonly [string, number])[];
  lower: number;
  upper: number;
}

export interface Interval {
  low: number;
  high: number;
}

const TOLERANCE = 1e-6;

// The package is CommonJS typed as an ES module: under Node the default import is the loader itself,
// while TypeScript sees the module object holding it.
const loadHighs = ((highsPackage as { default?: unknown }).default ?? highsPackage) as typeof highsPackage.default;

type Highs = Awaited<ReturnType<typeof loadHighs>>;

/**
 * One instance of the solver per process: loading compiles and instantiates
 * the WebAssembly module, which cost more than solving a group's programme.
 * Models are made and disposed per attack; the instance holds no request data.
 */
let loaded: Promise<Highs> | null = null;
function solver(): Promise<Highs> {
  loaded ??= loadHighs().catch((error: unknown) => {
    loaded = null;
    throw error;
  });
  return loaded;
}
type Model = ReturnType<Highs['createModel']>;

/** The attack's linear programme: one column per published cell (a shown cell fixed at its value, a hidden one at least 0), one row per relation. */
async function attackModel(published: Published, constraints: readonly Constraint[]): Promise<{ highs: Highs; model: Model; column: Map<string, number> }> {
  const highs = await solver();
  const keys = [...published.keys()];
  const column = new Map(keys.map((key, i) => [key, i]));
  const model = highs.createModel();
  model.options.set({ output_flag: false });
  model.addVars(
    keys.map((key) => published.get(key) ?? 0),
    keys.map((key) => published.get(key) ?? highs.infinity),
  );
  for (const constraint of constraints) {
    const entries = constraint.terms.filter(([key]) => column.has(key));
    if (entries.length === 0) continue;
    model.addRow(constraint.lower, constraint.upper, { indices: entries.map(([key]) => column.get(key)!), values: entries.map(([, c]) => c) });
  }
  return { highs, model, column };
}

function columnOf(column: Map<string, number>, target: string): number {
  const index = column.get(target);
  if (index === undefined) throw new Error(`${target} is not a published cell`);
  return index;
}

/** Solves with the given columns' costs at 1 and every other at 0; the optimum's value, Infinity when unbounded, or null when HiGHS gives none. */
function solveFor(highs: Highs, model: Model, columns: readonly number[], previous: readonly number[], sense: 'minimize' | 'maximize'): number | null {
  for (const index of previous) model.changeColCost(index, 0);
  for (const index of columns) model.changeColCost(index, 1);
  model.changeObjectiveSense(highs.constants.objectiveSense[sense]);
  model.run();
  const status = model.getModelStatus();
  if (status === highs.constants.modelStatus.unbounded) return sense === 'maximize' ? Infinity : 0;
  if (status !== highs.constants.modelStatus.optimal) return null;
  return model.getObjectiveValue();
}

/** The least and the most each target cell can be, over whole numbers (the relaxation's bounds, rounded inwards). */
export async function feasibleIntervals(published: Published, constraints: readonly Constraint[], targets: readonly string[]): Promise<Map<string, Interval>> {
  const { highs, model, column } = await attackModel(published, constraints);
  try {
    const intervals = new Map<string, Interval>();
    let previous: number[] = [];
    for (const target of targets) {
      const index = columnOf(column, target);
      const bound = (sense: 'minimize' | 'maximize') => {
        const value = solveFor(highs, model, [index], previous, sense);
        previous = [index];
        if (value === null) throw new Error(`The attack on ${target} ended with HiGHS model status ${model.getModelStatus()}`);
        return value;
      };
      const low = Math.ceil(bound('minimize') - TOLERANCE);
      const high = Math.floor(bound('maximize') + TOLERANCE);
      intervals.set(target, { low, high });
    }
    return intervals;
  } finally {
    model.dispose();
  }
}

/**
 * The targets the attack pins (isPinned), found with far fewer solves than
 * feasibleIntervals. Any solution of the programme shows every target it
 * gives k or more to be able to reach k, and every target it gives 0 to be
 * able to be 0: the truth is one (`truth`, when the caller knows it), and so
 * is each optimum. So one programme maximizes the sum of the targets not yet
 * shown to reach k (each capped at k, so that one cannot take it all), one
 * minimizes the sum of those not yet shown to be 0, and passes repeat while
 * they settle targets; what is left is solved alone, uncapped. Exact: a
 * target is reported only when its own optimum excludes 0 or k.
 */
export async function pinnedTargets(published: Published, constraints: readonly Constraint[], targets: readonly string[], k: number, truth?: ReadonlyMap<string, number>): Promise<Set<string>> {
  const { highs, model, column } = await attackModel(published, constraints);
  try {
    const open = { maximize: new Set(targets), minimize: new Set(targets) };
    const reachesK = (value: number) => value >= k - TOLERANCE;
    const canBeZero = (value: number) => value <= TOLERANCE;
    const settleBy = (valueOf: (target: string) => number | undefined) => {
      for (const target of [...open.maximize]) if (reachesK(valueOf(target) ?? 0)) open.maximize.delete(target);
      for (const target of [...open.minimize]) if (canBeZero(valueOf(target) ?? Infinity)) open.minimize.delete(target);
    };
    if (truth) settleBy((target) => truth.get(target));
    let previous: number[] = [];
    for (const sense of ['maximize', 'minimize'] as const) {
      const left = open[sense];
      while (left.size > 0) {
        const columns = [...left].map((target) => columnOf(column, target));
        if (sense === 'maximize') for (const index of columns) model.changeColBounds(index, 0, k);
        const optimum = solveFor(highs, model, columns, previous, sense);
        previous = columns;
        const values = optimum === null ? null : model.getSolution().colValue.slice();
        if (sense === 'maximize') for (const index of columns) model.changeColBounds(index, 0, highs.infinity);
        if (values === null) break;
        const before = left.size;
        settleBy((target) => values[columnOf(column, target)]);
        if (left.size === before) break;
      }
    }
    const pinned = new Set<string>();
    for (const sense of ['maximize', 'minimize'] as const) {
      for (const target of open[sense]) {
        const index = columnOf(column, target);
        const optimum = solveFor(highs, model, [index], previous, sense);
        previous = [index];
        if (optimum === null) throw new Error(`The attack on ${target} ended with HiGHS model status ${model.getModelStatus()}`);
        if (!(sense === 'maximize' ? reachesK(optimum) : canBeZero(optimum))) pinned.add(target);
      }
    }
    return pinned;
  } finally {
    model.dispose();
  }
}

/**
 * Sums of published cells (a hidden run of months: the sum of its months)
 * the attack proves non-empty. Presence is all there is to check for such a
 * sum: it can be shown to be below k only if one of its cells can (each is at
 * most the sum), which pinnedTargets checks. One programme minimizes the sum
 * of all the sums not yet shown able to be 0, again while that settles some
 * (any solution with a sum at 0 settles it); what is left is minimized alone.
 */
export async function provablyPresentSums(published: Published, constraints: readonly Constraint[], sums: ReadonlyMap<string, readonly string[]>, truth?: ReadonlyMap<string, number>): Promise<Set<string>> {
  const open = new Set([...sums.keys()].filter((key) => !truth || sums.get(key)!.reduce((total, cell) => total + (truth.get(cell) ?? 0), 0) > TOLERANCE));
  if (open.size === 0) return new Set();
  const { highs, model, column } = await attackModel(published, constraints);
  try {
    let previous: number[] = [];
    /** Minimizes the total of the given sums: each cell's cost is the number of them it is in. */
    const minimizeSums = (keys: readonly string[]) => {
      for (const index of previous) model.changeColCost(index, 0);
      const costs = new Map<number, number>();
      for (const key of keys) for (const cell of sums.get(key)!) costs.set(columnOf(column, cell), (costs.get(columnOf(column, cell)) ?? 0) + 1);
      for (const [index, cost] of costs) model.changeColCost(index, cost);
      previous = [...costs.keys()];
      model.changeObjectiveSense(highs.constants.objectiveSense.minimize);
      model.run();
      if (model.getModelStatus() !== highs.constants.modelStatus.optimal) throw new Error(`The attack on sums ended with HiGHS model status ${model.getModelStatus()}`);
      const values = model.getSolution().colValue;
      return (key: string) => sums.get(key)!.reduce((total, cell) => total + values[columnOf(column, cell)]!, 0);
    };
    while (open.size > 0) {
      const valueOf = minimizeSums([...open]);
      const before = open.size;
      for (const key of [...open]) if (valueOf(key) <= TOLERANCE) open.delete(key);
      if (open.size === before) break;
    }
    return new Set([...open].filter((key) => minimizeSums([key])(key) > TOLERANCE));
  } finally {
    model.dispose();
  }
}

/** Where a hidden cell of the attack lives: indicator, measure (numerator or denominator), period key, place. */
export const attackKey = (indicator: string, measure: 'N' | 'D', period: string, place: string) => `${indicator}|${measure}|${period}|${place}`;

const sumOf = (parent: string, children: readonly string[]): Constraint => ({ terms: [[parent, 1], ...children.map((c): [string, number] => [c, -1])], lower: 0, upper: 0 });
const atMost = (smaller: string, larger: string): Constraint => ({ terms: [[larger, 1], [smaller, -1]], lower: 0, upper: Infinity });

/** How a measure's count over a longer period relates to its parts (catalogue.ts, overTimeInAudit). */
export function overTimeOf(definition: IndicatorDefinition, measure: 'N' | 'D'): OverTime {
  const stated = definition.overTimeInAudit?.[measure === 'N' ? 'numerator' : 'denominator'];
  const sums = measure === 'D' ? (definition.denominatorSumsOverTime ?? definition.sumsOverTime) : definition.sumsOverTime;
  return stated ?? (sums ? 'sum' : 'union');
}

/** What an analyst knows ties one indicator's cells of a year together (places: the districts and "total"). */
export function yearRelations(definition: IndicatorDefinition, year: number, districts: readonly string[]): Constraint[] {
  const periods = periodsOfYear(year);
  const yearKey = periodKey(periods[0]!);
  const quarterKey = (q: number) => periodKey({ year, quarter: q, month: null });
  const monthKey = (m: number) => periodKey({ year, quarter: null, month: m });
  const measures: ('N' | 'D')[] = definition.denominator === null ? ['N'] : ['N', 'D'];
  const constraints: Constraint[] = [];
  for (const measure of measures) {
    const cell = (period: string, place: string) => attackKey(definition.id, measure, period, place);
    for (const period of periods.map(periodKey)) constraints.push(sumOf(cell(period, 'total'), districts.map((d) => cell(period, d))));
    for (const place of ['total', ...districts]) {
      const quarters = [1, 2, 3, 4].map((q) => cell(quarterKey(q), place));
      const monthsOf = (q: number) => [1, 2, 3].map((m) => cell(monthKey((q - 1) * 3 + m), place));
      const overTime = overTimeOf(definition, measure);
      // A longer period holds at least each shorter one's count; distinct things at most their sum; events exactly their sum.
      const within = (whole: string, parts: string[]): Constraint[] =>
        overTime === 'sum'
          ? [sumOf(whole, parts)]
          : [
              ...parts.map((part) => atMost(part, whole)),
              ...(overTime === 'union' ? [{ terms: [...parts.map((p): [string, number] => [p, 1]), [whole, -1]] as [string, number][], lower: 0, upper: Infinity }] : []),
            ];
      constraints.push(...within(cell(yearKey, place), quarters));
      for (const q of [1, 2, 3, 4]) constraints.push(...within(cell(quarterKey(q), place), monthsOf(q)));
    }
    if (measure === 'D') {
      for (const period of periods.map(periodKey)) for (const place of ['total', ...districts]) constraints.push(atMost(attackKey(definition.id, 'N', period, place), cell(period, place)));
    }
  }
  return constraints;
}

/** Denominators of a shared group: the narrower one (protective intakes) is at most the wider (all intakes). */
export function nestedDenominators(narrower: string, wider: string, year: number, places: readonly string[]): Constraint[] {
  return periodsOfYear(year).flatMap((p) => places.map((place) => atMost(attackKey(narrower, 'D', periodKey(p), place), attackKey(wider, 'D', periodKey(p), place))));
}

/** A hidden cell whose true value is below k is pinned when the attack excludes 0 or k from it. */
export function isPinned(interval: Interval, k: number): boolean {
  return interval.low > 0 || interval.high < k;
}

/** Pairs of a shared group whose denominators nest: protective intakes are some of all intakes. */
const NESTED_DENOMINATORS: readonly (readonly [string, string])[] = [['PROTECTIVE_RE_REPORT_RATE', 'INTAKE_TRIAGED_WITHIN_24H']];

/** Every relation an analyst knows between the cells of a group of indicators protected together (one indicator, or those sharing a denominator). */
export function groupRelations(group: readonly IndicatorDefinition[], year: number, districts: readonly string[]): Constraint[] {
  const ids = new Set(group.map((d) => d.id));
  return [
    ...group.flatMap((definition) => yearRelations(definition, year, districts)),
    ...NESTED_DENOMINATORS.filter(([narrower, wider]) => ids.has(narrower) && ids.has(wider)).flatMap(([narrower, wider]) => nestedDenominators(narrower, wider, year, ['total', ...districts])),
  ];
}
