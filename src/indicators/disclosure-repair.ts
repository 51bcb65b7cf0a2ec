// Suppression that is audited before anything is published. The rules of
// suppression.ts and year-cube.ts hide small cells and the cells that would
// give them away through one sum; an analyst with a solver combines every sum
// at once. So the hub runs that attack itself (disclosure-audit.ts: every
// published cell and relation as one linear programme, solved by HiGHS) on
// each group of indicators protected together, and for every hidden cell
// below k it can bound away from 0 or from k — the year's cells, and the runs
// of months the API hides (month-ranges.ts), which it must not prove
// non-empty either — hides one more cell next to it and protects and attacks
// again, until nothing is pinned. Run once per set
// of counts: the result is cached by a digest of the counts, and concurrent
// requests for the same counts wait for the same run.
import { createHash } from 'node:crypto';
import type { IndicatorDefinition } from './catalogue.ts';
import { attackKey, groupRelations, overTimeOf, pinnedTargets, provablyPresentSums, type Constraint } from './disclosure-audit.ts';
import { otherRunsOfYear, protectMonthRanges } from './month-ranges.ts';
import { protectGroup, protectionGroups } from './shared-quantities.ts';
import type { ProtectedCell } from './suppression.ts';
import { periodKey, type CountRow, type ProtectedPeriod, type ProtectedYear } from './year-cube.ts';

/** Per indicator id, per period key: the protected, audited tables of one year. */
export type YearTables = Map<string, Map<string, ProtectedPeriod>>;

/** Rounds of repair before the group falls back to hiding every district cell (never reached on the seeded cities). */
const MAX_REPAIR_ROUNDS = 12;
const TOTAL = 'total';

interface HiddenCell {
  period: string;
  place: string;
  /** For a run of months other than a year, quarter or month: its months' period keys. */
  months?: string[];
}

const tableKey = (period: string, place: string) => `${period}|${place}`;
const sizeOf = (cell: ProtectedCell) => cell.denominator ?? cell.numerator;

function placesOf(table: ProtectedYear): string[] {
  const first = table.periods.values().next().value as ProtectedPeriod;
  return first.districts.map((c) => c.key);
}

/** Months a base period of the year tables spans, from its key ("2023::" a year, "2023:2:" a quarter, "2023::5" a month). */
function monthsIn(period: string): number {
  const [, quarter, month] = period.split(':');
  return month ? 1 : quarter ? 3 : 12;
}

const holds = (relation: Constraint, value: (key: string) => number) => {
  const sum = relation.terms.reduce((total, [key, coefficient]) => total + coefficient * value(key), 0);
  return sum >= relation.lower && sum <= relation.upper;
};

/**
 * With nothing of the group published, the attacker knows only the
 * relations. Where each relation is homogeneous (its bounds 0 or unbounded),
 * what they allow is a cone: it holds 0, so every cell can be 0, and if it
 * also holds a point where every cell is positive, scaling that point up
 * takes every cell past k at once: nothing can be pinned, and no programme
 * needs solving (an empty year of a small city costs seconds of solving
 * otherwise). The point tried is a world where each place has one event of
 * each kind every month and twelve of whatever lasts; it is checked against
 * every relation, and any doubt sends the group to the solver.
 */
export function nothingCanBePinned(published: ReadonlyMap<string, number | null>, relations: readonly Constraint[], witness: ReadonlyMap<string, number>): boolean {
  if ([...published.values()].some((value) => value !== null)) return false;
  const homogeneous = (bound: number) => bound === 0 || !Number.isFinite(bound);
  return relations.every((r) => homogeneous(r.lower) && homogeneous(r.upper) && holds(r, (key) => witness.get(key) ?? Number.NaN));
}

/** What the attack works on for a group's tables: the published cells, the truth, the hidden cells below k, and the all-positive point of nothingCanBePinned. */
export function attackInputs(group: readonly IndicatorDefinition[], tables: Map<string, ProtectedYear>, k: number) {
  const published = new Map<string, number | null>();
  const truth = new Map<string, number>();
  const witness = new Map<string, number>();
  const targets: string[] = [];
  const located = new Map<string, HiddenCell>();
  const placeCount = placesOf(tables.get(group[0]!.id)!).length;
  for (const definition of group) {
    for (const [period, protectedPeriod] of tables.get(definition.id)!.periods) {
      for (const cell of [protectedPeriod.total, ...protectedPeriod.districts]) {
        const place = cell === protectedPeriod.total ? TOTAL : cell.key;
        for (const [measure, value] of [['N', cell.numerator], ['D', cell.denominator]] as const) {
          if (value === null) continue;
          const key = attackKey(definition.id, measure, period, place);
          published.set(key, cell.suppressed ? null : value);
          truth.set(key, value);
          const perPlace = overTimeOf(definition, measure) === 'sum' ? monthsIn(period) : 12;
          witness.set(key, perPlace * (place === TOTAL ? placeCount : 1));
          if (cell.suppressed && value < k) {
            targets.push(key);
            located.set(key, { period, place });
          }
        }
      }
    }
  }
  return { published, truth, witness, targets, located };
}

