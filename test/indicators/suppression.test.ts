import { describe, expect, it } from '@jest/globals';
import { minCellSize, protectTable, type Cell } from '../../src/indicators/suppression.ts';

const cell = (key: string, numerator: number, denominator: number | null = null): Cell => ({ key, numerator, denominator });
const totalOf = (cells: Cell[]): Cell => ({
  key: 'total',
  numerator: cells.reduce((s, c) => s + c.numerator, 0),
  denominator: cells.some((c) => c.denominator !== null) ? cells.reduce((s, c) => s + (c.denominator ?? 0), 0) : null,
});
const hiddenKeys = (cells: Cell[], k = 5) => protectTable(totalOf(cells), cells, k).cells.filter((c) => c.suppressed).map((c) => c.key);

describe('small-cell protection', () => {
  it('shows a breakdown with no small cell as it is', () => {
    expect(hiddenKeys([cell('A', 12), cell('B', 7), cell('C', 9)])).toEqual([]);
  });

  it('hides a district of 0 as a small one, with the next smallest: an empty district must read as a small one', () => {
    expect(hiddenKeys([cell('A', 12), cell('B', 7), cell('C', 0)])).toEqual(['B', 'C']);
  });

  it('hides a cell of 3 and, since the total is shown, the next smallest cell with it', () => {
    const cells = [cell('A', 40), cell('B', 3), cell('C', 9), cell('D', 21)];
    expect(hiddenKeys(cells)).toEqual(['B', 'C']);
    // The total minus the shown cells gives only B + C = 12, not B.
    const shown = protectTable(totalOf(cells), cells, 5).cells.filter((c) => !c.suppressed).reduce((s, c) => s + c.numerator, 0);
    expect(totalOf(cells).numerator - shown).toBeGreaterThanOrEqual(5);
  });

  it('keeps hiding until the hidden cells together are at least k', () => {
    expect(hiddenKeys([cell('A', 1), cell('B', 2), cell('C', 30), cell('D', 6)])).toEqual(['A', 'B', 'D']);
  });

  it('judges a rate by its population too: 2 of 4 is hidden although 2 is the numerator', () => {
    expect(hiddenKeys([cell('A', 2, 4), cell('B', 40, 90), cell('C', 10, 20)])).toEqual(['A', 'C']);
  });

  it('treats zero as small: were empty cells shown, every hidden one would be known to hold someone', () => {
    expect(hiddenKeys([cell('A', 0, 0), cell('B', 40, 90), cell('C', 10, 20)])).toEqual(['A', 'C']);
  });

  it('hides the total and every cell when the total itself is small', () => {
    const cells = [cell('A', 2), cell('B', 1)];
    const table = protectTable(totalOf(cells), cells, 5);
    expect(table.total.suppressed).toBe(true);
    expect(table.cells.every((c) => c.suppressed)).toBe(true);
  });

  it('hides the total when no other cell can cover a small one', () => {
    const cells = [cell('A', 3), cell('B', 0)];
    expect(protectTable(totalOf(cells), cells, 5).total.suppressed).toBe(true);
  });

  it('reads k from the environment and refuses nonsense', () => {
    expect(minCellSize({})).toBe(5);
    expect(minCellSize({ HUB_INDICATOR_MIN_CELL: '10' })).toBe(10);
    expect(() => minCellSize({ HUB_INDICATOR_MIN_CELL: '1' })).toThrow(/at least 2/);
  });
});
