// Small-cell protection of aggregate counts. A published cell below k could
// point at a single family, so it is hidden (primary suppression); and since
// the total is published too, enough other cells are hidden with it that
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

const isSmall = (count: number, k: number) => count > 0 && count < k;
const tooSmall = (c: Cell, k: number) => isSmall(c.numerator, k) || (c.denominator !== null && isSmall(c.denominator, k));
/** What a hidden group discloses if recovered from the total: its combined counts. */
const groupTooSmall = (cells: Cell[], k: number) =>
  cells.length > 0 && tooSmall({ key: '', numerator: sum(cells, (c) => c.numerator), denominator: cells.some((c) => c.denominator !== null) ? sum(cells, (c) => c.denominator ?? 0) : null }, k);
const sum = (cells: Cell[], value: (c: Cell) => number) => cells.reduce((total, c) => total + value(c), 0);
const size = (c: Cell) => c.denominator ?? c.numerator;

export interface ProtectedTable {
  total: ProtectedCell;
  cells: ProtectedCell[];
}

/** Protects a total and its breakdown (e.g. by district), published together. */
export function protectTable(total: Cell, cells: Cell[], k: number): ProtectedTable {
  const hidden = new Set(cells.filter((c) => tooSmall(c, k)).map((c) => c.key));
  // Hide the next smallest shown cell until the hidden group is neither a
  // single cell nor, taken together, a group smaller than k.
  const unsafe = () => {
    const group = cells.filter((c) => hidden.has(c.key));
    return group.length === 1 || groupTooSmall(group, k);
  };
  while (unsafe()) {
    const next = cells.filter((c) => !hidden.has(c.key) && size(c) > 0).sort((a, b) => size(a) - size(b) || a.key.localeCompare(b.key))[0];
    if (!next) break;
    hidden.add(next.key);
  }
  // A total too small, or one that would still give away its hidden cells, is hidden with every cell.
  const totalHidden = tooSmall(total, k) || unsafe();
  return {
    total: { ...total, suppressed: totalHidden },
    cells: cells.map((c) => ({ ...c, suppressed: totalHidden || hidden.has(c.key) })),
  };
}
