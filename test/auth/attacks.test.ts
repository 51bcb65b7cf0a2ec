// Attempts to reach denied data by other paths: aliases, fragments, nested
// relations, guessed node and entity IDs, another NGO's case, forged tokens.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, SignJWT } from 'jose';
import { prisma } from '../../src/db/prisma.ts';
import { allSubgraphs } from '../../src/gateway/subgraphs.ts';
import { startSubgraphServer, type HubServer } from '../../src/server/app.ts';
import { buildFamilies, day, gid, type BuiltFamily } from '../support/fixtures.ts';
import { AUDIENCE, ISSUER, type Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const HEALTH: Caller = { unit: 'HEALTH', sub: 'w-health-attacker' };

describe('attacks on authorization', () => {
  let hub: TestHub;
  let subgraph: HubServer;
  let family: BuiltFamily; // served by SOCIAL only
  let orgA: number;
  let orgB: number;

  beforeAll(async () => {
    hub = await startTestHub();
    subgraph = await startSubgraphServer({ subgraph: allSubgraphs()[0]!, auth: hub.auth.settings, port: 0, log: () => undefined });
    family = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 1, referrals: 0 }))[0]!;
    await prisma().person.update({ where: { id: family.personIds[0]! }, data: { nationalId: 'A123456789' } });
    orgA = (await prisma().organization.create({ data: { name: 'A', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    orgB = (await prisma().organization.create({ data: { name: 'B', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    await prisma().assignment.create({ data: { caseId: family.caseIds[0]!, organizationId: orgA, startDate: day('2023-01-01') } });
  });
  afterAll(async () => {
    await subgraph.stop();
    await hub.stop();
  });

  const personId = () => gid('Person', family.personIds[0]!);
  const deniedPaths = (response: Awaited<ReturnType<TestHub['query']>>) =>
    (response.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.')).sort();

  it('denies every alias of a denied field', async () => {
    const response = await hub.query(`query ($id: ID!) { person(id: $id) { a: nationalId b: nationalId c: name } }`, { id: personId() }, HEALTH);
    expect(response.data!.person).toEqual({ a: null, b: null, c: '王○○0' });
    expect(deniedPaths(response)).toEqual(['person.a', 'person.b']);
  });

  it('denies through named and inline fragments', async () => {
    const response = await hub.query(
      `query ($id: ID!) { person(id: $id) { ...Secret } node(id: $id) { ... on Person { nationalId } } }
       fragment Secret on Person { nationalId }`,
      { id: personId() },
      HEALTH,
    );
    expect(response.data).toEqual({ person: { nationalId: null }, node: { nationalId: null } });
    expect(deniedPaths(response)).toEqual(['node.nationalId', 'person.nationalId']);
  });

  it('denies through nested relations', async () => {
    const response = await hub.query(
      `query ($c: ID!, $p: ID!) {
        case(id: $c) { id kind subject { nationalId } family { address cases { kind } } }
        person(id: $p) { memberships { family { servingUnits { unit { code } } members { person { nationalId } } } } }
      }`,
      { c: gid('Case', family.caseIds[0]!), p: personId() },
      HEALTH,
    );
    expect(response.data!.case).toEqual({ id: gid('Case', family.caseIds[0]!), kind: null, subject: null, family: null });
    expect(JSON.stringify(response.data)).not.toMatch(/A123456789|測試路/);
    expect(deniedPaths(response)).toEqual(
      expect.arrayContaining(['case.kind', 'case.subject', 'case.family', 'person.memberships.0.family.servingUnits', 'person.memberships.0.family.members.0.person.nationalId']),
    );
  });

  it('answers guessed node IDs outside an NGO scope as if they did not exist', async () => {
    const ngoB: Caller = { unit: 'NGO', sub: 'w-ngo-b', org: orgB };
    const ids = [gid('Family', family.familyId), gid('Person', family.personIds[0]!), gid('Case', family.caseIds[0]!), gid('Family', 424242)];
    const response = await hub.query(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } case(id: "${ids[2]}") { id } cases(first: 10) { edges { node { id } } } }`, { ids }, ngoB);
    expect(response).toEqual({ data: { nodes: [null, null, null, null], case: null, cases: { edges: [] } } });
    const ngoA: Caller = { unit: 'NGO', sub: 'w-ngo-a', org: orgA };
    const own = await hub.query(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, ngoA);
    expect(own.data!.nodes).toEqual([{ id: ids[0] }, { id: ids[1] }, { id: ids[2] }, null]);
  });

  it('answers entity lookups on a subgraph called directly with the same scope', async () => {
    const call = async (caller: Caller) => {
      const response = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await hub.auth.headers(caller)) },
        body: JSON.stringify({
          query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name } ... on Family { id } } }',
          variables: { r: [{ __typename: 'Person', id: personId() }, { __typename: 'Family', id: gid('Family', family.familyId) }] },
        }),
      });
      return response.json();
    };
    expect(await call({ unit: 'NGO', sub: 'w-ngo-b', org: orgB })).toEqual({ data: { _entities: [null, null] } });
    expect(await call({ unit: 'NGO', sub: 'w-ngo-a', org: orgA })).toEqual({
      data: { _entities: [{ id: personId(), name: '王0之0' }, { id: gid('Family', family.familyId) }] },
    });
  });

  it('refuses a subgraph called directly with a forged token', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ unit: 'PROTECTION', roles: ['ADMIN'] })
      .setProtectedHeader({ alg: 'ES256' }).setSubject('mallory').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m')
      .sign(privateKey);
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}`, 'x-purpose-of-use': 'CASE_WORK' },
      body: JSON.stringify({ query: '{ families(first: 1) { totalCount } }' }),
    });
    expect(response.status).toBe(401);
  });
});
