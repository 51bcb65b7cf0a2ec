// A protected victim's confidential address is readable by PROTECTION only, on
// every path that can carry it: core's Person and Family, and every agency
// subgraph field whose value is an address (issue 10: the household
// registration showed it to any unit serving the family). Every field named
// like an address in any subgraph must be listed here, so a new one cannot be
// added without this test reading it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isInterfaceType, isObjectType } from 'graphql';
import { onStatement, prisma } from '../../src/db/prisma.ts';
import { onSubgraphFetch } from '../../src/gateway/fetch-listeners.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startSubgraphServer, type HubServer } from '../../src/server/app.ts';
import { buildFamilies, day, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { SOCIAL_WORKER, startTestHub, type GraphQLResponse, type TestHub } from '../support/test-hub.ts';

const PROTECTION: Caller = { unit: 'PROTECTION', sub: 'w-protection-test' };
// The household registration offices read every registration, need-to-know or not.
const CIVIL_AFFAIRS: Caller = { unit: 'CIVIL_AFFAIRS', sub: 'w-civil-test' };

const FAMILY_ADDRESS = '臺中市西屯區測試路1號';
/** Where the victim lives now (core.person.address, confidential). */
const SHELTER = '臺中市西屯區庇護路7號';
/** The victim's registered address, shared by everyone registered in that household. */
const REGISTERED = '臺中市西屯區保密里戶籍路3號';
/** Another member's registration in a household without a protected victim. */
const ELSEWHERE = '臺中市北屯區他處路5號';

const VIEW = `query ($family: ID!, $person: ID!) {
  family(id: $family) {
    address
    members { person { id address addressWithheld householdRegistration { householdNumber address } } }
  }
  person(id: $person) { address addressWithheld memberships { family { address } } householdRegistration { address } }
}`;

interface RegistrationView {
  householdNumber: string;
  address: string | null;
}
interface MemberView {
  person: { id: string; address: string | null; addressWithheld: boolean; householdRegistration: RegistrationView | null };
}
interface View {
  family: { address: string | null; members: MemberView[] };
  person: { address: string | null; addressWithheld: boolean; memberships: { family: { address: string | null } }[]; householdRegistration: { address: string | null } | null };
}

let family: BuiltFamily;
const victimId = () => gid('Person', family.personIds[0]!);
const member = (data: View, index: number) => data.family.members.find((m) => m.person.id === gid('Person', family.personIds[index]!))!.person;

/**
 * Every field of every subgraph whose value is an address, with each place
 * this test reads it for the victim (member 0) or for someone registered in
 * the victim's household (member 1), and the value PROTECTION reads there.
 */
const ADDRESS_FIELDS: Record<string, { read: (data: View) => (string | null)[]; plain: string[] }> = {
  'Person.address': { read: (d) => [member(d, 0).address, d.person.address], plain: [SHELTER, SHELTER] },
  'Family.address': { read: (d) => [d.family.address, d.person.memberships[0]!.family.address], plain: [FAMILY_ADDRESS, FAMILY_ADDRESS] },
  'HouseholdRegistration.address': {
    read: (d) => [member(d, 0).householdRegistration!.address, d.person.householdRegistration!.address, member(d, 1).householdRegistration!.address],
    plain: [REGISTERED, REGISTERED, REGISTERED],
  },
};

/** Named like an address, but a flag that carries none: it tells every caller that an address was withheld. */
const ADDRESS_FLAGS: Record<string, (data: View) => boolean[]> = {
  'Person.addressWithheld': (d) => [member(d, 0).addressWithheld, d.person.addressWithheld, member(d, 1).addressWithheld],
};

/** Fields of output types named like /address/i, as `Type.field`, over all subgraphs the gateway composes. */
function addressFieldsOfAllSubgraphs(): string[] {
  const coordinates = new Set<string>();
  for (const { schema } of allSubgraphs()) {
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.keys(type.getFields())) if (/address/i.test(field)) coordinates.add(`${type.name}.${field}`);
    }
  }
  return [...coordinates].sort();
}

