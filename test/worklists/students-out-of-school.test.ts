// The Education Bureau's worklist (issue 15): students in a dropout episode
// still out of school, by school and district. EDUCATION only — every other
// unit, NGOs, analysts and auditors are refused, also at the
// education-dropouts subgraph called directly; bad filters are
// BAD_USER_INPUT naming the argument; a district-bound worker sees its
// districts only.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { UNIT_CODES } from '../../src/domain/codes.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const LIST = `query ($district: String, $school: String, $first: Int, $offset: Int) {
  studentsOutOfSchool(district: $district, schoolCode: $school, first: $first, offset: $offset) { totalCount entries { person { id } schoolCode district daysOut } } }`;
const EDUCATION: Caller = { unit: 'EDUCATION', sub: 'w-education-out' };

describe('students out of school', () => {
  let hub: TestHub;
  let education: HubServer;
  let families: BuiltFamily[];

  beforeAll(async () => {
    hub = await startTestHub();
    education = await startCoreSubgraph(hub, 'education-dropouts');
    families = await buildFamilies(3, { members: 2, openCases: 0, contactsPerCase: 0, referrals: 0 });
    await prisma().family.update({ where: { id: families[2]!.familyId }, data: { districtCode: 'BEITUN' } });
    const episode = (key: string, person: number, school: string, startedOn: string, returnedOn: string | null = null) => ({
      sourceKey: key, personId: person, schoolCode: school, startedOn: new Date(startedOn), returnedOn: returnedOn ? new Date(returnedOn) : null,
      referredToCounselling: true, caseOpened: false, sourceUpdatedAt: new Date(), syncedAt: new Date(),
    });
    await prisma().dropoutEpisode.createMany({
      data: [
        episode('E1', families[0]!.personIds[1]!, '193601', '2024-09-10'),
        episode('E2', families[1]!.personIds[1]!, '193601', '2024-03-01'),
        episode('E3', families[2]!.personIds[1]!, '063501', '2024-05-01'),
        // Back at school: not on the list.
        episode('E4', families[0]!.personIds[0]!, '193601', '2023-01-01', '2023-02-01'),
      ],
    });
  });
  afterAll(async () => {
    await education.stop();
    await hub.stop();
  });

  const list = async (caller: Caller, variables: Record<string, unknown> = {}) => hub.query(LIST, variables, caller);

  it('lists students still out of school by school and district, the longest out first within each', async () => {
    const all = (await list(EDUCATION)).data!.studentsOutOfSchool;
    expect(all.totalCount).toBe(3);
    expect(all.entries.map((e: { person: { id: string }; schoolCode: string; district: string }) => [e.schoolCode, e.district, e.person.id])).toEqual([
      ['063501', 'BEITUN', gid('Person', families[2]!.personIds[1]!)],
      ['193601', 'XITUN', gid('Person', families[1]!.personIds[1]!)],
      ['193601', 'XITUN', gid('Person', families[0]!.personIds[1]!)],
    ]);
    expect((await list(EDUCATION, { school: '193601' })).data!.studentsOutOfSchool.totalCount).toBe(2);
    expect((await list(EDUCATION, { district: 'BEITUN' })).data!.studentsOutOfSchool.totalCount).toBe(1);
    expect((await list(EDUCATION, { first: 1, offset: 2 })).data!.studentsOutOfSchool).toMatchObject({ totalCount: 3, entries: [{ schoolCode: '193601' }] });
    expect((await list({ ...EDUCATION, sub: 'w-edu-beitun', districts: ['BEITUN'] })).data!.studentsOutOfSchool.totalCount).toBe(1);
  });

  it('refuses bad filters naming the argument', async () => {
    expect((await list(EDUCATION, { district: 'ATLANTIS' })).errors?.[0]).toMatchObject({ message: 'district: "ATLANTIS" is not a district code', extensions: { code: 'BAD_USER_INPUT' } });
    expect((await list(EDUCATION, { school: '12' })).errors?.[0]).toMatchObject({ message: 'schoolCode: must be a six-digit school code', extensions: { code: 'BAD_USER_INPUT' } });
    expect((await list(EDUCATION, { first: 500 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is refused to every other unit, NGOs, analysts and auditors, at the gateway and at the subgraph', async () => {
    const callers: Caller[] = [
      ...UNIT_CODES.filter((u) => u !== 'EDUCATION').map((unit) => ({ unit, sub: `w-${unit}-out`, ...(unit === 'NGO' ? { org: 1 } : {}) }) as Caller),
      { unit: 'EDUCATION', sub: 'w-edu-analyst', roles: ['ANALYST'] },
      { unit: 'EDUCATION', sub: 'w-edu-auditor', roles: ['AUDITOR'], purpose: 'AUDIT' },
    ];
    for (const caller of callers) {
      expect([caller.sub, (await list(caller)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
      expect([caller.sub, (await askSubgraph(education, hub, caller, LIST)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
    }
    expect((await askSubgraph(education, hub, EDUCATION, LIST)).data!.studentsOutOfSchool.totalCount).toBe(3);
  });
});
