// Small-cell protection of aggregate counts. A published cell below k could
// point at a single family, so it is hidden (primary suppression); so is a
// cell of 0, or a hidden cell would be known to hold someone (presence is
// disclosure too, and a district of 0 must read as any small district).
// Since the total is published too, enough other cells are hidden with it that
// neither the total minus the shown cells nor any one cell reveals fewer
// than k people (complementary suppression). The whole breakdown is always
// protected together, so a cell asked for on its own shows exactly as it
// does in the full breakdown: two overlapping queries cannot disagree.

export interface Cell {
  key: string;
  numerator: number;
  /** For a ratio: the population the numerator is a share of. */
  denominator: number | null;
}

export interface ProtectedCell extends Cell {
  suppressed: boolean;
}

export const DEFAULT_MIN_CELL = 5;

/** The hub's threshold k: HUB_INDICATOR_MIN_CELL, 5 unless set. */
export function minCellSize(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HUB_INDICATOR_MIN_CELL;
  if (raw === undefined || raw === '') return DEFAULT_MIN_CELL;
  const k = Number(raw);
  if (!Number.isInteger(k) || k < 2) throw new Error(`HUB_INDICATOR_MIN_CELL must be an integer of at least 2, got "${raw}"`);
  return k;
}

/** Below k, 0 included. */
const isSmall = (count: number, k: number) => count < k;
/** A cell the small-cell rule hides on its own: its numerator or its denominator below k. */
export const tooSmall = (c: Cell, k: number) => isSmall(c.numerator, k) || (c.denominator !== null && isSmall(c.denominator, k));
const sum = (cells: Cell[], value: (c: Cell) => number) => cells.reduce((total, c) => total + value(c), 0);
/** What a hidden group discloses if recovered from its parent: its combined counts. */
const groupTooSmall = (cells: Cell[], k: number) =>
  cells.length > 0 && tooSmall({ key: '', numerator: sum(cells, (c) => c.numerator), denominator: cells.some((c) => c.denominator !== null) ? sum(cells, (c) => c.denominator ?? 0) : null }, k);
const size = (c: Cell) => c.denominator ?? c.numerator;

/**
 * A published sum: the parent cell equals the sum of its children (a city
 * total of districts, a year of quarters). Or, `contains`, a stock: a
 * quarter's cases in service are at least each month's and at most their
 * sum, so a hidden month under a shown quarter is bounded on both sides
 * (the attack of disclosure-audit.ts pinned such months): no such relation
 * is left with exactly one hidden member either. `together` goes further:
 * one hidden member hides them all (a district's year of cases in service,
 * whose shown periods bounded a hidden month through the other districts).
 */
export interface Relation {
  parent: string;
  children: string[];
  contains?: boolean;
  together?: boolean;
}

/**
 * Protects cells published together that are tied by sums (relations), e.g.
 * districts adding up to the city and months to quarters to the year. Cells
 * below k are hidden; then, until nothing changes, every sum with exactly one
 * hidden member gets a second one (the smallest non-empty shown child, else
 * the parent), and every shown parent whose hidden children add up to fewer
 * than k hides more of them: no hidden cell can be worked out from a sum by
 * subtraction. `alsoHidden`: cells hidden from the start because the same
 * quantity is hidden in another table (a shared denominator). A heuristic,
 * as statistical offices use: it does not solve the whole system of sums at
 * once; test/indicators/disclosure.test.ts runs the attack that does.
 */
export function protectCells(cells: ReadonlyMap<string, Cell>, relations: readonly Relation[], k: number, alsoHidden: ReadonlySet<string> = new Set()): Set<string> {
  const hidden = new Set([...cells.values()].filter((c) => tooSmall(c, k)).map((c) => c.key));
  for (const key of alsoHidden) if (cells.has(key)) hidden.add(key);
  const cellOf = (key: string) => cells.get(key) ?? { key, numerator: 0, denominator: null };
  const hideOneMore = (relation: Relation): boolean => {
    const next = relation.children.map(cellOf).filter((c) => !hidden.has(c.key) && size(c) > 0).sort((a, b) => size(a) - size(b) || a.key.localeCompare(b.key))[0];
    if (next) hidden.add(next.key);
    else if (!hidden.has(relation.parent)) hidden.add(relation.parent);
    else return false;
    return true;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const relation of relations) {
      if (relation.together) {
        const members = [relation.parent, ...relation.children];
        if (members.some((key) => hidden.has(key)) && members.some((key) => !hidden.has(key))) {
          for (const key of members) hidden.add(key);
          changed = true;
        }
        continue;
      }
      const hiddenChildren = relation.children.filter((key) => hidden.has(key)).map(cellOf);
      const parentHidden = hidden.has(relation.parent);
      const single = hiddenChildren.length + (parentHidden ? 1 : 0) === 1;
      // A lone hidden parent over empty children is known to be empty anyway.
      const loneEmptyParent = single && parentHidden && relation.children.every((key) => size(cellOf(key)) === 0);
      // A stock's hidden children are bounded below by the parent less the shown ones, not equal to it: only a lone one is pinned.
      const smallGroup = !relation.contains && !parentHidden && groupTooSmall(hiddenChildren, k);
      if (((single && !loneEmptyParent) || smallGroup) && hideOneMore(relation)) changed = true;
    }
  }
  return hidden;
}

export interface ProtectedTable {
  total: ProtectedCell;
  cells: ProtectedCell[];
}

/** Protects a total and its breakdown (e.g. by district), published together. */
export function protectTable(total: Cell, cells: Cell[], k: number): ProtectedTable {
  const all = new Map([total, ...cells].map((c) => [c.key, c]));
  const hidden = protectCells(all, [{ parent: total.key, children: cells.map((c) => c.key) }], k);
  return { total: { ...total, suppressed: hidden.has(total.key) }, cells: cells.map((c) => ({ ...c, suppressed: hidden.has(c.key) })) };
}
