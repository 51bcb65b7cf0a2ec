// NGO assignments (issue 15, case actions): the unit that owns an open case
// offers it to an organisation, which reaches the case and family from the
// offer on, accepts it or hands it back; the owning unit ends it. After the
// end or hand-back the organisation reaches the family no more; another
// organisation never does. Tried through the gateway with NGO tokens of the
// assigned and of another organisation, as every unit and role, out of
// scope, with bad ids and input, and at the core subgraph called directly.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { UNIT_CODES } from '../../src/domain/codes.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const PAYLOAD = 'ok error { code message } inputErrors { field reason } assignment { id status organization { name } offeredBy acceptedBy endedBy endReason active }';
const CREATE = `mutation Offer($caseId: ID!, $organizationId: ID!, $startDate: Date) {
  createAssignment(caseId: $caseId, organizationId: $organizationId, startDate: $startDate) { ${PAYLOAD} } }`;
const ACCEPT = `mutation AcceptAssignment($id: ID!) { acceptAssignment(id: $id) { ${PAYLOAD} } }`;
const HAND_BACK = `mutation HandBack($id: ID!, $reason: String!) { handBackAssignment(id: $id, reason: $reason) { ${PAYLOAD} } }`;
const END = `mutation EndAssignment($id: ID!, $reason: String!) { endAssignment(id: $id, reason: $reason) { ${PAYLOAD} } }`;
const REACH = `query Reach($family: ID!, $case: ID!) { family(id: $family) { id members { person { name } } } case(id: $case) { id kind } }`;
const FAMILIES = 'query { families(first: 100) { edges { node { id } } } }';

const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-assign' };
const CASE_NOT_FOUND = { code: 'NOT_FOUND', message: 'caseId: no such case' };
const NOT_FOUND = { code: 'NOT_FOUND', message: 'id: no such assignment' };