/** Hidden cells below k (numerator or denominator) that the attack bounds away from 0 or from k, and hidden runs of months it proves non-empty. */
async function pinnedCells(group: readonly IndicatorDefinition[], year: number, tables: Map<string, ProtectedYear>, k: number): Promise<HiddenCell[]> {
  const { published, truth, witness, targets, located } = attackInputs(group, tables, k);
  const places = placesOf(tables.get(group[0]!.id)!);
  const relations = groupRelations(group, year, places);
  // The attack assumes relations the true counts keep; counts that break one would make it attack another table.
  const broken = relations.find((r) => !holds(r, (key) => truth.get(key) ?? 0));
  if (broken) throw new Error(`The counts of ${group.map((d) => d.id).join(', ')} for ${year} break a relation of the disclosure audit (${broken.terms.map(([key]) => key).join(', ')})`);
  if (nothingCanBePinned(published, relations, witness)) return [];
  const runs = hiddenRunsOfEvents(group, year, tables, k);
  const pinned = targets.length === 0 ? new Set<string>() : await pinnedTargets(published, relations, targets, k, truth);
  const present = runs.sums.size === 0 ? new Set<string>() : await provablyPresentSums(published, relations, runs.sums, truth);
  return [...[...pinned].map((key) => located.get(key)!), ...[...present].map((key) => runs.located.get(key)!)];
}

/**
 * The runs of months of counts of events that the API hides (month-ranges.ts),
 * with the months each adds up: a hidden run is a hidden cell too, and the sum
 * of its months can be proven non-empty where no single month can (the attack
 * in the suite proved January–May of school referrals in one district
 * non-empty with every month of it kept in [0, k]). Shown runs are left out:
 * the year's shown cells determine them, they add nothing to the attack.
 * Runs of what lasts are published city-wide only and left to the suite's attack.
 */
function hiddenRunsOfEvents(group: readonly IndicatorDefinition[], year: number, tables: Map<string, ProtectedYear>, k: number): { sums: Map<string, string[]>; located: Map<string, HiddenCell> } {
  const sums = new Map<string, string[]>();
  const located = new Map<string, HiddenCell>();
  // Indicators with a measure that adds up over months (a rate of visits over valid certificates has one).
  const addsUp = (d: IndicatorDefinition, measure: 'N' | 'D') => (measure === 'N' || d.denominator !== null) && overTimeOf(d, measure) === 'sum';
  const events = group.filter((d) => addsUp(d, 'N') || addsUp(d, 'D'));
  if (events.length === 0) return { sums, located };
  const yearTables = new Map(events.map((d) => [d.id, tables.get(d.id)!.periods]));
  // Each month's district cells by place, looked up once rather than searched per run.
  const monthCell = new Map(events.map((d) => [d.id, new Map([...yearTables.get(d.id)!].map(([period, p]) => [period, new Map(p.districts.map((c) => [c.key, c]))]))]));
  for (const run of otherRunsOfYear(year)) {
    const runKey = periodKey(run);
    const months = Array.from({ length: run.toMonth - run.fromMonth + 1 }, (_, i) => periodKey({ year, quarter: null, month: run.fromMonth + i }));
    const rows: CountRow[] = events.flatMap((d) =>
      placesOf(tables.get(d.id)!).map((place) => {
        const cellsOf = months.map((m) => monthCell.get(d.id)!.get(m)!.get(place)!);
        return { period: runKey, indicator: d.id, district: place, numerator: cellsOf.reduce((sum, c) => sum + c.numerator, 0), denominator: d.denominator === null ? null : cellsOf.reduce((sum, c) => sum + (c.denominator ?? 0), 0) };
      }),
    );
    const protectedRuns = protectMonthRanges(events, run, yearTables, rows, k);
    for (const d of events) {
      const protectedRun = protectedRuns.get(d.id)!;
      for (const cell of [protectedRun.total, ...protectedRun.districts]) {
        if (!cell.suppressed) continue;
        const place = cell === protectedRun.total ? TOTAL : cell.key;
        for (const [measure, value] of [['N', cell.numerator], ['D', cell.denominator]] as const) {
          if (value === null || value >= k || !addsUp(d, measure)) continue;
          const key = attackKey(d.id, measure, runKey, place);
          sums.set(key, months.map((m) => attackKey(d.id, measure, m, place)));
          located.set(key, { period: runKey, place, months });
        }
      }
    }
  }
  return { sums, located };
}

/**
 * The cell to hide next to a pinned one: the smallest non-empty shown cell of
 * the same place in another period (it takes part in the same sums over
 * time), else of the same period (a run: of its months) in another district.
 */
