// Exact counts that still look random: a scenario must hit a report's
// figures to the unit, so its choices are drawn without replacement from
// fixed counts instead of by independent chance.
import type { Random } from './random.ts';

/**
 * Whether item i of `count` is one of `wanted` picked evenly, the first
 * always among them: ceil((i + 1)·r) > ceil(i·r), r = wanted / count.
 * Over i = 0 … count − 1 exactly `wanted` items are picked.
 */
export function pickedEvenly(i: number, wanted: number, count: number): boolean {
  return count > 0 && Math.ceil(((i + 1) * wanted) / count) > Math.ceil((i * wanted) / count);
}

/** How many of `total` items fall to share i when they are dealt evenly over `shares` shares. */
export function evenShare(i: number, total: number, shares: number): number {
  return Math.floor(((i + 1) * total) / shares) - Math.floor((i * total) / shares);
}

/** Tokens of fixed counts drawn without replacement: after the last draw every count has come out exactly. */
export class Bag<T> {
  private readonly counts: [T, number][];
  private remaining: number;

  constructor(private readonly random: Random, counts: readonly (readonly [T, number])[]) {
    if (counts.some(([, n]) => !Number.isInteger(n) || n < 0)) throw new Error('Bag counts must be non-negative integers');
    this.counts = counts.map(([token, n]) => [token, n]);
    this.remaining = this.counts.reduce((sum, [, n]) => sum + n, 0);
  }

  get left(): number {
    return this.remaining;
  }

  draw(): T {
    if (this.remaining === 0) throw new Error('The bag is empty: more draws than the counts it was filled with');
    let roll = Math.floor(this.random.next() * this.remaining);
    for (const entry of this.counts) {
      if (roll < entry[1]) {
        entry[1]--;
        this.remaining--;
        return entry[0];
      }
      roll -= entry[1];
    }
    throw new Error('unreachable: the roll is below the remaining count');
  }
}

/** A bag of `yes` true tokens among `total`. */
export function yesBag(random: Random, yes: number, total: number): Bag<boolean> {
  return new Bag(random, [[true, yes], [false, total - yes]]);
}

/** pickedEvenly as SQL, for the agency sources filled by INSERT … SELECT: `rank` counts from 1. */
export function pickedEvenlySql(rank: string, wanted: string, count: string): string {
  return `(ceil((${rank}) * (${wanted})::numeric / (${count})) > ceil(((${rank}) - 1) * (${wanted})::numeric / (${count})))`;
}
