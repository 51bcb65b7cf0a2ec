// README lists the indicators the hub's data cannot carry, with the reason;
// the catalogue is where they are defined, so the two must not drift apart.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { INDICATORS } from '../../src/indicators/catalogue.ts';

describe('README and the KPI catalogue', () => {
  it('lists every indicator the data cannot carry, with the catalogue’s reason', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const missing = INDICATORS.filter((i) => i.owner === null && !readme.includes(i.notCarriedBecause!)).map((i) => i.id);
    expect(missing).toEqual([]);
  });
});