describe('confidential addresses', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
    // Served by SOCIAL (an open case); PROTECTION serves the victim too, as it would.
    family = (await buildFamilies(1, { members: 3, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    const [victim, sibling, other] = family.personIds as [number, number, number];
    await prisma().person.update({ where: { id: victim }, data: { address: SHELTER, addressConfidential: true } });
    await prisma().case.create({
      data: { kind: 'ADULT_PROTECTION', status: 'OPEN', familyId: family.familyId, subjectPersonId: victim, ownerUnitCode: 'PROTECTION', districtCode: 'XITUN', openedOn: day('2023-05-01') },
    });
    const registration = (personId: number, householdNumber: string, address: string, relationship: 'HEAD' | 'CHILD') => ({
      personId, householdNumber, relationship, address, districtCode: 'XITUN', registeredOn: day('2015-03-01'),
      sourceKey: `${householdNumber}:${personId}`, sourceUpdatedAt: new Date(), syncedAt: new Date(),
    });
    await prisma().householdRegistration.createMany({
      data: [
        registration(victim, 'H90000001', REGISTERED, 'HEAD'),
        registration(sibling, 'H90000001', REGISTERED, 'CHILD'),
        registration(other, 'H90000002', ELSEWHERE, 'HEAD'),
      ],
    });
  });
  afterAll(() => hub.stop());

  const view = async (caller: Caller): Promise<GraphQLResponse<View>> =>
    hub.query<View>(VIEW, { family: gid('Family', family.familyId), person: victimId() }, caller);

  it('reads every field named like an address in every subgraph', () => {
    expect(addressFieldsOfAllSubgraphs()).toEqual([...Object.keys(ADDRESS_FIELDS), ...Object.keys(ADDRESS_FLAGS)].sort());
  });

  it.each([
    ['SOCIAL, serving the family', SOCIAL_WORKER],
    ['CIVIL_AFFAIRS, reading every registration', CIVIL_AFFAIRS],
  ])('withholds the confidential address on every path from %s', async (_name, caller) => {
    const response = await view(caller);
    expect(response.errors).toBeUndefined();
    for (const [coordinate, { read }] of Object.entries(ADDRESS_FIELDS)) {
      expect({ coordinate, values: read(response.data!) }).toEqual({ coordinate, values: read(response.data!).map(() => null) });
    }
    for (const flags of Object.values(ADDRESS_FLAGS)) expect(flags(response.data!)).toEqual([true, true, true]);
    // Not even the street survives anywhere in the answer (a mask keeps only city and district).
    for (const secret of [SHELTER, REGISTERED]) expect(JSON.stringify(response.data)).not.toContain(secret.slice('臺中市西屯區'.length));
  });

  it('gives PROTECTION every path plain', async () => {
    const response = await view(PROTECTION);
    expect(response.errors).toBeUndefined();
    for (const [coordinate, { read, plain }] of Object.entries(ADDRESS_FIELDS)) {
      expect({ coordinate, values: read(response.data!) }).toEqual({ coordinate, values: plain });
    }
    for (const flags of Object.values(ADDRESS_FLAGS)) expect(flags(response.data!)).toEqual([true, true, true]);
  });

  it('withholds the address of everyone living with the victim, which is the victim’s address', async () => {
    for (const caller of [SOCIAL_WORKER, CIVIL_AFFAIRS]) {
      const data = (await view(caller)).data!;
      expect([member(data, 1).address, member(data, 2).address]).toEqual([null, null]);
      expect(member(data, 2).addressWithheld).toBe(true);
    }
    const protection = (await view(PROTECTION)).data!;
    expect([member(protection, 1).address, member(protection, 2).address]).toEqual([FAMILY_ADDRESS, FAMILY_ADDRESS]);
  });

  it('leaves addresses that are not confidential as the field policy has them', async () => {
    // A registration in a household without a protected victim.
    const social = (await view(SOCIAL_WORKER)).data!;
    expect(member(social, 2).householdRegistration).toEqual({ householdNumber: 'H90000002', address: ELSEWHERE });
    const civil = (await view(CIVIL_AFFAIRS)).data!;
    expect(member(civil, 2).householdRegistration).toEqual({ householdNumber: 'H90000002', address: ELSEWHERE });
    // A family without one: plain for a serving unit, masked to city and district for others.
    const [plainFamily] = await buildFamilies(1, { members: 1, openCases: 1, contactsPerCase: 0, referrals: 0 });
    const query = 'query ($id: ID!) { person(id: $id) { address addressWithheld } }';
    const id = gid('Person', plainFamily!.personIds[0]!);
    expect((await hub.query(query, { id }, SOCIAL_WORKER)).data!.person).toEqual({ address: '臺中市西屯區測試路1號', addressWithheld: false });
    expect((await hub.query(query, { id }, CIVIL_AFFAIRS)).data!.person).toEqual({ address: '臺中市西屯區', addressWithheld: false });
  });

  it('asks which households hold a confidential address once per subgraph fetch, whatever the rows, and never for PROTECTION', async () => {
    const count = async (caller: Caller) => {
      const statements: string[] = [];
      const fetches: string[] = [];
      const stopStatements = onStatement((sql) => {
        if (sql.includes('household.registration') && sql.includes('address_confidential')) statements.push(sql);
      });
      const stopFetches = onSubgraphFetch((name) => {
        if (name === 'household-registration') fetches.push(name);
      });
      const response = await view(caller);
      stopStatements();
      stopFetches();
      expect(response.errors).toBeUndefined();
      return { statements: statements.length, fetches: fetches.length };
    };
    // The family's three registrations in one fetch, the person's in another: one statement each.
    expect(await count(SOCIAL_WORKER)).toEqual({ statements: 2, fetches: 2 });
    expect(await count(CIVIL_AFFAIRS)).toEqual({ statements: 2, fetches: 2 });
    expect(await count(PROTECTION)).toEqual({ statements: 0, fetches: 2 });
  });

  describe('on the household-registration subgraph reached directly', () => {
    let subgraph: HubServer;
    beforeAll(async () => {
      const household = allSubgraphs().find((s) => s.name === 'household-registration')!;
      subgraph = await startSubgraphServer({ subgraph: household, auth: hub.auth.settings, port: 0, log: () => undefined });
    });
    afterAll(() => subgraph.stop());

    it.each([
      ['SOCIAL', SOCIAL_WORKER, null],
      ['CIVIL_AFFAIRS', CIVIL_AFFAIRS, null],
      ['PROTECTION', PROTECTION, REGISTERED],
    ])('answers %s the same through _entities', async (_name, caller, expected) => {
      const response = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await hub.auth.headers(caller)) },
        body: JSON.stringify({
          query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { householdRegistration { address } } } }',
          variables: { r: [{ __typename: 'Person', id: victimId() }] },
        }),
      });
      expect(await response.json()).toEqual({ data: { _entities: [{ householdRegistration: { address: expected } }] } });
    });
  });
});
