// Closing a case with a reason (issue 15, case actions): only the unit that
// owns the open case; closing ends its NGO assignments on the closing day, so
// the organisation reaches the case no more after it. Tried as every unit and
// role, the assigned NGO, a worker of other districts, bad ids and dates, and
// as ANALYST at the core subgraph called directly.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UNIT_CODES } from '../../src/domain/codes.ts';
import { prisma } from '../../src/db/prisma.ts';
import type { HubServer } from '../../src/server/app.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import { buildFamilies, day, gid, type BuiltFamily } from '../support/fixtures.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, type TestHub } from '../support/test-hub.ts';

const CLOSE = `mutation ($caseId: ID!, $reason: String!, $closedOn: Date) { closeCase(caseId: $caseId, reason: $reason, closedOn: $closedOn) {
  ok error { code message } inputErrors { field reason } case { id status closedOn closeReason closedBy } } }`;
const SOCIAL: Caller = { unit: 'SOCIAL', sub: 'w-social-close' };

describe('closeCase', () => {
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
    org = (await prisma().organization.create({ data: { name: '家扶基金會', contractRegions: [], districtCodes: ['XITUN'] } })).id;
    await prisma().assignment.create({ data: { caseId: family.caseIds[0]!, organizationId: org, startDate: day('2023-02-01') } });
  });
  afterAll(async () => {
    await core.stop();
    await hub.stop();
  });

  const close = (caller: Caller, variables: Record<string, unknown> = {}) => hub.query(CLOSE, { caseId: caseGid, reason: '家庭功能恢復，目標達成', ...variables }, caller);
  const status = async () => (await prisma().case.findUniqueOrThrow({ where: { id: family.caseIds[0]! }, select: { status: true } })).status;
  const ngo: Caller = { unit: 'NGO', sub: 'w-ngo-close', org: 0 };

  it('is refused to every other unit as a case that does not exist, and to NGOs, analysts, auditors and admins', async () => {
    for (const unit of UNIT_CODES.filter((u) => u !== 'SOCIAL' && u !== 'NGO')) {
      for (const roles of [['CASEWORKER'], ['SUPERVISOR']] as const) {
        expect([unit, (await close({ unit, sub: `w-${unit}-close`, roles: [...roles] })).data!.closeCase.error]).toEqual([unit, { code: 'NOT_FOUND', message: 'caseId: no such case' }]);
      }
    }
    for (const caller of [
      { ...ngo, org },
      { unit: 'SOCIAL', sub: 'w-analyst-close', roles: ['ANALYST'] },
      { unit: 'SOCIAL', sub: 'w-auditor-close', roles: ['AUDITOR'], purpose: 'AUDIT' },
      { unit: 'SOCIAL', sub: 'w-admin-close', roles: ['ADMIN'] },
    ] as Caller[]) {
      expect([caller.sub, (await close(caller)).errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
      const direct = await askSubgraph(core, hub, caller, CLOSE, { caseId: caseGid, reason: '直接呼叫' });
      expect([caller.sub, direct.errors?.[0]?.extensions?.code]).toEqual([caller.sub, 'FORBIDDEN']);
    }
    expect((await close({ unit: 'SOCIAL', sub: 'w-social-beitun', districts: ['BEITUN'] })).data!.closeCase.error).toEqual({ code: 'NOT_FOUND', message: 'caseId: no such case' });
    expect(await status()).toBe('OPEN');
  });

  it('refuses bad ids, reasons and dates naming the field, and writes nothing', async () => {
    const errors = async (variables: Record<string, unknown>) => (await close(SOCIAL, variables)).data!.closeCase.inputErrors;
    expect(await errors({ caseId: gid('Person', family.personIds[0]!) })).toEqual([{ field: 'caseId', reason: 'is not a Case ID' }]);
    expect(await errors({ reason: ' ', closedOn: '2099-01-01' })).toEqual([{ field: 'reason', reason: 'must not be empty' }, { field: 'closedOn', reason: 'must not be in the future' }]);
    expect(await errors({ closedOn: '2023-01-15' })).toEqual([{ field: 'closedOn', reason: 'must not be before the case was opened' }]);
    expect((await close(SOCIAL, { caseId: gid('Case', 999_999) })).data!.closeCase.error).toEqual({ code: 'NOT_FOUND', message: 'caseId: no such case' });
    expect(await status()).toBe('OPEN');
  });

  it('closes the owning unit’s case with its reason, ends the NGO’s assignment with it, and audits both', async () => {
    // The NGO reaches its assigned case before the closing.
    const ngoRead = async () => (await hub.query('query ($id: ID!) { case(id: $id) { id } }', { id: caseGid }, { ...ngo, org })).data!.case;
    expect(await ngoRead()).toEqual({ id: caseGid });
    const result = (await close(SOCIAL, { closedOn: '2024-06-30' })).data!.closeCase;
    expect(result).toMatchObject({ ok: true, case: { status: 'CLOSED', closedOn: '2024-06-30', closeReason: '家庭功能恢復，目標達成', closedBy: SOCIAL.sub } });
    // The unit serves the family no more (its only case is closed), so the assignment is read from the table.
    expect((await prisma().assignment.findMany({ where: { caseId: family.caseIds[0]! }, select: { endDate: true } })).map((a) => a.endDate)).toEqual([day('2024-06-30')]);
    expect(await ngoRead()).toBeNull();
    const entries = await prisma().$queryRaw<{ person_ids: number[]; records: string[] }[]>`
      SELECT person_ids, records FROM audit.entry WHERE ${`Case:${family.caseIds[0]}`} = ANY(records) AND kind = 'WRITE'`;
    expect(entries).toHaveLength(1);
    expect(entries[0]!.person_ids).toEqual([family.personIds[0]]);
    expect(entries[0]!.records[1]).toMatch(/^Assignment:\d+$/);
    // Closed once: a second closing is refused.
    expect((await close(SOCIAL)).data!.closeCase.inputErrors).toEqual([{ field: 'caseId', reason: 'the case is already closed' }]);
  });
});
