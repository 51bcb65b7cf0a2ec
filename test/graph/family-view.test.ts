// The shared family view: members, cases, contacts, referrals and who else
// is serving the family, through the gateway, plus node lookups and filters.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { buildFamilies, day, ensureWorker, gid, type BuiltFamily } from '../support/fixtures.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';
import { FAMILY_VIEW_FIELDS } from './family-view-queries.ts';

describe('family view', () => {
  let hub: TestHub;
  let family: BuiltFamily;
  let other: BuiltFamily;

  beforeAll(async () => {
    hub = await startTestHub();
    [family, other] = (await buildFamilies(2, { members: 3, openCases: 2, contactsPerCase: 2, referrals: 1 })) as [BuiltFamily, BuiltFamily];
    const org = await prisma().organization.create({ data: { name: '勵馨基金會', contractRegions: ['屯區'], districtCodes: ['XITUN'] } });
    await prisma().assignment.create({ data: { caseId: family.caseIds[0]!, organizationId: org.id, startDate: day('2023-03-01') } });
    await prisma().assignment.create({ data: { caseId: family.caseIds[1]!, organizationId: org.id, startDate: day('2022-01-01'), endDate: day('2022-12-31') } });
    // A member who moved out stays in history but leaves the current view.
    await prisma().familyMembership.updateMany({ where: { personId: family.personIds[2]! }, data: { endDate: day('2023-06-30') } });
    // The first member of the other family also has a case elsewhere: it serves this family too.
    const probationWorker = await ensureWorker('HEALTH');
    await prisma().case.create({
      data: {
        kind: 'DRUG_ADDICTION', status: 'OPEN', familyId: other.familyId, subjectPersonId: other.personIds[0]!,
        ownerUnitCode: 'HEALTH', leadWorkerId: probationWorker, districtCode: 'XITUN', openedOn: day('2021-05-05'),
      },
    });
    await prisma().familyMembership.create({
      data: { familyId: family.familyId, personId: other.personIds[0]!, relationship: 'OTHER_RELATIVE', startDate: day('2023-01-01') },
    });
  });
  afterAll(() => hub.stop());

  it('returns the whole family through the gateway', async () => {
    const response = await hub.query(`query ($id: ID!) { family(id: $id) { ${FAMILY_VIEW_FIELDS} } }`, { id: gid('Family', family.familyId) });
    expect(response.errors).toBeUndefined();
    const view = response.data!.family;
    expect(view.id).toBe(gid('Family', family.familyId));
    expect(view.members.map((m: { person: { name: string } }) => m.person.name)).toEqual(['王0之0', '王0之1', '王1之0']);
    expect(view.cases).toHaveLength(2);
    expect(view.cases[0]).toMatchObject({ status: 'OPEN', contactCount: 2, ownerUnit: { code: expect.any(String) } });
    expect(view.cases.flatMap((c: { contacts: unknown[] }) => c.contacts)).toHaveLength(4);
    expect(view.referrals).toEqual([expect.objectContaining({ status: 'PENDING', toUnit: { code: 'LABOR' } })]);
  });

  it('lists every unit serving the family now, including cases held for a member elsewhere', async () => {
    const response = await hub.query(`query ($id: ID!) { family(id: $id) { servingUnits { unit { code } involvement caseKind since leadWorker { id } organization { name } person { name } } } }`, {
      id: gid('Family', family.familyId),
    });
    // 王1之0 joined this family from the other one, so that family's case and referral about them count too.
    const today = expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/);
    expect(response.data!.family.servingUnits).toEqual([
      { unit: { code: 'HEALTH' }, involvement: 'CASE', caseKind: 'DRUG_ADDICTION', since: '2021-05-05', leadWorker: { id: expect.any(String) }, organization: null, person: { name: '王1之0' } },
      { unit: { code: 'HEALTH' }, involvement: 'CASE', caseKind: 'MENTAL_HEALTH', since: '2023-02-01', leadWorker: null, organization: null, person: { name: '王0之1' } },
      { unit: { code: 'SOCIAL' }, involvement: 'CASE', caseKind: 'VULNERABLE_FAMILY', since: '2023-02-01', leadWorker: { id: expect.any(String) }, organization: null, person: { name: '王0之0' } },
      { unit: { code: 'SOCIAL' }, involvement: 'CASE', caseKind: 'VULNERABLE_FAMILY', since: '2023-02-01', leadWorker: { id: expect.any(String) }, organization: null, person: { name: '王1之0' } },
      { unit: { code: 'NGO' }, involvement: 'ASSIGNMENT', caseKind: 'VULNERABLE_FAMILY', since: '2023-03-01', leadWorker: null, organization: { name: '勵馨基金會' }, person: { name: '王0之0' } },
      { unit: { code: 'LABOR' }, involvement: 'REFERRAL', caseKind: null, since: today, leadWorker: null, organization: null, person: { name: '王0之0' } },
      { unit: { code: 'LABOR' }, involvement: 'REFERRAL', caseKind: null, since: today, leadWorker: null, organization: null, person: { name: '王1之0' } },
    ]);
  });

  it('keeps past members when asked', async () => {
    const response = await hub.query(`query ($id: ID!) { family(id: $id) { members(includePast: true) { isCurrent endDate } } }`, { id: gid('Family', family.familyId) });
    expect(response.data!.family.members.filter((m: { isCurrent: boolean }) => !m.isCurrent)).toEqual([{ isCurrent: false, endDate: '2023-06-30' }]);
  });

  it('resolves node(id) for every node type and null for unknown or malformed IDs', async () => {
    const ids = [gid('Family', family.familyId), gid('Person', family.personIds[0]!), gid('Case', family.caseIds[0]!), gid('Referral', family.referralIds[0]!)];
    const response = await hub.query(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids });
    expect(response.data!.nodes.map((n: { __typename: string }) => n.__typename)).toEqual(['Family', 'Person', 'Case', 'Referral']);
    const missing = await hub.query(`{ a: family(id: "${gid('Family', 987654)}") { id } b: person(id: "not-an-id") { id } c: family(id: "${gid('Person', family.personIds[0]!)}") { id } }`);
    expect(missing).toEqual({ data: { a: null, b: null, c: null } });
  });

  it('filters and pages families as a Relay connection', async () => {
    const byCaseKind = `{ families(first: 1, filter: { district: XITUN, caseKind: DRUG_ADDICTION, caseStatus: OPEN }) { totalCount edges { node { id } } pageInfo { hasNextPage } } }`;
    const health = await hub.query(byCaseKind, {}, { unit: 'HEALTH', sub: 'w-health-test' });
    expect(health.data!.families).toEqual({ totalCount: 1, edges: [{ node: { id: gid('Family', other.familyId) } }], pageInfo: { hasNextPage: false } });
    // Case kinds are need-to-know: SOCIAL filters over its own cases only, and owns no drug-addiction case.
    const social = await hub.query(byCaseKind);
    expect(social.data!.families).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
    const page1 = await hub.query(`{ families(first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`);
    const page2 = await hub.query(`query ($after: String) { families(first: 1, after: $after) { edges { node { id } } } }`, { after: page1.data!.families.pageInfo.endCursor });
    expect(page1.data!.families.pageInfo.hasNextPage).toBe(true);
    expect(page2.data!.families.edges[0].node.id).not.toBe(page1.data!.families.edges[0].node.id);
  });

  it('caps page sizes', async () => {
    const response = await hub.query(`{ families(first: 5000) { edges { node { id } } } }`);
    expect(response.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['first: must be between 0 and 100 (asked for 5000)', 'BAD_USER_INPUT'],
    ]);
  });

  it('withholds confidential addresses from person and family', async () => {
    await prisma().person.update({ where: { id: family.personIds[0]! }, data: { addressConfidential: true } });
    const response = await hub.query(`query ($f: ID!, $p: ID!) { family(id: $f) { address } person(id: $p) { address addressWithheld } }`, {
      f: gid('Family', family.familyId),
      p: gid('Person', family.personIds[0]!),
    });
    expect(response.data).toEqual({ family: { address: null }, person: { address: null, addressWithheld: true } });
  });
});
