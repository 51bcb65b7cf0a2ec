// Function-level rules (graphql-shield): every root field of every subgraph
// — each Query field, each Mutation and `_entities` per entity type — has a
// rule of its own, and a subgraph called directly applies them exactly as
// through the gateway: ANALYST and AUDITOR tokens read no person through
// `_entities`, and `_entities` / `nodes` take a bounded number of keys.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isUnionType } from 'graphql';
import { prisma } from '../../src/db/prisma.ts';
import { allSubgraphs, type Subgraph } from '../../src/gateway/subgraphs.ts';
import { entityRuleParts, hasOperationRule, MAX_ENTITY_REPRESENTATIONS, MAX_NODE_IDS } from '../../src/policy/operation-rules.ts';
import { startSubgraphServer, type HubServer } from '../../src/server/app.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const rootFieldsOf = (subgraph: Subgraph) =>
  (['Query', 'Mutation'] as const).flatMap((root) => {
    const type = root === 'Query' ? subgraph.schema.getQueryType() : subgraph.schema.getMutationType();
    return type ? Object.values(type.getFields()).map((field) => ({ root, field })) : [];
  });

const entityTypesOf = (subgraph: Subgraph) => {
  const union = subgraph.schema.getType('_Entity');
  return union && isUnionType(union) ? union.getTypes().map((t) => t.name) : [];
};

describe('function-level rules on every operation', () => {
  it('give every root field of every subgraph a rule of its own, and apply it', () => {
    const missing = allSubgraphs().flatMap((subgraph) =>
      rootFieldsOf(subgraph)
        .filter(({ root, field }) => !subgraph.operationRules[root]?.[field.name] || !hasOperationRule(field.resolve))
        .map(({ root, field }) => `${subgraph.name}: ${root}.${field.name}`),
    );
    expect(missing).toEqual([]);
  });

  it('give every entity type of every subgraph an `_entities` rule', () => {
    const missing = allSubgraphs().flatMap((subgraph) => {
      const rule = subgraph.operationRules.Query?._entities;
      const parts = rule ? entityRuleParts.get(rule) : undefined;
      return entityTypesOf(subgraph).filter((type) => !parts?.[type]).map((type) => `${subgraph.name}: _entities ${type}`);
    });
    expect(missing).toEqual([]);
  });

  it('name no rule for a field that does not exist', () => {
    const stale = allSubgraphs().flatMap((subgraph) =>
      (['Query', 'Mutation'] as const).flatMap((root) =>
        Object.keys(subgraph.operationRules[root] ?? {})
          .filter((name) => !rootFieldsOf(subgraph).some((f) => f.root === root && f.field.name === name))
          .map((name) => `${subgraph.name}: ${root}.${name}`),
      ),
    );
    expect(stale).toEqual([]);
  });
});

describe('subgraphs called directly', () => {
  let hub: TestHub;
  let servers: { name: string; server: HubServer; entityTypes: string[] }[];
  let family: BuiltFamily;

  beforeAll(async () => {
    hub = await startTestHub();
    servers = await Promise.all(
      allSubgraphs().map(async (subgraph) => ({
        name: subgraph.name,
        entityTypes: entityTypesOf(subgraph),
        server: await startSubgraphServer({ subgraph, auth: hub.auth.settings, port: 0, log: () => undefined }),
      })),
    );
    family = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    await prisma().person.update({ where: { id: family.personIds[0]! }, data: { nationalId: 'A123456789' } });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.server.stop()));
    await hub.stop();
  });

  async function post(url: string, caller: Caller, query: string, variables: Record<string, unknown>) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await hub.auth.headers(caller)) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
  }

  const PERSON_ENTITY = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }';
  const aggregateCallers: Caller[] = (['ANALYST', 'AUDITOR'] as const).flatMap((role) =>
    (['SOCIAL', 'PROTECTION', 'HEALTH'] as const).map((unit) => ({ unit, sub: `w-${unit}-${role}`, roles: [role] })),
  );

  it('refuse person entities to ANALYST and AUDITOR on every subgraph that resolves persons', async () => {
    const withPersons = servers.filter((s) => s.entityTypes.includes('Person'));
    expect(withPersons.map((s) => s.name)).toEqual(expect.arrayContaining(['core', 'household-registration', 'welfare-subsidies']));
    for (const { name, server } of withPersons) {
      for (const caller of aggregateCallers) {
        const response = await post(server.url, caller, PERSON_ENTITY, { r: [{ __typename: 'Person', id: gid('Person', family.personIds[0]!) }] });
        // `_entities` is non-null in federation, so the denial nulls the whole answer.
        expect({ name, role: caller.roles, data: response.data, codes: response.errors?.map((e) => e.extensions?.code) }).toEqual({
          name,
          role: caller.roles,
          data: null,
          codes: ['FORBIDDEN'],
        });
      }
    }
  });

  it('still resolve person entities for a caseworker', async () => {
    const core = servers.find((s) => s.name === 'core')!;
    const response = await post(core.server.url, { unit: 'SOCIAL', sub: 'w-social' }, PERSON_ENTITY, {
      r: [{ __typename: 'Person', id: gid('Person', family.personIds[0]!) }],
    });
    expect(response).toEqual({ data: { _entities: [{ id: gid('Person', family.personIds[0]!) }] } });
  });

  it('refuse an entity type a subgraph has no rule for', async () => {
    const household = servers.find((s) => s.name === 'household-registration')!;
    const response = await post(household.server.url, { unit: 'SOCIAL', sub: 'w-social' }, 'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }', {
      r: [{ __typename: 'Family', id: gid('Family', family.familyId) }],
    });
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it(`bound _entities to ${MAX_ENTITY_REPRESENTATIONS} representations and nodes to ${MAX_NODE_IDS} ids`, async () => {
    const core = servers.find((s) => s.name === 'core')!;
    const social: Caller = { unit: 'SOCIAL', sub: 'w-social' };
    const tooMany = Array.from({ length: MAX_ENTITY_REPRESENTATIONS + 1 }, (_, i) => ({ __typename: 'Person', id: gid('Person', i + 1) }));
    const entities = await post(core.server.url, social, PERSON_ENTITY, { r: tooMany });
    expect(entities.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['BAD_USER_INPUT', `representations: at most ${MAX_ENTITY_REPRESENTATIONS} per request (got ${MAX_ENTITY_REPRESENTATIONS + 1})`],
    ]);
    const ids = Array.from({ length: MAX_NODE_IDS + 1 }, (_, i) => gid('Person', i + 1));
    const nodes = await hub.query('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, social);
    expect(nodes.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_USER_INPUT', `ids: at most ${MAX_NODE_IDS} per request (got ${MAX_NODE_IDS + 1})`]]);
    const allowed = await hub.query('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids.slice(0, MAX_NODE_IDS) }, social);
    expect(allowed.errors).toBeUndefined();
  });

  it('let the gateway batch the largest page through: 100 families of 20 members each', async () => {
    const members = MAX_ENTITY_REPRESENTATIONS / 100;
    await buildFamilies(100, { members, openCases: 1, contactsPerCase: 0, referrals: 0 });
    const response = await hub.query(
      '{ families(first: 100) { edges { node { members { person { householdRegistration { householdNumber } } } } } } }',
      {},
      { unit: 'SOCIAL', sub: 'w-social', districts: ['XITUN'] },
    );
    expect(response.errors).toBeUndefined();
    const persons = response.data!.families.edges.flatMap((e: { node: { members: unknown[] } }) => e.node.members);
    expect(persons.length).toBeGreaterThanOrEqual(MAX_ENTITY_REPRESENTATIONS - members);
  });
});
