// Suppression that is audited before anything is published. The rules of
// suppression.ts and year-cube.ts hide small cells and the cells that would
// give them away through one sum; an analyst with a solver combines every sum
// at once. So the hub runs that attack itself (disclosure-audit.ts: every
// published cell and relation as one linear programme, solved by HiGHS) on
// each group of indicators protected together, and for every hidden cell
// below k it can bound away from 0 or from k, hides one more cell next to it
// and protects and attacks again, until nothing is pinned. Run once per set
// of counts: the result is cached by a digest of the counts, and concurrent
// requests for the same counts wait for the same run.
import { createHash } from 'node:crypto';
import type { IndicatorDefinition } from './catalogue.ts';
import { attackKey, groupRelations, pinnedTargets } from './disclosure-audit.ts';
import { protectGroup, protectionGroups } from './shared-quantities.ts';
import type { ProtectedCell } from './suppression.ts';
import type { CountRow, ProtectedPeriod, ProtectedYear } from './year-cube.ts';

/** Per indicator id, per period key: the protected, audited tables of one year. */
export type YearTables = Map<string, Map<string, ProtectedPeriod>>;

/** Rounds of repair before the group falls back to hiding every district cell (never reached on the seeded cities). */
const MAX_REPAIR_ROUNDS = 12;
const TOTAL = 'total';

interface HiddenCell {
  period: string;
  place: string;
}

const tableKey = (period: string, place: string) => `${period}|${place}`;
const sizeOf = (cell: ProtectedCell) => cell.denominator ?? cell.numerator;

function placesOf(table: ProtectedYear): string[] {
  const first = table.periods.values().next().value as ProtectedPeriod;
  return first.districts.map((c) => c.key);
}

/** Hidden cells below k (numerator or denominator) that the attack bounds away from 0 or from k. */
async function pinnedCells(group: readonly IndicatorDefinition[], year: number, tables: Map<string, ProtectedYear>, k: number): Promise<HiddenCell[]> {
  const published = new Map<string, number | null>();
  const truth = new Map<string, number>();
  const targets: string[] = [];
  const located = new Map<string, HiddenCell>();
  for (const definition of group) {
    for (const [period, protectedPeriod] of tables.get(definition.id)!.periods) {
      for (const cell of [protectedPeriod.total, ...protectedPeriod.districts]) {
        const place = cell === protectedPeriod.total ? TOTAL : cell.key;
        for (const [measure, value] of [['N', cell.numerator], ['D', cell.denominator]] as const) {
          if (value === null) continue;
          const key = attackKey(definition.id, measure, period, place);
          published.set(key, cell.suppressed ? null : value);
          truth.set(key, value);
          if (cell.suppressed && value < k) {
            targets.push(key);
            located.set(key, { period, place });
          }
        }
      }
    }
  }
  const places = placesOf(tables.get(group[0]!.id)!);
  const relations = groupRelations(group, year, places);
  // The attack assumes relations the true counts keep; counts that break one would make it attack another table.
  const broken = relations.find((r) => {
    const sum = r.terms.reduce((total, [key, coefficient]) => total + coefficient * (truth.get(key) ?? 0), 0);
    return sum < r.lower || sum > r.upper;
  });
  if (broken) throw new Error(`The counts of ${group.map((d) => d.id).join(', ')} for ${year} break a relation of the disclosure audit (${broken.terms.map(([key]) => key).join(', ')})`);
  if (targets.length === 0) return [];
  const pinned = await pinnedTargets(published, relations, targets, k);
  return [...pinned].map((key) => located.get(key)!);
}

/**
 * The cell to hide next to a pinned one: the smallest non-empty shown cell of
 * the same place in another period (it takes part in the same sums over
 * time), else of the same period in another district.
 */
function nextToHide(pinned: HiddenCell, table: ProtectedYear): string | null {
  const candidates: [string, ProtectedCell][] = [];
  for (const [period, protectedPeriod] of table.periods) {
    const cell = pinned.place === TOTAL ? protectedPeriod.total : protectedPeriod.districts.find((c) => c.key === pinned.place);
    if (cell && !cell.suppressed && sizeOf(cell) > 0) candidates.push([tableKey(period, pinned.place), cell]);
  }
  if (candidates.length === 0) {
    const protectedPeriod = table.periods.get(pinned.period)!;
    for (const cell of protectedPeriod.districts) if (!cell.suppressed && sizeOf(cell) > 0) candidates.push([tableKey(pinned.period, cell.key), cell]);
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

/** Protects and audits every indicator of a year, group by group. */
export async function protectAudited(definitions: readonly IndicatorDefinition[], year: number, rows: CountRow[], k: number): Promise<YearTables> {
  const result: YearTables = new Map();
  for (const group of protectionGroups(definitions)) {
    for (const [id, table] of await protectAuditedGroup(group, year, rows, k)) result.set(id, table.periods);
  }
  return result;
}

/** Audited tables kept per process: a few years of a few owners, each a few thousand cells. */
const CACHE_LIMIT = 64;
const cache = new Map<string, Promise<YearTables>>();

function digestOf(definitions: readonly IndicatorDefinition[], year: number, rows: CountRow[], k: number): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([definitions.map((d) => d.id), year, k]));
  const lines = rows.map((r) => `${r.period}|${r.indicator}|${r.district ?? ''}|${r.numerator}|${r.denominator ?? ''}`).sort();
  for (const line of lines) hash.update(line).update('\n');
  return hash.digest('hex');
}

/**
 * protectAudited, run once per distinct set of counts: the same counts give
 * the same tables, so two requests (or two replicas) never publish different
 * patterns for one set of counts, and the audit's cost is paid when counts change.
 */
export function protectAuditedCached(definitions: readonly IndicatorDefinition[], year: number, rows: CountRow[], k: number): Promise<YearTables> {
  const ofYear = rows.filter((r) => r.period.startsWith(`${year}:`));
  const key = digestOf(definitions, year, ofYear, k);
  const known = cache.get(key);
  if (known) {
    cache.delete(key);
    cache.set(key, known);
    return known;
  }
  const run = protectAudited(definitions, year, ofYear, k);
  cache.set(key, run);
  // A failed run is not kept: the next request tries again.
  run.catch(() => cache.delete(key));
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return run;
}
