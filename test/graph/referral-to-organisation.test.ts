// Referrals addressed to a particular organisation (issue 15, case actions).
// A referral to NGO names the organisation; only that organisation sees it
// (with the referred person's name and birth date, to decide), accepts or
// declines it, and once it accepted it serves the family (both forms of
// need-to-know: the per-row SQL behind the family view and the Prisma filter
// behind the family list). Other NGOs see nothing. One open referral per
// person, sending unit, receiving unit and organisation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const REFER = `mutation ReferToOrganisation($input: CreateReferralInput!) { createReferral(input: $input) {
  ok error { code message } inputErrors { field reason } referral { id status toUnit { code } toOrganization { name } } } }`;
const ACCEPT = 'mutation ($id: ID!) { acceptReferral(id: $id) { ok error { code message } referral { status } } }';
const DECLINE = 'mutation ($id: ID!, $reason: String!) { declineReferral(id: $id, reason: $reason) { ok error { code message } referral { status declineReason } } }';
const REFERRALS = 'query { referrals(first: 100) { edges { node { id status person { name birthDate } toOrganization { name } } } } }';
const FAMILY = 'query ($id: ID!) { family(id: $id) { id address members { person { name } } } }';
const FAMILIES = 'query { families(first: 100) { edges { node { id } } } }';
const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-refer-org' };

describe('referrals addressed to an organisation', () => {
  let hub: TestHub;
  let core: HubServer;
  let family: BuiltFamily;
  let familyGid: string;
  let orgA: number;
  let orgB: number;
  let ngoA: Caller;
  let ngoB: Caller;

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
    family = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    familyGid = gid('Family', family.familyId);
    orgA = (await prisma().organization.create({ data: { name: '兒福聯盟', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    orgB = (await prisma().organization.create({ data: { name: '勵馨基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    ngoA = { unit: 'NGO', sub: 'w-ngo-a-referral', org: orgA };
    ngoB = { unit: 'NGO', sub: 'w-ngo-b-referral', org: orgB };
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const refer = (caller: Caller, input: Record<string, unknown> = {}) =>
    hub.query(REFER, { input: { personId: gid('Person', family.personIds[1]!), toUnit: 'NGO', toOrganizationId: gid('Organization', orgA), reason: '兒少課後照顧', ...input } }, caller);
  const referralsOf = async (caller: Caller) => {
    const response = await hub.query(REFERRALS, {}, caller);
    expect(response.errors).toBeUndefined();
    return response.data!.referrals.edges.map((e: { node: unknown }) => e.node);
  };
  const reaches = async (caller: Caller) => {
    const view = await hub.query(FAMILY, { id: familyGid }, caller);
    const listed = ((await hub.query(FAMILIES, {}, caller)).data!.families.edges as { node: { id: string } }[]).some((e) => e.node.id === familyGid);
    return { family: view.data!.family, errors: (view.errors ?? []).map((e) => e.extensions?.code), listed };
  };

  it('refuses a referral to NGO without an organisation, an organisation on a referral to a unit, and unknown ones', async () => {
    const errors = async (input: Record<string, unknown>) => (await refer(SOCIAL, input)).data!.createReferral.inputErrors;
    expect(await errors({ toOrganizationId: null })).toEqual([{ field: 'toOrganizationId', reason: 'is required when toUnit is NGO' }]);
    expect(await errors({ toUnit: 'HEALTH' })).toEqual([{ field: 'toOrganizationId', reason: 'only referrals to NGO name an organisation' }]);
    expect(await errors({ toOrganizationId: familyGid })).toEqual([{ field: 'toOrganizationId', reason: 'is not an Organization ID' }]);
    expect(await errors({ toOrganizationId: gid('Organization', 999_999) })).toEqual([{ field: 'toOrganizationId', reason: 'no such organisation' }]);
    expect(await prisma().referral.count({ where: { familyId: family.familyId } })).toBe(0);
    // Out of scope (other districts): the person answers as one that does not exist.
    expect((await refer({ ...SOCIAL, districts: ['BEITUN'] })).data!.createReferral.error).toEqual({ code: 'NOT_FOUND', message: 'personId: no such person' });
    for (const caller of [{ unit: 'SOCIAL', sub: 'w-analyst-refer', roles: ['ANALYST'] }, { unit: 'SOCIAL', sub: 'w-auditor-refer', roles: ['AUDITOR'], purpose: 'AUDIT' }] as Caller[]) {
      const direct = await askSubgraph(core, hub, caller, REFER, { input: { personId: gid('Person', family.personIds[1]!), toUnit: 'NGO', toOrganizationId: gid('Organization', orgA), reason: 'x' } });
      expect([caller.sub, direct.errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
    }
  });

  it('reaches the organisation addressed and no other; once it accepts, it serves the family', async () => {
    expect(await reaches(ngoA)).toEqual({ family: null, errors: [], listed: false });
    const sent = (await refer(SOCIAL)).data!.createReferral;
    expect(sent).toMatchObject({ ok: true, referral: { status: 'PENDING', toUnit: { code: 'NGO' }, toOrganization: { name: '兒福聯盟' } } });
    const id = sent.referral.id as string;

    // The organisation addressed sees it, with whom it is about, to decide; the other organisation does not.
    const person = await prisma().person.findUniqueOrThrow({ where: { id: family.personIds[1]! } });
    expect(await referralsOf(ngoA)).toEqual([
      { id, status: 'PENDING', person: { name: person.name, birthDate: person.birthDate.toISOString().slice(0, 10) }, toOrganization: { name: '兒福聯盟' } },
    ]);
    expect(await referralsOf(ngoB)).toEqual([]);
    expect((await hub.query('query ($id: ID!) { node(id: $id) { id } }', { id }, ngoB)).data!.node).toBeNull();
    // Pending: nothing of the family yet.
    expect(await reaches(ngoA)).toEqual({ family: null, errors: [], listed: false });

    // One open referral per person, unit and organisation: the same again is refused naming it; to the other organisation it is a new one.
    expect((await refer(SOCIAL)).data!.createReferral.inputErrors).toEqual([
      { field: 'toOrganizationId', reason: `The organisation already has an open referral of this person from your unit: ${id} (PENDING)` },
    ]);

    // Another organisation cannot answer it: it answers as a referral that does not exist.
    expect((await hub.query(ACCEPT, { id }, ngoB)).data!.acceptReferral.error).toEqual({ code: 'NOT_FOUND', message: 'id: no such referral' });
    expect((await hub.query(DECLINE, { id, reason: '名額已滿' }, ngoB)).data!.declineReferral.error).toEqual({ code: 'NOT_FOUND', message: 'id: no such referral' });

    expect((await hub.query(ACCEPT, { id }, ngoA)).data!.acceptReferral).toEqual({ ok: true, error: null, referral: { status: 'ACCEPTED' } });
    // The units serving the family see which organisation took the referral.
    const serving = await hub.query('query ($id: ID!) { family(id: $id) { servingUnits { unit { code } involvement organization { name } } } }', { id: familyGid }, SOCIAL);
    expect(serving.data!.family.servingUnits).toContainEqual({ unit: { code: 'NGO' }, involvement: 'REFERRAL', organization: { name: '兒福聯盟' } });
    const served = await reaches(ngoA);
    expect(served).toMatchObject({ errors: [], listed: true, family: { id: familyGid } });
    expect(served.family.members.map((m: { person: { name: string } }) => m.person.name)).not.toContainEqual(expect.stringContaining('○'));
    expect(await reaches(ngoB)).toEqual({ family: null, errors: [], listed: false });
    expect(await referralsOf(ngoB)).toEqual([]);
  });

  it('lets the other organisation decline a referral addressed to it', async () => {
    const sent = (await refer(SOCIAL, { toOrganizationId: gid('Organization', orgB) })).data!.createReferral;
    expect(sent.ok).toBe(true);
    expect((await referralsOf(ngoB)).map((r: { id: string }) => r.id)).toEqual([sent.referral.id]);
    expect((await referralsOf(ngoA)).map((r: { id: string }) => r.id)).not.toContain(sent.referral.id);
    const declined = (await hub.query(DECLINE, { id: sent.referral.id, reason: '本會服務量已滿' }, ngoB)).data!.declineReferral;
    expect(declined).toEqual({ ok: true, error: null, referral: { status: 'DECLINED', declineReason: '本會服務量已滿' } });
    expect(await reaches(ngoB)).toEqual({ family: null, errors: [], listed: false });
  });
});
