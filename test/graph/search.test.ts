// Purpose-bound search: one criterion set per search, results capped and
// masked per policy, every search audited with its criteria, a name alone
// refused, protected victims never found by anyone but PROTECTION,
// district-bound tokens limited to their districts, and the search refused to NGOs, analysts, auditors and a subgraph called
// directly by an analyst.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { prisma } from '../../src/db/prisma.ts';
import { makeNationalId } from '../../src/domain/national-id.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startSubgraphServer, type HubServer } from '../../src/server/app.ts';
import { gid } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-search' };
const PROTECTION: Caller = { unit: 'PROTECTION', sub: 'w-protection-search' };
const SEARCH = `query Search($by: PersonSearchInput!) { searchPersons(by: $by) { truncated persons { id name birthDate district { code } } } }`;
const SEARCH_FAMILIES = `query SearchFamilies($by: PersonSearchInput!) { searchFamilies(by: $by) { truncated families { id address } } }`;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('purpose-bound search', () => {
  let hub: TestHub;
  let core: HubServer;
  let sql: pg.Client;
  const ids = { huang: 0, victim: 0, neighbour: 0, southern: 0, family: 0, bigFamily: 0 };
  const huangId = makeNationalId('B', '1', 1112223);

  const person = async (name: string, birth: string, data: { nationalId?: string; address?: string; district?: string; confidential?: boolean; household?: string } = {}) => {
    const created = await prisma().person.create({
      data: { name, sex: 'MALE', birthDate: day(birth), nationalId: data.nationalId ?? null, address: data.address ?? null, districtCode: data.district ?? 'XITUN', addressConfidential: data.confidential ?? false },
    });
    if (data.household) {
      await sql.query(`INSERT INTO household.registration (person_id, household_number, relationship, source_key, source_updated_at, synced_at) VALUES ($1, $2, 'CHILD', $3, now(), now())`, [created.id, data.household, `search-${created.id}`]);
    }
    return created.id;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startSubgraphServer({ subgraph: allSubgraphs().find((s) => s.name === 'core')!, auth: hub.auth.settings, port: 0, log: () => undefined });
    sql = new pg.Client({ connectionString: hub.db.url });
    await sql.connect();
    const address = '臺中市西屯區福星路 100 號';
    ids.huang = await person('黃志明', '1975-11-11', { nationalId: huangId, address, household: 'H10000001' });
    ids.victim = await person('林秀英', '1988-02-02', { address, confidential: true, household: 'H10000001' });
    ids.neighbour = await person('陳建國', '1960-06-06', { address: '臺中市西屯區福星路 102 號' });
    ids.southern = await person('黃志明', '1975-11-11', { district: 'SOUTH', address: '臺中市南區復興路 1 號' });
    const family = await prisma().family.create({ data: { districtCode: 'XITUN', address } });
    ids.family = family.id;
    await prisma().familyMembership.create({ data: { familyId: family.id, personId: ids.huang, relationship: 'HEAD', startDate: day('2010-01-01') } });
    const southernFamily = await prisma().family.create({ data: { districtCode: 'SOUTH', address: '臺中市南區復興路 1 號' } });
    await prisma().familyMembership.create({ data: { familyId: southernFamily.id, personId: ids.southern, relationship: 'HEAD', startDate: day('2010-01-01') } });
    for (let i = 0; i < 12; i++) await person(`張家${i}`, `2000-01-${String(i + 1).padStart(2, '0')}`, { household: 'H20000002' });
  }, 60_000);
  afterAll(async () => {
    await sql.end();
    await core.stop();
    await hub.stop();
  });

  const found = async (by: Record<string, unknown>, caller: Caller = SOCIAL) => {
    const response = await hub.query(SEARCH, { by }, caller);
    expect(response.errors).toBeUndefined();
    return response.data!.searchPersons as { truncated: boolean; persons: { id: string; name: string; birthDate: string }[] };
  };

  it('finds by exact national ID, with the name masked for a unit that does not serve the family', async () => {
    const result = await found({ nationalId: huangId });
    expect(result).toEqual({ truncated: false, persons: [{ id: gid('Person', ids.huang), name: expect.not.stringMatching(/^黃志明$/), birthDate: expect.anything(), district: { code: 'XITUN' } }] });
  });

  it('finds by name and birth date, reading variant characters as linking does, across districts', async () => {
    const result = await found({ name: '黄 志明', birthDate: '1975-11-11' });
    expect(result.persons.map((p) => p.id).sort()).toEqual([gid('Person', ids.huang), gid('Person', ids.southern)].sort());
  });

  it('limits a district-bound token to its districts', async () => {
    const result = await found({ name: '黃志明', birthDate: '1975-11-11' }, { ...SOCIAL, districts: ['SOUTH'] });
    expect(result.persons.map((p) => p.id)).toEqual([gid('Person', ids.southern)]);
  });

  it('never finds a protected victim by address or household number, except for PROTECTION', async () => {
    const byAddress = await found({ address: '臺中市西屯區福星路', district: 'XITUN' });
    expect(byAddress.persons.map((p) => p.id)).toEqual([gid('Person', ids.huang), gid('Person', ids.neighbour)]);
    const byHousehold = await found({ householdNumber: 'H10000001' });
    expect(byHousehold.persons.map((p) => p.id)).toEqual([gid('Person', ids.huang)]);
    expect((await found({ householdNumber: 'h10000001' }, PROTECTION)).persons.map((p) => p.id)).toEqual([gid('Person', ids.huang), gid('Person', ids.victim)]);
    expect((await found({ address: '臺中市西屯區福星路 100', district: 'XITUN' }, PROTECTION)).persons).toHaveLength(2);
  });

  it('never finds a protected victim by national ID or by name for anyone but PROTECTION', async () => {
    const victimId = makeNationalId('B', '2', 1112224);
    await prisma().person.update({ where: { id: ids.victim }, data: { nationalId: victimId } });
    expect((await found({ nationalId: victimId })).persons).toEqual([]);
    expect((await found({ name: '林秀英', birthDate: '1988-02-02' })).persons).toEqual([]);
    expect((await found({ nationalId: victimId }, PROTECTION)).persons.map((p) => p.id)).toEqual([gid('Person', ids.victim)]);
    expect((await found({ name: '林秀英', birthDate: '1988-02-02' }, PROTECTION)).persons.map((p) => p.id)).toEqual([gid('Person', ids.victim)]);
  });

  it('caps the results and says so', async () => {
    const result = await found({ householdNumber: 'H20000002' });
    expect(result.persons).toHaveLength(10);
    expect(result.truncated).toBe(true);
  });

  it('finds the families of the persons found; opening one still follows need-to-know', async () => {
    const response = await hub.query(SEARCH_FAMILIES, { by: { nationalId: huangId } }, SOCIAL);
    expect(response.data!.searchFamilies.families.map((f: { id: string }) => f.id)).toEqual([gid('Family', ids.family)]);
    expect(response.data!.searchFamilies.families[0].address).not.toBe('臺中市西屯區福星路 100 號');
  });

  it('audits every search with its criteria and the persons found', async () => {
    await found({ nationalId: huangId }, { ...SOCIAL, sub: 'w-audited-search' });
    const { rows } = await sql.query(`SELECT person_ids, records FROM audit.entry WHERE sub = 'w-audited-search' ORDER BY id DESC LIMIT 1`);
    expect(rows[0]).toEqual({ person_ids: [ids.huang], records: [`Search:nationalId=${huangId}`] });
  });

  it.each([
    ['a name alone', { name: '黃志明' }, 'birthDate'],
    ['no criteria', {}, 'by'],
    ['two criterion sets at once', { nationalId: huangId, householdNumber: 'H10000001' }, 'by'],
    ['a national ID that fails its check digit', { nationalId: `${huangId.slice(0, 9)}${(Number(huangId[9]) + 1) % 10}` }, 'nationalId'],
    ['an unknown district', { address: '臺中市西屯區福星路', district: 'ATLANTIS' }, 'district'],
    ['an address prefix too short to narrow anything', { address: '臺中市', district: 'XITUN' }, 'address'],
    ['a household number with a SQL wildcard', { householdNumber: 'H1%' }, 'householdNumber'],
  ])('refuses %s as BAD_USER_INPUT naming the field', async (_label, by, field) => {
    const response = await hub.query(SEARCH, { by }, SOCIAL);
    expect(response.data?.searchPersons ?? null).toBeNull();
    expect(response.errors?.[0]).toMatchObject({ message: expect.stringMatching(new RegExp(`^${field}: `)), extensions: { code: 'BAD_USER_INPUT' } });
  });

  it.each([
    ['an NGO', { unit: 'NGO', sub: 'w-ngo-search', org: 1 }],
    ['an ANALYST', { unit: 'SOCIAL', sub: 'w-analyst-search', roles: ['ANALYST'] }],
    ['an AUDITOR', { unit: 'SOCIAL', sub: 'w-auditor-search', roles: ['AUDITOR'] }],
  ] as const)('refuses %s', async (_label, caller) => {
    for (const [query, field] of [[SEARCH, 'searchPersons'], [SEARCH_FAMILIES, 'searchFamilies']] as const) {
      const response = await hub.query(query, { by: { nationalId: huangId } }, caller as Caller);
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(response.data?.[field] ?? null).toBeNull();
    }
  });

  it('asks a caseworker without a purpose for one', async () => {
    const response = await hub.query(SEARCH, { by: { nationalId: huangId } }, { ...SOCIAL, purpose: null });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an ANALYST calling the core subgraph directly', async () => {
    const body = JSON.stringify({ query: SEARCH, variables: { by: { nationalId: huangId } } });
    const response = await fetch(core.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await hub.auth.headers({ unit: 'SOCIAL', sub: 'w-analyst-direct', roles: ['ANALYST'] })) }, body });
    const answer = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
