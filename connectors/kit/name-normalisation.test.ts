// Name normalisation: what is one name, what is only a variant, and the
// database's core.name_key giving the same key as nameKey() here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { canonicalName, compareNames, nameKey, VARIANT_CHARACTERS } from './name-normalisation.ts';

describe('name normalisation', () => {
  it.each([
    ['林美玲', '\uF9F4美玲', 'SAME'],
    ['Umav‧Takisvilainan', 'UMAV ・ TAKISVILAINAN', 'SAME'],
    ['Umav‧Takisvilainan', 'Umav･Takisvilainan', 'SAME'],
    ['王 大明', '王大明', 'SAME'],
    ['ＡＨＭＡＤ', 'Ahmad', 'SAME'],
    ['黃志明', '黄志明', 'VARIANT'],
    ['臺生', '台生', 'VARIANT'],
    ['吳德峰', '吴徳峯', 'VARIANT'],
    ['陳真', '陳眞', 'VARIANT'],
    ['王小華', '王小芬', 'DIFFERENT'],
  ] as const)('%s and %s: %s', (a, b, expected) => {
    expect(compareNames(a, b)).toBe(expected);
  });

  it('folds every variant to a character that is not itself folded', () => {
    for (const canonical of Object.values(VARIANT_CHARACTERS)) expect(nameKey(canonical)).toBe(canonical);
  });

  describe('the database key', () => {
    let db: TestDatabase;
    let client: pg.Client;
    beforeAll(async () => {
      db = await createTestDatabase();
      client = new pg.Client({ connectionString: db.url });
      await client.connect();
    });
    afterAll(async () => {
      await client.end();
      await db.drop();
    });

    it('is the same as nameKey() for every variant, separator, case and compatibility form', async () => {
      const samples = [
        ...Object.keys(VARIANT_CHARACTERS).map((v) => `${v}小明`),
        ...Object.values(VARIANT_CHARACTERS),
        '\uF9F4美玲', 'Umav‧Takisvilainan', 'UMAV ・ TAKISVILAINAN', 'Umav･Takisvilainan', 'umav·takisvilainan', 'Jean-Luc Picard', 'ＡＨＭＡＤ　SALIM', '王　大明', 'Ölçer Ä',
      ];
      const { rows } = await client.query<{ key: string }>('SELECT core.name_key(n) AS key FROM unnest($1::text[]) WITH ORDINALITY AS t(n, i) ORDER BY i', [samples]);
      expect(rows.map((r) => r.key)).toEqual(samples.map(nameKey));
      // Only ASCII letters change case, in both: lower() would follow the server's locale.
      expect(canonicalName('Ölçer Ä')).toBe('ÖlçerÄ');
    });
  });
});
