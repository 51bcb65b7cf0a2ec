// Transferring a case to another unit (issue 15, case actions): only the unit
// that owns the open case, to another unit that is not NGO; the receiving
// unit owns it from then on with no lead worker, the transfer is kept, and the
// handing unit serves the family afterwards only through another grant.
// Tried as every unit and role, an NGO, a worker of other districts, bad
// input, and as ANALYST/AUDITOR at the core subgraph called directly.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { UNIT_CODES } from '../../src/domain/codes.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const TRANSFER = `mutation Transfer($caseId: ID!, $toUnit: UnitCode!, $reason: String!) { transferCase(caseId: $caseId, toUnit: $toUnit, reason: $reason) {
  ok error { code message } inputErrors { field reason } case { id } } }`;
const CASE = `query ($id: ID!) { case(id: $id) { ownerUnit { code } leadWorker { id } transfers { fromUnit { code } toUnit { code } reason previousLeadWorker transferredBy } } }`;
const FAMILY_CASES = 'query ($id: ID!) { family(id: $id) { cases { kind } } }';
const FAMILIES = 'query { families(first: 100) { edges { node { id } } } }';
const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-transfer' };
const HEALTH: Caller = { unit: 'HEALTH', sub: 'w-health-transfer' };
const NOT_FOUND = { code: 'NOT_FOUND', message: 'caseId: no such case' };
const REASON = '個案主要需求為精神醫療，轉由社區心理衛生中心主責';

describe('transferCase', () => {
  let hub: TestHub;
  let core: HubServer;
  let family: BuiltFamily;
  let caseGid: string;
  let org: number;

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
    family = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    caseGid = gid('Case', family.caseIds[0]!);
    org = (await prisma().organization.create({ data: { name: '伊甸基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    await prisma().assignment.create({ data: { caseId: family.caseIds[0]!, organizationId: org, startDate: new Date('2023-02-01'), status: 'ACCEPTED' } });
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const transfer = (caller: Caller, variables: Record<string, unknown> = {}) => hub.query(TRANSFER, { caseId: caseGid, toUnit: 'HEALTH', reason: REASON, ...variables }, caller);
  const owner = async () => (await prisma().case.findUniqueOrThrow({ where: { id: family.caseIds[0]! }, select: { ownerUnitCode: true } })).ownerUnitCode;
  const familyIds = async (caller: Caller) => ((await hub.query(FAMILIES, {}, caller)).data!.families.edges as { node: { id: string } }[]).map((e) => e.node.id);

  it('is refused to every other unit as a case that does not exist, and to NGOs, analysts, auditors and admins', async () => {
    for (const unit of UNIT_CODES.filter((u) => u !== 'SOCIAL' && u !== 'NGO')) {
      for (const roles of [['CASEWORKER'], ['SUPERVISOR']] as const) {
        const payload = (await transfer({ unit, sub: `w-${unit}-transfer`, roles: [...roles] }, { toUnit: 'SOCIAL' })).data!.transferCase;
        expect([unit, payload.error]).toEqual([unit, NOT_FOUND]);
      }
    }
    for (const caller of [
      { unit: 'NGO', sub: 'w-ngo-transfer', org },
      { unit: 'SOCIAL', sub: 'w-analyst-transfer', roles: ['ANALYST'] },
      { unit: 'SOCIAL', sub: 'w-auditor-transfer', roles: ['AUDITOR'], purpose: 'AUDIT' },
      { unit: 'SOCIAL', sub: 'w-admin-transfer', roles: ['ADMIN'] },
    ] as Caller[]) {
      expect([caller.sub, (await transfer(caller)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
      const direct = await askSubgraph(core, hub, caller, TRANSFER, { caseId: caseGid, toUnit: 'HEALTH', reason: '直接呼叫' });
      expect([caller.sub, direct.errors?.[0]?.extensions?.code, direct.data?.transferCase ?? null]).toEqual([caller.sub, 'FORBIDDEN', null]);
    }
    expect((await transfer({ ...SOCIAL, districts: ['BEITUN'] })).data!.transferCase.error).toEqual(NOT_FOUND);
    expect(await owner()).toBe('SOCIAL');
  });

  it('refuses bad ids, its own unit, NGO and a blank reason, naming the field, and writes nothing', async () => {
    const errors = async (variables: Record<string, unknown>) => (await transfer(SOCIAL, variables)).data!.transferCase.inputErrors;
    expect(await errors({ caseId: gid('Family', family.familyId) })).toEqual([{ field: 'caseId', reason: 'is not a Case ID' }]);
    expect(await errors({ toUnit: 'SOCIAL', reason: ' ' })).toEqual([
      { field: 'toUnit', reason: 'must be another unit than the one that owns the case' },
      { field: 'reason', reason: 'must not be empty' },
    ]);
    expect(await errors({ toUnit: 'NGO' })).toEqual([{ field: 'toUnit', reason: 'a case is not transferred to an NGO; assign one with createAssignment' }]);
    expect(await errors({ reason: 'x'.repeat(2001) })).toEqual([{ field: 'reason', reason: 'must be at most 2000 characters (got 2001)' }]);
    expect((await transfer(SOCIAL, { caseId: gid('Case', 999_999) })).data!.transferCase.error).toEqual(NOT_FOUND);
    expect(await owner()).toBe('SOCIAL');
    expect(await prisma().caseTransfer.count({ where: { caseId: family.caseIds[0]! } })).toBe(0);
  });

  it('hands the case to the receiving unit without a lead worker; the handing unit, with no other grant, serves the family no more', async () => {
    const previousLead = (await prisma().case.findUniqueOrThrow({ where: { id: family.caseIds[0]! } })).leadWorkerId;
    expect((await hub.query(FAMILY_CASES, { id: gid('Family', family.familyId) }, SOCIAL)).data!.family.cases).toEqual([{ kind: 'VULNERABLE_FAMILY' }]);
    expect(await familyIds(HEALTH)).not.toContain(gid('Family', family.familyId));

    const payload = (await transfer(SOCIAL)).data!.transferCase;
    expect(payload).toEqual({ ok: true, error: null, inputErrors: [], case: { id: caseGid } });
    expect((await hub.query(CASE, { id: caseGid }, HEALTH)).data!.case).toEqual({
      ownerUnit: { code: 'HEALTH' },
      leadWorker: null,
      transfers: [{ fromUnit: { code: 'SOCIAL' }, toUnit: { code: 'HEALTH' }, reason: REASON, previousLeadWorker: previousLead, transferredBy: SOCIAL.sub }],
    });
    // The receiving unit serves the family now (SQL and list forms of need-to-know); the handing unit does not.
    expect(await familyIds(HEALTH)).toContain(gid('Family', family.familyId));
    expect(await familyIds(SOCIAL)).not.toContain(gid('Family', family.familyId));
    const socialView = await hub.query(FAMILY_CASES, { id: gid('Family', family.familyId) }, SOCIAL);
    expect(socialView.data!.family.cases).toBeNull();
    expect(socialView.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    // The contracted NGO's assignment is untouched: it still reaches the case.
    expect((await hub.query('query ($id: ID!) { case(id: $id) { id } }', { id: caseGid }, { unit: 'NGO', sub: 'w-ngo-after', org })).data!.case).toEqual({ id: caseGid });

    const entries = await prisma().$queryRaw<{ person_ids: number[]; records: string[]; unit: string }[]>`
      SELECT person_ids, records, unit FROM audit.entry WHERE ${`Case:${family.caseIds[0]}`} = ANY(records) AND operation = 'Transfer' AND kind = 'WRITE'`;
    expect(entries).toEqual([{ person_ids: [family.personIds[0]], records: [`Case:${family.caseIds[0]}`, expect.stringMatching(/^CaseTransfer:\d+$/)], unit: 'SOCIAL' }]);
    // The handing unit owns the case no more: a second transfer answers as a case that does not exist.
    expect((await transfer(SOCIAL, { toUnit: 'PROTECTION' })).data!.transferCase.error).toEqual(NOT_FOUND);
  });

  it('takes a transfer and a closing of the same case sent at once one after the other: exactly one of them happens', async () => {
    const CLOSE = 'mutation ($caseId: ID!) { closeCase(caseId: $caseId, reason: "結案") { ok error { code } } }';
    const families = await buildFamilies(5, { members: 1, openCases: 1, contactsPerCase: 0, referrals: 0 });
    for (const raced of families) {
      const id = gid('Case', raced.caseIds[0]!);
      const [moved, closed] = await Promise.all([transfer(SOCIAL, { caseId: id }), hub.query(CLOSE, { caseId: id }, SOCIAL)]);
      expect([moved.data!.transferCase.ok, closed.data!.closeCase.ok].filter(Boolean)).toHaveLength(1);
      const row = await prisma().case.findUniqueOrThrow({ where: { id: raced.caseIds[0]! } });
      expect([row.status, row.ownerUnitCode]).toEqual(closed.data!.closeCase.ok ? ['CLOSED', 'SOCIAL'] : ['OPEN', 'HEALTH']);
    }
  });

  it('leaves the handing unit serving the family when it still has another open case there', async () => {
    // Cases 0 and 2 are SOCIAL's, case 1 HEALTH's.
    const twice = (await buildFamilies(1, { members: 3, openCases: 3, contactsPerCase: 0, referrals: 0 }))[0]!;
    const payload = (await transfer(SOCIAL, { caseId: gid('Case', twice.caseIds[0]!), toUnit: 'PROTECTION' })).data!.transferCase;
    expect(payload.ok).toBe(true);
    expect(await familyIds(SOCIAL)).toContain(gid('Family', twice.familyId));
    const view = await hub.query(FAMILY_CASES, { id: gid('Family', twice.familyId) }, SOCIAL);
    expect(view.errors).toBeUndefined();
    expect(view.data!.family.cases).toHaveLength(3);
  });
});
