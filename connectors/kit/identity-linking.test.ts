// Identity linking against a master index of known truth: every record that
// names the wrong person by a valid-looking ID, or names nobody the index
// knows, is held for review and never joined; homonyms are separated by
// their household; spelling variants are suggested, not merged.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectPrisma, disconnectPrisma, prisma } from '../../src/db/prisma.ts';
import { makeNationalId } from '../../src/domain/national-id.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { linkIdentities, type IdentityClaim, type LinkResult } from './identity-linking.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

interface Fixture {
  husband: { id: number; nationalId: string };
  wife: { id: number; nationalId: string };
  son: { id: number; nationalId: string };
  daughter: { id: number; nationalId: string };
  homonymA: { id: number; nationalId: string };
  homonymB: { id: number; nationalId: string };
  huang: { id: number; nationalId: string };
  noId: { id: number };
  indigenous: { id: number; nationalId: string };
  renumbered: { id: number; nationalId: string };
}

async function person(name: string, sex: 'MALE' | 'FEMALE', birth: string, nationalId: string | null, household: string | null, address: string | null) {
  const created = await prisma().person.create({ data: { name, sex, birthDate: day(birth), nationalId, address } });
  if (household) {
    await prisma().$executeRaw`INSERT INTO household.registration (person_id, household_number, relationship, source_key, source_updated_at, synced_at)
      VALUES (${created.id}, ${household}, 'HEAD'::core."Relationship", ${`fixture-${created.id}`}, now(), now())`;
  }
  return { id: created.id, nationalId: nationalId! };
}

const linkOne = async (claim: IdentityClaim): Promise<LinkResult> => (await linkIdentities([claim]))[0]!;
const unlinked = (result: LinkResult) => (result.ok ? null : result);

