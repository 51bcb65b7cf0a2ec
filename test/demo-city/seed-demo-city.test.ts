// The demo city: deterministic, valid against every constraint, every case
// kind present, the showcase family as README promises, no half loads.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { validateNationalId } from '../../src/domain/national-id.ts';
import { hasCityData, seedDemoCity } from '../../src/demo-city/seed-demo-city.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const fingerprint = (url: string) =>
  withClient(url, async (c) => {
    const { rows } = await c.query<{ persons: string; cases: string }>(`SELECT
      md5(string_agg(id || name || coalesce(national_id, '-') || birth_date, ',' ORDER BY id)) AS persons,
      (SELECT md5(string_agg(id || kind::text || family_id || opened_on, ',' ORDER BY id)) FROM core."case") AS cases
      FROM core.person`);
    return rows[0];
  });

describe('demo city', () => {
  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([a.drop(), b.drop()]);
  });

  it('is identical for the same seed and differs for another', async () => {
    expect(await hasCityData(a.url)).toBe(false);
    const first = await seedDemoCity(a.url, { scale: 0.002, seed: 7 });
    const second = await seedDemoCity(b.url, { scale: 0.002, seed: 7 });
    expect({ ...first, millis: 0 }).toEqual({ ...second, millis: 0 });
    expect(await fingerprint(a.url)).toEqual(await fingerprint(b.url));
    await seedDemoCity(b.url, { scale: 0.002, seed: 8, reset: true });
    expect((await fingerprint(b.url))!.persons).not.toEqual((await fingerprint(a.url))!.persons);
    expect(await hasCityData(a.url)).toBe(true);
  });

  it('has realistic proportions: ~2.7 persons per family, ~3% without ID, every case kind', async () => {
    await withClient(a.url, async (c) => {
      const { rows } = await c.query(`SELECT
        (SELECT count(*) FROM core.person)::float / (SELECT count(*) FROM core.family) AS per_family,
        (SELECT avg((national_id IS NULL)::int) FROM core.person)::float AS without_id,
        (SELECT count(DISTINCT kind) FROM core."case")::int AS kinds,
        (SELECT avg(re_report::int) FROM core.intake)::float AS re_report_rate`);
      expect(rows[0].per_family).toBeGreaterThan(2.4);
      expect(rows[0].per_family).toBeLessThan(3.0);
      expect(rows[0].without_id).toBeGreaterThan(0.015);
      expect(rows[0].without_id).toBeLessThan(0.05);
      expect(rows[0].kinds).toBe(14);
    });
  });

  it('gives every person with an ID a checksum-valid, unique one', async () => {
    await withClient(a.url, async (c) => {
      const { rows } = await c.query<{ national_id: string }>('SELECT national_id FROM core.person WHERE national_id IS NOT NULL');
      const invalid = rows.filter((r) => !validateNationalId(r.national_id).ok);
      expect(invalid).toEqual([]);
      const kinds = new Set(rows.map((r) => (validateNationalId(r.national_id) as { kind: string }).kind));
      expect([...kinds].sort()).toEqual(['NATIONAL', 'RESIDENT_NEW', 'RESIDENT_OLD']);
    });
  });

  it('makes family 1 the multi-agency showcase the README shows', async () => {
    await withClient(a.url, async (c) => {
      const members = await c.query('SELECT relationship FROM core.family_membership WHERE family_id = 1 AND end_date IS NULL');
      const cases = await c.query(`SELECT kind, owner_unit_code, status FROM core."case" WHERE family_id = 1 ORDER BY id`);
      const referrals = await c.query('SELECT from_unit_code, to_unit_code, status FROM core.referral WHERE family_id = 1 ORDER BY id');
      const assignments = await c.query(`SELECT a.end_date FROM core.assignment a JOIN core."case" c ON c.id = a.case_id WHERE c.family_id = 1`);
      expect(members.rows.map((m) => m.relationship).sort()).toEqual(['CHILD', 'CHILD', 'HEAD', 'PARENT', 'SPOUSE']);
      expect(cases.rows).toEqual([
        { kind: 'VULNERABLE_FAMILY', owner_unit_code: 'SOCIAL', status: 'OPEN' },
        { kind: 'MENTAL_HEALTH', owner_unit_code: 'HEALTH', status: 'OPEN' },
      ]);
      expect(referrals.rows).toEqual([
        { from_unit_code: 'SOCIAL', to_unit_code: 'LABOR', status: 'PENDING' },
        { from_unit_code: 'SOCIAL', to_unit_code: 'EDUCATION', status: 'ACCEPTED' },
      ]);
      expect(assignments.rows).toEqual([{ end_date: null }]);
    });
  });

  it('refuses to seed over an existing city, and keeps nothing of a failed load', async () => {
    await expect(seedDemoCity(a.url, { scale: 0.002, seed: 7 })).rejects.toThrow(/already holds a city/);
    await expect(seedDemoCity(a.url, { scale: 2, seed: 7 })).rejects.toThrow(/scale must be greater than 0 and at most 1/);
    const before = await fingerprint(a.url);
    await withClient(a.url, (c) => c.query('ALTER TABLE core.referral ADD CONSTRAINT demo_break CHECK (false) NOT VALID'));
    await expect(seedDemoCity(a.url, { scale: 0.002, seed: 9, reset: true })).rejects.toThrow(/demo_break/);
    await withClient(a.url, (c) => c.query('ALTER TABLE core.referral DROP CONSTRAINT demo_break'));
    expect(await fingerprint(a.url)).toEqual(before);
  });

  it('leaves sequences past the loaded ids so the API can insert', async () => {
    await withClient(a.url, async (c) => {
      const { rows } = await c.query(`INSERT INTO core.family (district_code) VALUES ('XITUN') RETURNING id`);
      const max = await c.query('SELECT max(id) AS max FROM core.family');
      expect(rows[0].id).toBe(max.rows[0].max);
    });
  });
});
