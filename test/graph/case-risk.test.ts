// Setting a case's SDM risk level (issue 15, case actions): only the unit that
// owns the open case, by a caseworker or supervisor, with a reason; each
// assessment is kept with the level before; audited with the case's subject.
// Tried as every unit and role, as the NGO assigned to the case, on a case
// out of the worker's districts, with bad ids, and as ANALYST at the core
// subgraph called directly: what may not be reached answers as not found.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UNIT_CODES } from '../../src/domain/codes.ts';
import { prisma } from '../../src/db/prisma.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, day, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const SET = `mutation ($caseId: ID!, $level: RiskLevel!, $reason: String!) { setCaseRiskLevel(caseId: $caseId, level: $level, reason: $reason) {
  ok error { code message } inputErrors { field reason } case { id riskLevel riskHistory { level previousLevel reason assessedBy } } } }`;
const HISTORY = 'query ($id: ID!) { case(id: $id) { riskLevel riskHistory { level } } }';
const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-risk' };
const SOCIAL_SUPERVISOR: Caller = { unit: 'SOCIAL', sub: 'w-social-risk-sup', roles: ['SUPERVISOR'] };

describe('setCaseRiskLevel', () => {
  let hub: TestHub;
  let core: HubServer;
  let family: BuiltFamily;
  let caseGid: string;
  let closedGid: string;
  let org: number;

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
    family = (await buildFamilies(1, { members: 2, openCases: 2, contactsPerCase: 0, referrals: 0 }))[0]!;
    caseGid = gid('Case', family.caseIds[0]!); // SOCIAL's vulnerable-family case; HEALTH owns the second
    const closed = await prisma().case.create({ data: { kind: 'VULNERABLE_FAMILY', status: 'CLOSED', familyId: family.familyId, subjectPersonId: family.personIds[1]!, ownerUnitCode: 'SOCIAL', districtCode: 'XITUN', openedOn: day('2022-01-01'), closedOn: day('2022-12-01') } });
    closedGid = gid('Case', closed.id);
    org = (await prisma().organization.create({ data: { name: '家扶基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    await prisma().assignment.create({ data: { caseId: family.caseIds[0]!, organizationId: org, startDate: day('2023-02-01') } });
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const set = (caller: Caller, level = 'HIGH', reason = '主要照顧者失業且有家暴紀錄', id = caseGid) => hub.query(SET, { caseId: id, level, reason }, caller);
  const stored = () => prisma().case.findUniqueOrThrow({ where: { id: family.caseIds[0]! }, select: { riskLevel: true } });

  it('takes the owning unit’s assessment, keeps the level before, and audits it with the case’s subject', async () => {
    const first = (await set(SOCIAL)).data!.setCaseRiskLevel;
    expect(first).toMatchObject({ ok: true, case: { riskLevel: 'HIGH', riskHistory: [{ level: 'HIGH', previousLevel: 'MODERATE', assessedBy: SOCIAL.sub }] } });
    const second = (await set(SOCIAL_SUPERVISOR, 'VERY_HIGH', '再通報，兒童受傷')).data!.setCaseRiskLevel;
    expect(second.case.riskHistory.map((h: { level: string; previousLevel: string }) => [h.level, h.previousLevel])).toEqual([['VERY_HIGH', 'HIGH'], ['HIGH', 'MODERATE']]);
    const entries = await prisma().$queryRaw<{ kind: string; person_ids: number[]; records: string[] }[]>`
      SELECT kind, person_ids, records FROM audit.entry WHERE ${`Case:${family.caseIds[0]}`} = ANY(records) AND kind = 'WRITE' ORDER BY id`;
    expect(entries).toHaveLength(2);
    expect(entries[0]!.person_ids).toEqual([family.personIds[0]]);
    expect(entries[0]!.records[1]).toMatch(/^CaseRiskAssessment:\d+$/);
  });

  it('answers every other unit as if the case did not exist, and refuses NGOs, analysts, auditors and admins', async () => {
    const before = await stored();
    for (const unit of UNIT_CODES.filter((u) => u !== 'SOCIAL' && u !== 'NGO')) {
      for (const roles of [['CASEWORKER'], ['SUPERVISOR']] as const) {
        const result = (await set({ unit, sub: `w-${unit}-${roles[0]}`, roles: [...roles] })).data!.setCaseRiskLevel;
        expect([unit, result.error]).toEqual([unit, { code: 'NOT_FOUND', message: 'caseId: no such case' }]);
      }
    }
    for (const caller of [
      { unit: 'NGO', sub: 'w-ngo-risk', org },
      { unit: 'SOCIAL', sub: 'w-analyst-risk', roles: ['ANALYST'] },
      { unit: 'SOCIAL', sub: 'w-auditor-risk', roles: ['AUDITOR'], purpose: 'AUDIT' },
      { unit: 'SOCIAL', sub: 'w-admin-risk', roles: ['ADMIN'] },
    ] as Caller[]) {
      expect([caller.sub, (await set(caller)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
      const direct = await askSubgraph(core, hub, caller, SET, { caseId: caseGid, level: 'LOW', reason: '直接呼叫' });
      expect([caller.sub, direct.errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
    }
    expect(await stored()).toEqual(before);
  });

  it('takes assessments sent at once one after the other, each naming the level before it', async () => {
    const levels = ['LOW', 'MODERATE', 'HIGH', 'VERY_HIGH', 'LOW', 'HIGH'];
    await Promise.all(levels.map((level, i) => set(SOCIAL, level, `同時評估 ${i}`)));
    const history = await prisma().caseRiskAssessment.findMany({ where: { caseId: family.caseIds[0]! }, orderBy: { id: 'asc' } });
    // A chain: each assessment's level before is the level of the one before it.
    history.slice(1).forEach((h, i) => expect(h.previousLevel).toBe(history[i]!.level));
    expect((await stored()).riskLevel).toBe(history.at(-1)!.level);
  });

  it('answers a worker bound to other districts as if the case did not exist', async () => {
    const result = (await set({ unit: 'SOCIAL', sub: 'w-social-beitun', districts: ['BEITUN'] })).data!.setCaseRiskLevel;
    expect(result.error).toEqual({ code: 'NOT_FOUND', message: 'caseId: no such case' });
  });

  it('refuses bad ids, an empty reason and a closed case, naming the field, and writes nothing', async () => {
    const before = await prisma().caseRiskAssessment.count();
    const refusal = async (id: string, reason = '評估') => (await set(SOCIAL, 'LOW', reason, id)).data!.setCaseRiskLevel;
    expect((await refusal(gid('Person', family.personIds[0]!))).inputErrors).toEqual([{ field: 'caseId', reason: 'is not a Case ID' }]);
    expect((await refusal('garbage')).inputErrors).toEqual([{ field: 'caseId', reason: 'is not a Case ID' }]);
    expect((await refusal(gid('Case', 999_999))).error).toEqual({ code: 'NOT_FOUND', message: 'caseId: no such case' });
    expect((await refusal(caseGid, '  ')).inputErrors).toEqual([{ field: 'reason', reason: 'must not be empty' }]);
    expect((await refusal(closedGid)).inputErrors).toEqual([{ field: 'caseId', reason: 'the case is closed; its risk level is no longer assessed' }]);
    expect((await hub.query(SET, { caseId: caseGid, level: 'EXTREME', reason: 'x' }, SOCIAL)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await prisma().caseRiskAssessment.count()).toBe(before);
  });

  it('shows the history to units that see the risk level, not to other serving units', async () => {
    const social = await hub.query(HISTORY, { id: caseGid }, SOCIAL);
    const stored = await prisma().caseRiskAssessment.findMany({ where: { caseId: family.caseIds[0]! }, orderBy: [{ assessedAt: 'desc' }, { id: 'desc' }] });
    expect(social.data!.case.riskHistory.map((h: { level: string }) => h.level)).toEqual(stored.map((h) => h.level));
    // HEALTH serves the family (its own case) but the SDM instrument is not for it.
    const health = await hub.query(HISTORY, { id: caseGid }, { unit: 'HEALTH', sub: 'w-health-risk' });
    expect(health.data!.case).toMatchObject({ riskLevel: null, riskHistory: null });
    expect(health.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });
});