function nextToHide(pinned: HiddenCell, table: ProtectedYear): string | null {
  const candidates: [string, ProtectedCell][] = [];
  for (const [period, protectedPeriod] of table.periods) {
    const cell = pinned.place === TOTAL ? protectedPeriod.total : protectedPeriod.districts.find((c) => c.key === pinned.place);
    if (cell && !cell.suppressed && sizeOf(cell) > 0) candidates.push([tableKey(period, pinned.place), cell]);
  }
  if (candidates.length === 0) {
    for (const period of pinned.months ?? [pinned.period]) {
      for (const cell of table.periods.get(period)!.districts) if (!cell.suppressed && sizeOf(cell) > 0) candidates.push([tableKey(period, cell.key), cell]);
    }
  }
  candidates.sort(([a, x], [b, y]) => sizeOf(x) - sizeOf(y) || a.localeCompare(b));
  return candidates[0]?.[0] ?? null;
}

/** Every district cell of every period: what the group falls back to hiding, leaving the city's own figures. */
function allDistrictCells(table: ProtectedYear): string[] {
  return [...table.periods].flatMap(([period, p]) => p.districts.map((c) => tableKey(period, c.key)));
}

async function protectAuditedGroup(group: readonly IndicatorDefinition[], year: number, rows: CountRow[], k: number): Promise<Map<string, ProtectedYear>> {
  const added = new Set<string>();
  for (let round = 0; round <= MAX_REPAIR_ROUNDS; round += 1) {
    const tables = protectGroup(group, year, rows, k, added);
    const pinned = await pinnedCells(group, year, tables, k);
    if (pinned.length === 0) return tables;
    const first = tables.get(group[0]!.id)!;
    const before = added.size;
    for (const cell of pinned) {
      const next = nextToHide(cell, first);
      if (next) added.add(next);
    }
    if (added.size === before || round === MAX_REPAIR_ROUNDS) for (const key of allDistrictCells(first)) added.add(key);
  }
  const tables = protectGroup(group, year, rows, k, added);
  if ((await pinnedCells(group, year, tables, k)).length > 0) {
    throw new Error(`The indicators ${group.map((d) => d.id).join(', ')} of ${year} could not be protected against the disclosure audit`);
  }
  return tables;
}

/**
 * A promise kept per key, most recently used last, at most `limit` of them:
 * concurrent callers of one key share one run, and a failed run is dropped
 * so that the next caller tries again.
 */
function promiseCache<T>(limit: number) {
  const entries = new Map<string, Promise<T>>();
  return (key: string, run: () => Promise<T>): Promise<T> => {
    const known = entries.get(key);
    if (known) {
      entries.delete(key);
      entries.set(key, known);
      return known;
    }
    const running = run();
    entries.set(key, running);
    running.catch(() => entries.delete(key));
    while (entries.size > limit) entries.delete(entries.keys().next().value!);
    return running;
  };
}

function digestOf(definitions: readonly IndicatorDefinition[], year: number, rows: CountRow[], k: number): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([definitions.map((d) => d.id), year, k]));
  const lines = rows.map((r) => `${r.period}|${r.indicator}|${r.district ?? ''}|${r.numerator}|${r.denominator ?? ''}`).sort();
  for (const line of lines) hash.update(line).update('\n');
  return hash.digest('hex');
}

/**
 * Audited groups kept per process, by a digest of the group's own counts: a
 * new contact changes one group's counts, and only that group is audited
 * again (a year of case work is 18 groups). A few years of every owner's
 * groups fit.
 */
const auditedGroup = promiseCache<Map<string, ProtectedYear>>(512);

/** Protects and audits every indicator of a year, group by group, each group once per distinct set of its counts. */
export async function protectAudited(definitions: readonly IndicatorDefinition[], year: number, rows: CountRow[], k: number): Promise<YearTables> {
  const result: YearTables = new Map();
  for (const group of protectionGroups(definitions)) {
    const ids = new Set(group.map((d) => d.id));
    const groupRows = rows.filter((r) => ids.has(r.indicator));
    const tables = await auditedGroup(digestOf(group, year, groupRows, k), () => protectAuditedGroup(group, year, groupRows, k));
    for (const [id, table] of tables) result.set(id, table.periods);
  }
  return result;
}

/** Audited years kept per process: a few years of a few owners, each a few thousand cells. */
const auditedYear = promiseCache<YearTables>(64);

/**
 * protectAudited, run once per distinct set of counts: the same counts give
 * the same tables, so two requests (or two replicas) never publish different
 * patterns for one set of counts, and the audit's cost is paid when counts change.
 */
export function protectAuditedCached(definitions: readonly IndicatorDefinition[], year: number, rows: CountRow[], k: number): Promise<YearTables> {
  const ofYear = rows.filter((r) => r.period.startsWith(`${year}:`));
  return auditedYear(digestOf(definitions, year, ofYear, k), () => protectAudited(definitions, year, ofYear, k));
}
