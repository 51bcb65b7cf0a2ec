// Prisma's statements are named so node-postgres prepares them once per
// connection; the names must never collide and their number is capped.
import { describe, expect, it } from '@jest/globals';
import { statementNamer } from '../../src/db/statement-names.ts';

describe('statement names', () => {
  it('gives a text the same name every time and two texts different names', () => {
    const name = statementNamer();
    const first = name({ sql: 'SELECT 1' });
    expect(first).toMatch(/^hub_[0-9a-f]{32}$/);
    expect(name({ sql: 'SELECT 1' })).toBe(first);
    expect(name({ sql: 'SELECT 2' })).not.toBe(first);
  });

  it('names no new text past the cap, and keeps naming the texts it knows', () => {
    const name = statementNamer(2);
    const a = name({ sql: 'SELECT 1' });
    name({ sql: 'SELECT 2' });
    expect(name({ sql: 'SELECT 3' })).toBeUndefined();
    expect(name({ sql: 'SELECT 1' })).toBe(a);
  });
});