describe('identity linking', () => {
  let db: TestDatabase;
  let f: Fixture;

  beforeAll(async () => {
    db = await createTestDatabase();
    connectPrisma(db.url);
    const home = '臺中市中區民權路 10 號';
    // Serial numbers are chosen so the son's ID and the husband's differ only in the last two digits, swapped.
    const husbandId = makeNationalId('B', '1', 2345678);
    const swapped = `${husbandId.slice(0, 8)}${husbandId[9]}${husbandId[8]}`;
    f = {
      husband: await person('王大明', 'MALE', '1980-03-04', husbandId, 'H00000001', home),
      wife: await person('林美玲', 'FEMALE', '1982-07-19', makeNationalId('B', '2', 3456789), 'H00000001', home),
      son: await person('王小華', 'MALE', '2012-05-06', swapped, 'H00000001', home),
      daughter: await person('王小芬', 'FEMALE', '2015-09-10', makeNationalId('B', '2', 4567890), 'H00000001', home),
      // Two different women who share a common name and a birthday, in two households.
      homonymA: await person('陳怡君', 'FEMALE', '1990-01-01', makeNationalId('B', '2', 5678901), 'H00000002', '臺中市西區公益路 1 號'),
      homonymB: await person('陳怡君', 'FEMALE', '1990-01-01', makeNationalId('B', '2', 6789012), 'H00000003', '臺中市北區三民路 2 號'),
      huang: await person('黃志明', 'MALE', '1975-11-11', makeNationalId('B', '1', 7890123), 'H00000004', '臺中市南區復興路 3 號'),
      // A child registered at intake without an ID.
      noId: await person('張小安', 'FEMALE', '2020-02-02', null, null, null),
      indigenous: await person('Umav‧Takisvilainan', 'FEMALE', '1988-08-08', makeNationalId('B', '2', 8901234), 'H00000005', '臺中市和平區東關路 5 號'),
      // A resident whose certificate was renumbered to the new format; agencies still send the old number.
      renumbered: await person('阮氏玉蘭', 'FEMALE', '1985-02-03', makeNationalId('B', '9', 1234567), 'H00000006', '臺中市東區建成路 6 號'),
    };
    expect(f.son.nationalId).not.toBe(f.husband.nationalId);
  });
  afterAll(async () => {
    await disconnectPrisma();
    await db.drop();
  });

  describe('a valid ID links only when the record confirms it', () => {
    it('links a record whose name, birth date and sex agree with the ID holder', async () => {
      expect(await linkOne({ nationalId: f.wife.nationalId, name: '林美玲', birthDate: day('1982-07-19') })).toEqual({ ok: true, personId: f.wife.id, by: 'NATIONAL_ID' });
    });

    it('tolerates one typing slip in the birth date and a variant character when the ID agrees', async () => {
      expect(await linkOne({ nationalId: f.huang.nationalId, name: '黄志明', birthDate: day('1975-11-12') })).toEqual({ ok: true, personId: f.huang.id, by: 'NATIONAL_ID' });
      // Day and month swapped (10 September written as 9 October).
      expect(await linkOne({ nationalId: f.daughter.nationalId, name: '王小芬', birthDate: day('2015-10-09') })).toEqual({ ok: true, personId: f.daughter.id, by: 'NATIONAL_ID' });
    });

    // The false merges found on a fresh clone: each record carries a checksum-valid ID of someone else.
    it.each([
      ["a mother's ID on her son's row", () => ({ nationalId: f.wife.nationalId, name: '王小華', birthDate: day('2012-05-06') }), () => f.son.id],
      ["a father's ID on his daughter's school row", () => ({ nationalId: f.husband.nationalId, name: '王小芬', birthDate: day('2015-09-10') }), () => f.daughter.id],
      ["a sister's ID on her brother's row", () => ({ nationalId: f.daughter.nationalId, name: '王小華', birthDate: day('2012-05-06') }), () => f.son.id],
      ["a wife's ID on her husband's prison release", () => ({ nationalId: f.wife.nationalId, name: '王大明', birthDate: day('1980-03-04') }), () => f.husband.id],
      ["a husband's death registration carrying his wife's ID", () => ({ nationalId: f.wife.nationalId, name: '王大明', birthDate: day('1980-03-04'), householdNumber: 'H00000001' }), () => f.husband.id],
      ["a husband's ID on his wife's welfare row", () => ({ nationalId: f.husband.nationalId, name: '林美玲', birthDate: day('1982-07-19') }), () => f.wife.id],
      ["the father's ID with its last two digits transposed (the son's ID) on the father's row", () => ({ nationalId: f.son.nationalId, name: '王大明', birthDate: day('1980-03-04') }), () => f.husband.id],
      ["the son's ID with its last two digits transposed (the father's ID) on the son's row", () => ({ nationalId: f.husband.nationalId, name: '王小華', birthDate: day('2012-05-06') }), () => f.son.id],
    ] as const)('holds %s for review, naming the ID holder and the likely person', async (_label, claim, likely) => {
      const result = unlinked(await linkOne(claim()));
      expect(result).toMatchObject({ outcome: 'REVIEW', reason: expect.stringMatching(/^national ID belongs to another person/) });
      expect(result!.candidates.map((c) => c.personId)).toContain(likely());
    });

    it('does not take an ID whose record carries no name and a different birth date', async () => {
      expect(unlinked(await linkOne({ nationalId: f.wife.nationalId, name: null, birthDate: day('2001-01-01') }))).toMatchObject({ outcome: 'REVIEW' });
      expect(await linkOne({ nationalId: f.wife.nationalId, name: null, birthDate: day('1982-07-19') })).toEqual({ ok: true, personId: f.wife.id, by: 'NATIONAL_ID' });
    });
  });

  describe('a valid ID the hub does not know never links by name', () => {
    it.each([
      ['a homonym who holds another ID', () => ({ nationalId: makeNationalId('B', '2', 9999991), name: '陳怡君', birthDate: day('1990-01-01'), householdNumber: 'H00000002' })],
      ["a renumbered resident's old certificate", () => ({ nationalId: makeNationalId('B', 'D', 7654321), name: '阮氏玉蘭', birthDate: day('1985-02-03') })],
      ['a child registered without an ID', () => ({ nationalId: makeNationalId('B', '2', 9999992), name: '張小安', birthDate: day('2020-02-02') })],
    ] as const)('holds %s for review', async (_label, claim) => {
      const result = unlinked(await linkOne(claim()));
      expect(result).toMatchObject({ outcome: 'REVIEW', reason: expect.stringMatching(/^national ID unknown to the hub/) });
      expect(result!.candidates.length).toBeGreaterThan(0);
    });

    it('calls a record with an unknown ID and no resemblance a new-person candidate', async () => {
      expect(unlinked(await linkOne({ nationalId: makeNationalId('B', '1', 9999993), name: '李新生', birthDate: day('2024-01-01') }))).toMatchObject({ outcome: 'NEW_PERSON', candidates: [] });
    });
  });

  describe('without a usable ID', () => {
    it('separates homonyms by their household number', async () => {
      expect(await linkOne({ nationalId: null, name: '陳怡君', birthDate: day('1990-01-01'), householdNumber: 'H00000003' })).toEqual({ ok: true, personId: f.homonymB.id, by: 'DEMOGRAPHICS' });
      expect(await linkOne({ nationalId: null, name: '陳怡君', birthDate: day('1990-01-01'), address: '臺中市西區公益路 1 號' })).toEqual({ ok: true, personId: f.homonymA.id, by: 'DEMOGRAPHICS' });
    });

    it('holds homonyms for review when nothing separates them, naming both', async () => {
      const result = unlinked(await linkOne({ nationalId: null, name: '陳怡君', birthDate: day('1990-01-01') }));
      expect(result).toMatchObject({ outcome: 'REVIEW', reason: expect.stringMatching(/^ambiguous identity/) });
      expect(result!.candidates.map((c) => c.personId).sort()).toEqual([f.homonymA.id, f.homonymB.id].sort());
    });

    it('does not link a row that names another household', async () => {
      const result = unlinked(await linkOne({ nationalId: null, name: '黃志明', birthDate: day('1975-11-11'), householdNumber: 'H00000009' }));
      expect(result).toMatchObject({ outcome: 'REVIEW', candidates: [{ personId: f.huang.id, notes: ['household number differs'] }] });
    });

    it('links a unique exact match, with a mistyped ID', async () => {
      const mistyped = f.huang.nationalId.slice(0, 9) + String((Number(f.huang.nationalId[9]) + 1) % 10);
      expect(await linkOne({ nationalId: mistyped, name: '黃志明', birthDate: day('1975-11-11') })).toEqual({ ok: true, personId: f.huang.id, by: 'DEMOGRAPHICS' });
      expect(await linkOne({ nationalId: null, name: '張小安', birthDate: day('2020-02-02') })).toEqual({ ok: true, personId: f.noId.id, by: 'DEMOGRAPHICS' });
    });

    it('suggests a simplified-form surname (黄 for 黃) without merging when it is the only evidence', async () => {
      const result = unlinked(await linkOne({ nationalId: null, name: '黄志明', birthDate: day('1975-11-11') }));
      expect(result).toMatchObject({ outcome: 'REVIEW', reason: expect.stringMatching(/variant characters/), candidates: [{ personId: f.huang.id, notes: ['variant characters in the name'] }] });
    });

    it('reads a compatibility ideograph (U+F9F4) as the character 林 itself: an encoding difference, not a variant', async () => {
      expect(await linkOne({ nationalId: null, name: '\uF9F4美玲', birthDate: day('1982-07-19') })).toEqual({ ok: true, personId: f.wife.id, by: 'DEMOGRAPHICS' });
    });

    it.each([['Umav・Takisvilainan'], ['Umav･Takisvilainan'], ['UMAV TAKISVILAINAN'], ['umav.takisvilainan']])('reads %s as the same indigenous name', async (name) => {
      expect(await linkOne({ nationalId: null, name, birthDate: day('1988-08-08') })).toEqual({ ok: true, personId: f.indigenous.id, by: 'DEMOGRAPHICS' });
    });

    it('calls a record with no close person a new-person candidate, and one with nothing to match on unusable', async () => {
      expect(unlinked(await linkOne({ nationalId: null, name: '王大明', birthDate: day('1999-09-09') }))).toMatchObject({ outcome: 'NEW_PERSON' });
      expect(unlinked(await linkOne({ nationalId: null, name: null, birthDate: null }))).toMatchObject({ outcome: 'UNUSABLE' });
    });
  });

  it('answers a batch in two statements, whatever its size', async () => {
    const claims: IdentityClaim[] = Array.from({ length: 300 }, (_, i) => (i % 3 === 0
      ? { nationalId: f.wife.nationalId, name: '林美玲', birthDate: day('1982-07-19') }
      : i % 3 === 1 ? { nationalId: null, name: '陳怡君', birthDate: day('1990-01-01') } : { nationalId: f.wife.nationalId, name: '王小華', birthDate: day('2012-05-06') }));
    const statements: string[] = [];
    const { onStatement } = await import('../../src/db/prisma.ts');
    const stop = onStatement((sql) => statements.push(sql));
    const results = await linkIdentities(claims);
    stop();
    expect(statements).toHaveLength(2);
    expect(results.filter((r) => r.ok)).toHaveLength(100);
  });
});
