// Assigning a case's lead worker (issue 15, case actions): only the unit that
// owns the open case, only one of its own workers, each change kept. Tried as
// every unit and role, an NGO, a worker of other districts, bad ids and
// workers of other units, and as ANALYST/AUDITOR at the core subgraph.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { UNIT_CODES } from '../../src/domain/codes.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, ensureWorker, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const ASSIGN = `mutation AssignLead($caseId: ID!, $workerId: ID!) { assignLeadWorker(caseId: $caseId, workerId: $workerId) {
  ok error { code message } inputErrors { field reason } case { id leadWorker { id } leadWorkerHistory { worker previousWorker changedBy } } } }`;
const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-lead', roles: ['SUPERVISOR'] };
const NOT_FOUND = { code: 'NOT_FOUND', message: 'caseId: no such case' };

describe('assignLeadWorker', () => {
  let hub: TestHub;
  let core: HubServer;
  let family: BuiltFamily;
  let caseGid: string;
  let firstLead: string;
  let colleague: string;
  let healthWorker: string;
  let org: number;

  beforeAll(async () => {
    hub = await startTestHub();
    core = await startCoreSubgraph(hub);
    family = (await buildFamilies(1, { members: 2, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    caseGid = gid('Case', family.caseIds[0]!);
    firstLead = (await prisma().case.findUniqueOrThrow({ where: { id: family.caseIds[0]! } })).leadWorkerId!;
    colleague = await ensureWorker('SOCIAL');
    healthWorker = await ensureWorker('HEALTH');
    org = (await prisma().organization.create({ data: { name: '勵馨基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    await prisma().assignment.create({ data: { caseId: family.caseIds[0]!, organizationId: org, startDate: new Date('2023-02-01'), status: 'ACCEPTED' } });
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const assign = (caller: Caller, variables: Record<string, unknown> = {}) => hub.query(ASSIGN, { caseId: caseGid, workerId: colleague, ...variables }, caller);
  const lead = async () => (await prisma().case.findUniqueOrThrow({ where: { id: family.caseIds[0]! }, select: { leadWorkerId: true } })).leadWorkerId;

  it('is refused to every other unit as a case that does not exist, and to NGOs, analysts, auditors and admins', async () => {
    for (const unit of UNIT_CODES.filter((u) => u !== 'SOCIAL' && u !== 'NGO')) {
      for (const roles of [['CASEWORKER'], ['SUPERVISOR']] as const) {
        const payload = (await assign({ unit, sub: `w-${unit}-lead`, roles: [...roles] }, { workerId: healthWorker })).data!.assignLeadWorker;
        expect([unit, payload.error]).toEqual([unit, NOT_FOUND]);
      }
    }
    for (const caller of [
      { unit: 'NGO', sub: 'w-ngo-lead', org },
      { unit: 'SOCIAL', sub: 'w-analyst-lead', roles: ['ANALYST'] },
      { unit: 'SOCIAL', sub: 'w-auditor-lead', roles: ['AUDITOR'], purpose: 'AUDIT' },
      { unit: 'SOCIAL', sub: 'w-admin-lead', roles: ['ADMIN'] },
    ] as Caller[]) {
      expect([caller.sub, (await assign(caller)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
      const direct = await askSubgraph(core, hub, caller, ASSIGN, { caseId: caseGid, workerId: colleague });
      expect([caller.sub, direct.errors?.[0]?.extensions?.code, direct.data?.assignLeadWorker ?? null]).toEqual([caller.sub, 'FORBIDDEN', null]);
    }
    expect((await assign({ ...SOCIAL, sub: 'w-social-beitun', districts: ['BEITUN'] })).data!.assignLeadWorker.error).toEqual(NOT_FOUND);
    expect(await lead()).toBe(firstLead);
  });

  it('refuses bad ids and workers who are not of the owning unit, naming the field, and writes nothing', async () => {
    const errors = async (variables: Record<string, unknown>) => (await assign(SOCIAL, variables)).data!.assignLeadWorker.inputErrors;
    expect(await errors({ caseId: gid('Person', family.personIds[0]!) })).toEqual([{ field: 'caseId', reason: 'is not a Case ID' }]);
    expect(await errors({ workerId: '  ' })).toEqual([{ field: 'workerId', reason: 'is not a worker identifier' }]);
    expect(await errors({ workerId: healthWorker })).toEqual([{ field: 'workerId', reason: 'is not a worker of SOCIAL' }]);
    expect(await errors({ workerId: 'w-nobody' })).toEqual([{ field: 'workerId', reason: 'is not a worker of SOCIAL' }]);
    expect(await errors({ workerId: firstLead })).toEqual([{ field: 'workerId', reason: 'already leads this case' }]);
    expect((await assign(SOCIAL, { caseId: gid('Case', 999_999) })).data!.assignLeadWorker.error).toEqual(NOT_FOUND);
    expect(await lead()).toBe(firstLead);
    expect(await prisma().caseLeadWorkerChange.count({ where: { caseId: family.caseIds[0]! } })).toBe(0);
  });

  it('changes the lead worker of the owning unit’s open case, keeps the change, and audits it with its subject', async () => {
    const payload = (await assign({ ...SOCIAL, roles: ['CASEWORKER'] })).data!.assignLeadWorker;
    expect(payload).toEqual({
      ok: true,
      error: null,
      inputErrors: [],
      case: { id: caseGid, leadWorker: { id: colleague }, leadWorkerHistory: [{ worker: colleague, previousWorker: firstLead, changedBy: SOCIAL.sub }] },
    });
    const entries = await prisma().$queryRaw<{ person_ids: number[]; records: string[]; kind: string }[]>`
      SELECT person_ids, records, kind FROM audit.entry WHERE ${`Case:${family.caseIds[0]}`} = ANY(records) AND operation = 'AssignLead'`;
    expect(entries).toEqual([{ person_ids: [family.personIds[0]], records: [`Case:${family.caseIds[0]}`, expect.stringMatching(/^CaseLeadWorkerChange:\d+$/)], kind: 'WRITE' }]);
    // Back to the first lead: the history names both changes, newest first.
    const back = (await assign(SOCIAL, { workerId: firstLead })).data!.assignLeadWorker;
    expect(back.case.leadWorkerHistory.map((c: { worker: string; previousWorker: string }) => [c.worker, c.previousWorker])).toEqual([
      [firstLead, colleague],
      [colleague, firstLead],
    ]);
  });

  it('refuses a closed case, naming it', async () => {
    const closed = (await buildFamilies(1, { members: 1, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    await prisma().case.update({ where: { id: closed.caseIds[0]! }, data: { status: 'CLOSED', closedOn: new Date('2024-01-31') } });
    const payload = (await assign(SOCIAL, { caseId: gid('Case', closed.caseIds[0]!) })).data!.assignLeadWorker;
    expect(payload).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' }, inputErrors: [{ field: 'caseId', reason: 'the case is closed' }] });
  });
});