describe('NGO assignments', () => {
  let hub: TestHub;
  let core: HubServer;
  let family: BuiltFamily;
  let caseGid: string;
  let familyGid: string;
  let orgA: number;
  let orgB: number;
  let ngoA: Caller;
  let ngoB: Caller;

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
    family = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    caseGid = gid('Case', family.caseIds[0]!);
    familyGid = gid('Family', family.familyId);
    orgA = (await prisma().organization.create({ data: { name: '家扶基金會', contractRegions: ['屯區'], districtCodes: ['XITUN'] } })).id;
    orgB = (await prisma().organization.create({ data: { name: '善牧基金會', contractRegions: ['海線'], districtCodes: ['SHALU'] } })).id;
    ngoA = { unit: 'NGO', sub: 'w-ngo-a', org: orgA };
    ngoB = { unit: 'NGO', sub: 'w-ngo-b', org: orgB };
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const offer = (caller: Caller, variables: Record<string, unknown> = {}) =>
    hub.query(CREATE, { caseId: caseGid, organizationId: gid('Organization', orgA), ...variables }, caller);
  /** What the caller reaches of the family and case: both, or neither (null, as for records that do not exist). */
  const reach = async (caller: Caller) => {
    const response = await hub.query(REACH, { family: familyGid, case: caseGid }, caller);
    expect(response.errors).toBeUndefined();
    const listed = ((await hub.query(FAMILIES, {}, caller)).data!.families.edges as { node: { id: string } }[]).some((e) => e.node.id === familyGid);
    return { family: response.data!.family !== null, case: response.data!.case !== null, listed };
  };
  const NOTHING = { family: false, case: false, listed: false };
  const EVERYTHING = { family: true, case: true, listed: true };
  const audited = async (operation: string, assignmentGid: string) => {
    const rowId = Buffer.from(assignmentGid, 'base64').toString().split(':')[1];
    return prisma().$queryRaw<{ person_ids: number[]; unit: string; sub: string }[]>`
      SELECT person_ids, unit, sub FROM audit.entry WHERE ${`Assignment:${rowId}`} = ANY(records) AND operation = ${operation} AND kind = 'WRITE'`;
  };

  describe('createAssignment', () => {
    it('is refused to every other unit as a case that does not exist, and to NGOs, analysts, auditors and admins', async () => {
      for (const unit of UNIT_CODES.filter((u) => u !== 'SOCIAL' && u !== 'NGO')) {
        for (const roles of [['CASEWORKER'], ['SUPERVISOR']] as const) {
          expect([unit, (await offer({ unit, sub: `w-${unit}-offer`, roles: [...roles] })).data!.createAssignment.error]).toEqual([unit, CASE_NOT_FOUND]);
        }
      }
      for (const caller of [
        ngoA,
        { unit: 'SOCIAL', sub: 'w-analyst-offer', roles: ['ANALYST'] },
        { unit: 'SOCIAL', sub: 'w-auditor-offer', roles: ['AUDITOR'], purpose: 'AUDIT' },
        { unit: 'SOCIAL', sub: 'w-admin-offer', roles: ['ADMIN'] },
      ] as Caller[]) {
        expect([caller.sub, (await offer(caller)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
        const direct = await askSubgraph(core, hub, caller, CREATE, { caseId: caseGid, organizationId: gid('Organization', orgA) });
        expect([caller.sub, direct.errors?.[0]?.extensions?.code, direct.data?.createAssignment ?? null]).toEqual([caller.sub, 'FORBIDDEN', null]);
      }
      expect((await offer({ ...SOCIAL, districts: ['BEITUN'] })).data!.createAssignment.error).toEqual(CASE_NOT_FOUND);
      expect(await prisma().assignment.count({ where: { caseId: family.caseIds[0]! } })).toBe(0);
    });

    it('refuses bad ids, dates and unknown organisations, naming the field, and writes nothing', async () => {
      const errors = async (variables: Record<string, unknown>) => (await offer(SOCIAL, variables)).data!.createAssignment.inputErrors;
      expect(await errors({ caseId: familyGid, organizationId: caseGid, startDate: '2099-01-01' })).toEqual([
        { field: 'caseId', reason: 'is not a Case ID' },
        { field: 'organizationId', reason: 'is not an Organization ID' },
        { field: 'startDate', reason: 'must not be in the future' },
      ]);
      expect(await errors({ startDate: '2023-01-31' })).toEqual([{ field: 'startDate', reason: 'must not be before the case was opened' }]);
      expect(await errors({ organizationId: gid('Organization', 999_999) })).toEqual([{ field: 'organizationId', reason: 'no such organisation' }]);
      expect((await offer(SOCIAL, { caseId: gid('Case', 999_999) })).data!.createAssignment.error).toEqual(CASE_NOT_FOUND);
      expect(await prisma().assignment.count({ where: { caseId: family.caseIds[0]! } })).toBe(0);
    });
  });

  it('offer → accept → hand back: the organisation reaches the family from the offer until it hands it back; another never does', async () => {
    expect(await reach(ngoA)).toEqual(NOTHING);
    const offered = (await offer(SOCIAL)).data!.createAssignment;
    expect(offered).toMatchObject({
      ok: true,
      assignment: { status: 'OFFERED', organization: { name: '家扶基金會' }, offeredBy: SOCIAL.sub, acceptedBy: null, endedBy: null, endReason: null, active: true },
    });
    const id = offered.assignment.id as string;
    expect(await audited('Offer', id)).toEqual([{ person_ids: [family.personIds[0]], unit: 'SOCIAL', sub: SOCIAL.sub }]);
    expect(await reach(ngoA)).toEqual(EVERYTHING);
    expect(await reach(ngoB)).toEqual(NOTHING);

    // One live assignment per organisation and case: a second offer names the first.
    expect((await offer(SOCIAL)).data!.createAssignment.inputErrors).toEqual([
      { field: 'organizationId', reason: `the organisation already has a live assignment on this case: ${id} (OFFERED)` },
    ]);

    // Only the organisation offered answers: another NGO finds nothing, a unit is refused at the door.
    expect((await hub.query(ACCEPT, { id }, ngoB)).data!.acceptAssignment.error).toEqual(NOT_FOUND);
    expect((await hub.query(HAND_BACK, { id, reason: '搶案' }, ngoB)).data!.handBackAssignment.error).toEqual(NOT_FOUND);
    for (const caller of [SOCIAL, { unit: 'HEALTH', sub: 'w-health-accept' }, { unit: 'NGO', sub: 'w-ngo-analyst', org: orgA, roles: ['ANALYST'] }] as Caller[]) {
      expect([caller.sub, (await hub.query(ACCEPT, { id }, caller)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
      expect([caller.sub, (await askSubgraph(core, hub, caller, ACCEPT, { id })).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
    }
    expect((await hub.query(ACCEPT, { id: caseGid }, ngoA)).data!.acceptAssignment.inputErrors).toEqual([{ field: 'id', reason: 'is not an Assignment ID' }]);
    expect((await hub.query(ACCEPT, { id }, { ...ngoA, districts: ['BEITUN'] })).data!.acceptAssignment.error).toEqual(NOT_FOUND);

    const accepted = (await hub.query(ACCEPT, { id }, ngoA)).data!.acceptAssignment;
    expect(accepted).toMatchObject({ ok: true, assignment: { id, status: 'ACCEPTED', acceptedBy: ngoA.sub, active: true } });
    expect(await audited('AcceptAssignment', id)).toEqual([{ person_ids: [family.personIds[0]], unit: 'NGO', sub: ngoA.sub }]);
    expect((await hub.query(ACCEPT, { id }, ngoA)).data!.acceptAssignment.inputErrors).toEqual([
      { field: 'id', reason: 'an ACCEPTED assignment cannot be accepted; only OFFERED ones can' },
    ]);
    expect(await reach(ngoA)).toEqual(EVERYTHING);

    expect((await hub.query(HAND_BACK, { id, reason: ' ' }, ngoA)).data!.handBackAssignment.inputErrors).toEqual([{ field: 'reason', reason: 'must not be empty' }]);
    const handedBack = (await hub.query(HAND_BACK, { id, reason: '個案已遷出本會服務區域' }, ngoA)).data!.handBackAssignment;
    expect(handedBack).toMatchObject({ ok: true, assignment: { id, status: 'HANDED_BACK', endedBy: ngoA.sub, endReason: '個案已遷出本會服務區域', active: false } });
    expect(await audited('HandBack', id)).toEqual([{ person_ids: [family.personIds[0]], unit: 'NGO', sub: ngoA.sub }]);
    expect(await reach(ngoA)).toEqual(NOTHING);
    // Gone from its reach: a second hand-back answers as an assignment that does not exist.
    expect((await hub.query(HAND_BACK, { id, reason: '再次' }, ngoA)).data!.handBackAssignment.error).toEqual(NOT_FOUND);
    // The owning unit still reads it, with the reason.
    const listed = await hub.query(`query ($id: ID!) { case(id: $id) { assignments { id status endReason } } }`, { id: caseGid }, SOCIAL);
    expect(listed.data!.case.assignments).toEqual([{ id, status: 'HANDED_BACK', endReason: '個案已遷出本會服務區域' }]);
  });

  it('stores one assignment when the same offer is sent five times at once', async () => {
    const [raced] = await buildFamilies(1, { members: 1, openCases: 1, contactsPerCase: 0, referrals: 0 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => offer(SOCIAL, { caseId: gid('Case', raced!.caseIds[0]!), organizationId: gid('Organization', orgB) })));
    expect(answers.filter((a) => a.data!.createAssignment.ok)).toHaveLength(1);
    expect(await prisma().assignment.count({ where: { caseId: raced!.caseIds[0]! } })).toBe(1);
  });

  it('the owning unit ends an assignment: from then on the organisation reaches the family no more', async () => {
    const id = (await offer(SOCIAL)).data!.createAssignment.assignment.id as string;
    expect(await reach(ngoA)).toEqual(EVERYTHING);
    const endAs = (caller: Caller, reason = '服務目標達成') => hub.query(END, { id, reason }, caller);

    for (const unit of UNIT_CODES.filter((u) => u !== 'SOCIAL' && u !== 'NGO')) {
      expect([unit, (await endAs({ unit, sub: `w-${unit}-end` })).data!.endAssignment.error]).toEqual([unit, NOT_FOUND]);
    }
    for (const caller of [ngoA, { unit: 'SOCIAL', sub: 'w-analyst-end', roles: ['ANALYST'] }, { unit: 'SOCIAL', sub: 'w-auditor-end', roles: ['AUDITOR'], purpose: 'AUDIT' }] as Caller[]) {
      expect([caller.sub, (await endAs(caller)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
      expect([caller.sub, (await askSubgraph(core, hub, caller, END, { id, reason: '直接' })).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
    }
    expect((await endAs({ ...SOCIAL, districts: ['BEITUN'] })).data!.endAssignment.error).toEqual(NOT_FOUND);
    expect((await endAs(SOCIAL, '')).data!.endAssignment.inputErrors).toEqual([{ field: 'reason', reason: 'must not be empty' }]);
    expect(await reach(ngoA)).toEqual(EVERYTHING);

    const ended = (await endAs(SOCIAL)).data!.endAssignment;
    expect(ended).toMatchObject({ ok: true, assignment: { id, status: 'ENDED', endedBy: SOCIAL.sub, endReason: '服務目標達成', active: false } });
    expect(await audited('EndAssignment', id)).toEqual([{ person_ids: [family.personIds[0]], unit: 'SOCIAL', sub: SOCIAL.sub }]);
    expect(await reach(ngoA)).toEqual(NOTHING);
    expect(await reach(ngoB)).toEqual(NOTHING);
    expect((await endAs(SOCIAL)).data!.endAssignment.inputErrors).toEqual([{ field: 'id', reason: 'an ENDED assignment cannot be ended; only OFFERED or ACCEPTED ones can' }]);
    // Its end date is today: the assignment is over even on the day it ended.
    const row = await prisma().assignment.findFirstOrThrow({ where: { status: 'ENDED', caseId: family.caseIds[0]! } });
    expect(row.endDate).not.toBeNull();
  });
});
