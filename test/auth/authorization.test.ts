// Field-level authorization per unit: the table-driven matrix, need-to-know,
// NGO scoping, confidential addresses, roles, and deny by default.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphql, GraphQLObjectType, GraphQLSchema, GraphQLString, isObjectType } from 'graphql';
import { prisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { AccessLog } from '../../src/policy/access-log.ts';
import { enforcePolicy, isGuarded, isPlumbing } from '../../src/policy/enforce.ts';
import { buildFamilies, day, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social' };
const HEALTH: Caller = { unit: 'HEALTH', sub: 'w-health' };
const CIVIL: Caller = { unit: 'CIVIL_AFFAIRS', sub: 'w-civil' };
const PROTECTION: Caller = { unit: 'PROTECTION', sub: 'w-protection' };
const ANALYST: Caller = { unit: 'SOCIAL', sub: 'w-analyst', roles: ['ANALYST'] };

const PERSON = `query ($id: ID!) { person(id: $id) { id name nationalId birthDate address sex district { code } } }`;

describe('authorization', () => {
  let hub: TestHub;
  let served: BuiltFamily; // SOCIAL has an open case here; NGO 1 is assigned
  let other: BuiltFamily; // only HEALTH serves this one
  let ngo: number;
  let otherNgo: number;
  let assignmentId: number;

  beforeAll(async () => {
    hub = await startTestHub();
    served = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 1, referrals: 0 }))[0]!;
    other = (await buildFamilies(1, { members: 2, openCases: 0, contactsPerCase: 0, referrals: 0 }))[0]!;
    await prisma().case.create({
      data: { kind: 'MENTAL_HEALTH', status: 'OPEN', familyId: other.familyId, ownerUnitCode: 'HEALTH', districtCode: 'XITUN', openedOn: day('2023-01-01') },
    });
    await prisma().person.update({ where: { id: served.personIds[0]! }, data: { name: '王大明', nationalId: 'A123456789', birthDate: day('1979-05-04') } });
    ngo = (await prisma().organization.create({ data: { name: '家扶基金會', contractRegions: ['三屯'], districtCodes: ['XITUN'] } })).id;
    otherNgo = (await prisma().organization.create({ data: { name: '世界展望會', contractRegions: ['海線'], districtCodes: ['DAJIA'] } })).id;
    assignmentId = (await prisma().assignment.create({ data: { caseId: served.caseIds[0]!, organizationId: ngo, startDate: day('2023-01-01') } })).id;
  });
  afterAll(() => hub.stop());

  const person = (caller: Caller) => hub.query(PERSON, { id: gid('Person', served.personIds[0]!) }, caller);
  const forbiddenPaths = (response: Awaited<ReturnType<TestHub['query']>>) =>
    (response.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.'));

  it.each<[string, Caller, Record<string, unknown>, string[]]>([
    ['a unit serving the family', SOCIAL, { name: '王大明', nationalId: 'A12****789', birthDate: '1979-05-04', address: '臺中市西屯區測試路1號' }, []],
    ['a unit not serving the family', HEALTH, { name: '王○明', nationalId: null, birthDate: '1979', address: '臺中市西屯區' }, ['person.nationalId']],
    ['household registration', CIVIL, { name: '王大明', nationalId: 'A123456789', birthDate: '1979-05-04', address: '臺中市西屯區' }, []],
    ['the protection centre', PROTECTION, { name: '王大明', nationalId: 'A123456789', birthDate: '1979-05-04', address: '臺中市西屯區' }, []],
  ])('%s reads a person as the policy says', async (_who, caller, expected, denied) => {
    const response = await person(caller);
    expect(response.data!.person).toEqual({ id: gid('Person', served.personIds[0]!), sex: 'MALE', district: { code: 'XITUN' }, ...expected });
    expect(forbiddenPaths(response)).toEqual(denied);
    for (const error of response.errors ?? []) {
      expect(error.message).toBe('Not permitted to read Person.nationalId');
      expect(JSON.stringify(error)).not.toMatch(/A1234|stacktrace/);
    }
  });

  it('denies need-to-know fields outside the relation, leaving siblings and parents intact', async () => {
    const response = await hub.query(`query ($id: ID!) { family(id: $id) { id district { code } cases { kind } servingUnits { unit { code } } } }`, { id: gid('Family', served.familyId) }, HEALTH);
    expect(response.data!.family).toEqual({ id: gid('Family', served.familyId), district: { code: 'XITUN' }, cases: null, servingUnits: null });
    expect(forbiddenPaths(response).sort()).toEqual(['family.cases', 'family.servingUnits']);
  });

  it('gives the analyst role no person-level reads at all', async () => {
    const response = await hub.query(`query ($id: ID!) { family(id: $id) { id } districts { code } }`, { id: gid('Family', served.familyId) }, ANALYST);
    expect(response.data!.family).toBeNull();
    expect(response.data!.districts).toHaveLength(29);
    expect(forbiddenPaths(response)).toEqual(['family']);
  });

  it('refuses triage to anyone but central intake', async () => {
    const response = await hub.query(`mutation { triageIntake(input: { intakeId: "${gid('Intake', 1)}", dispatchTo: SOCIAL }) { ok } }`, {}, SOCIAL);
    expect(forbiddenPaths(response)).toEqual(['triageIntake']);
  });

  it('withholds a confidential address from everyone but PROTECTION', async () => {
    await prisma().person.update({ where: { id: served.personIds[1]! }, data: { addressConfidential: true } });
    const query = `query ($id: ID!) { person(id: $id) { address addressWithheld } }`;
    const id = gid('Person', served.personIds[1]!);
    expect((await hub.query(query, { id }, SOCIAL)).data!.person).toEqual({ address: null, addressWithheld: true });
    expect((await hub.query(query, { id }, HEALTH)).data!.person).toEqual({ address: null, addressWithheld: true });
    expect((await hub.query(query, { id }, PROTECTION)).data!.person.address).toMatch(/^臺中市西屯區/);
    await prisma().person.update({ where: { id: served.personIds[1]! }, data: { addressConfidential: false } });
  });

  describe('NGO scoping', () => {
    const NGO = (): Caller => ({ unit: 'NGO', sub: 'w-ngo', org: ngo });
    const lookup = `query ($f: ID!, $p: ID!) { family(id: $f) { id } person(id: $p) { id name } node(id: $f) { id } }`;

    it('reaches the families of its active assignments', async () => {
      const response = await hub.query(lookup, { f: gid('Family', served.familyId), p: gid('Person', served.personIds[0]!) }, NGO());
      expect(response).toEqual({ data: { family: { id: gid('Family', served.familyId) }, person: { id: gid('Person', served.personIds[0]!), name: '王大明' }, node: { id: gid('Family', served.familyId) } } });
      const list = await hub.query(`{ families(first: 10) { totalCount edges { node { id } } } cases(first: 10) { edges { node { id } } } }`, {}, NGO());
      expect(list.data).toEqual({
        families: { totalCount: 1, edges: [{ node: { id: gid('Family', served.familyId) } }] },
        cases: { edges: [{ node: { id: gid('Case', served.caseIds[0]!) } }] },
      });
    });

    it('sees anything else exactly as a record that does not exist', async () => {
      const outside = await hub.query(lookup, { f: gid('Family', other.familyId), p: gid('Person', other.personIds[0]!) }, NGO());
      const missing = await hub.query(lookup, { f: gid('Family', 999_999), p: gid('Person', 999_999) }, NGO());
      expect(outside).toEqual({ data: { family: null, person: null, node: null } });
      expect(outside).toEqual(missing);
      const foreign = await hub.query(lookup, { f: gid('Family', served.familyId), p: gid('Person', served.personIds[0]!) }, { unit: 'NGO', sub: 'w-2', org: otherNgo });
      expect(foreign).toEqual(missing);
    });

    it('loses access when the assignment ends', async () => {
      await prisma().assignment.update({ where: { id: assignmentId }, data: { endDate: day('2023-12-31') } });
      const response = await hub.query(lookup, { f: gid('Family', served.familyId), p: gid('Person', served.personIds[0]!) }, NGO());
      expect(response).toEqual({ data: { family: null, person: null, node: null } });
      await prisma().assignment.update({ where: { id: assignmentId }, data: { endDate: null } });
    });
  });

  it('keeps district-bound workers to their districts', async () => {
    const response = await hub.query(`query ($f: ID!) { family(id: $f) { id } }`, { f: gid('Family', other.familyId) }, { ...HEALTH, districts: ['BEITUN'] });
    expect(response).toEqual({ data: { family: null } });
  });

  it('has a rule for every field of every subgraph, and no rule for a field that does not exist', () => {
    const missing: string[] = [];
    const stale: string[] = [];
    for (const { schema, policy } of allSubgraphs()) {
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith('_')) continue;
        for (const field of Object.keys(type.getFields())) {
          if (!field.startsWith('_') && !policy[type.name]?.[field]) missing.push(`${type.name}.${field}`);
        }
      }
      for (const [typeName, fields] of Object.entries(policy)) {
        const type = schema.getType(typeName);
        for (const field of Object.keys(fields)) if (!isObjectType(type) || !type.getFields()[field]) stale.push(`${typeName}.${field}`);
      }
    }
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('runs every field of every subgraph through the policy', () => {
    const unguarded = allSubgraphs().flatMap(({ schema }) =>
      Object.values(schema.getTypeMap())
        .filter(isObjectType)
        .flatMap((type) => Object.values(type.getFields()).map((field) => ({ type: type.name, field })))
        .filter(({ type, field }) => !isPlumbing(type, field.name) && !isGuarded(field.resolve))
        .map(({ type, field }) => `${type}.${field.name}`),
    );
    expect(unguarded).toEqual([]);
  });

  it('denies a field that was added without a rule', async () => {
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: { ruled: { type: GraphQLString, resolve: () => 'visible' }, addedLater: { type: GraphQLString, resolve: () => 'secret' } },
      }),
    });
    enforcePolicy(schema, { Query: { ruled: { others: 'ALLOW' } } }, { ownedBy: () => false, related: async () => 'NONE' as const, personIdOf: () => null });
    const contextValue = { viewer: { unit: 'SOCIAL', roles: ['CASEWORKER'] }, policyDecisions: new Map(), accessLog: new AccessLog(), relatedRows: new WeakMap() };
    const result = await graphql({ schema, source: '{ ruled addedLater }', contextValue });
    expect(result.data).toEqual({ ruled: 'visible', addedLater: null });
    expect(result.errors?.map((e) => [e.message, e.path, e.extensions.code])).toEqual([['Not permitted to read Query.addedLater', ['addedLater'], 'FORBIDDEN']]);
  });
});
