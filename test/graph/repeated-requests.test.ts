// The same request twice must not become two records (issue 15, findings):
// a second open referral of the same person from the same unit to the same
// receiver is refused naming the open one, however many are sent at once;
// a report sent again by the same worker moments later (a double click, a
// client retrying without an idempotency key) is recognised as the report
// already taken: 20 identical parallel createIntake calls stored 20 before.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prisma } from '../../src/db/prisma.ts';
import { buildFamilies, gid, type BuiltFamily } from '../support/fixtures.ts';
import { askSubgraph, startCoreSubgraph } from '../support/core-subgraph.ts';
import type { Caller } from '../support/test-auth.ts';
import { startTestHub, SOCIAL_WORKER, type TestHub } from '../support/test-hub.ts';

const PAYLOAD = 'ok error { code message } inputErrors { field reason }';
const CREATE_REFERRAL = `mutation ($input: CreateReferralInput!) { createReferral(input: $input) { ${PAYLOAD} referral { id status } } }`;
const DECLINE = `mutation ($id: ID!, $reason: String!) { declineReferral(id: $id, reason: $reason) { ${PAYLOAD} } }`;
const CREATE_INTAKE = `mutation ($input: CreateIntakeInput!) { createIntake(input: $input) { ${PAYLOAD} intake { id } } }`;
const LABOR: Caller = { unit: 'LABOR', sub: 'w-labor-repeat' };
const HEALTH: Caller = { unit: 'HEALTH', sub: 'w-health-repeat' };
const PROTECTION: Caller = { unit: 'PROTECTION', sub: 'w-protection-repeat' };
const PROTECTION_2: Caller = { unit: 'PROTECTION', sub: 'w-protection-repeat-2' };

describe('the same request twice', () => {
  let hub: TestHub;
  let family: BuiltFamily;

  beforeAll(async () => {
    hub = await startTestHub();
    family = (await buildFamilies(1, { members: 3, openCases: 1, contactsPerCase: 0, referrals: 0 }))[0]!;
    // HEALTH serves the family too, so that it may refer its members.
    await prisma().case.create({ data: { kind: 'MENTAL_HEALTH', status: 'OPEN', familyId: family.familyId, subjectPersonId: family.personIds[0]!, ownerUnitCode: 'HEALTH', districtCode: 'XITUN', openedOn: new Date('2023-01-01') } });
  });
  afterAll(() => hub.stop());

  const refer = (personIndex: number, toUnit: string, caller: Caller = SOCIAL_WORKER) =>
    hub.query(CREATE_REFERRAL, { input: { personId: gid('Person', family.personIds[personIndex]!), toUnit, reason: '就業輔導' } }, caller);
  const openReferrals = (personIndex: number, toUnit: string) =>
    prisma().referral.count({ where: { personId: family.personIds[personIndex]!, toUnitCode: toUnit, status: { in: ['PENDING', 'ACCEPTED'] } } });

  it('refuses a second open referral of the person to the same unit, naming the open one', async () => {
    const first = (await refer(0, 'LABOR')).data!.createReferral;
    expect(first.ok).toBe(true);
    const second = (await refer(0, 'LABOR')).data!.createReferral;
    expect(second).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' } });
    expect(second.inputErrors).toEqual([{ field: 'toUnit', reason: `LABOR already has an open referral of this person from your unit: ${first.referral.id} (PENDING)` }]);
    expect(await openReferrals(0, 'LABOR')).toBe(1);
  });

  it('stores one of ten sent at once', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => refer(1, 'LABOR')));
    expect(answers.filter((a) => a.data!.createReferral.ok)).toHaveLength(1);
    expect(await openReferrals(1, 'LABOR')).toBe(1);
  });

  it('takes a new referral once the open one is declined, and one from another unit', async () => {
    const open = await prisma().referral.findFirstOrThrow({ where: { personId: family.personIds[0]!, toUnitCode: 'LABOR', status: 'PENDING' } });
    expect((await hub.query(DECLINE, { id: gid('Referral', open.id), reason: '名額已滿' }, LABOR)).data!.declineReferral.ok).toBe(true);
    expect((await refer(0, 'LABOR')).data!.createReferral.ok).toBe(true);
    expect((await refer(0, 'LABOR', HEALTH)).data!.createReferral.ok).toBe(true);
  });

  it('recognises 20 identical reports sent at once as one report', async () => {
    const input = { kind: 'CHILD_PROTECTION', familyId: gid('Family', family.familyId), subjectPersonId: gid('Person', family.personIds[2]!) };
    const answers = await Promise.all(Array.from({ length: 20 }, () => hub.query(CREATE_INTAKE, { input }, PROTECTION)));
    const ids = new Set(answers.map((a) => a.data!.createIntake.intake?.id));
    expect(answers.every((a) => a.data!.createIntake.ok)).toBe(true);
    expect(ids.size).toBe(1);
    expect(await prisma().intake.count({ where: { familyId: family.familyId, kind: 'CHILD_PROTECTION' } })).toBe(1);
    // One write in the audit trail; the 19 repeats are recorded as reads of the report they repeat.
    const [id] = [...ids] as string[];
    const row = Buffer.from(id!, 'base64').toString('utf8').split(':')[1];
    const entries = await prisma().$queryRaw<{ kind: string; n: bigint }[]>`SELECT kind, count(*) AS n FROM audit.entry WHERE ${`Intake:${row}`} = ANY(records) GROUP BY kind ORDER BY kind`;
    expect(entries.map((e) => [e.kind, Number(e.n)])).toEqual([['READ', 19], ['WRITE', 1]]);
  });

  it('keeps reports that differ: another kind, another worker, or a time given apart', async () => {
    const base = { familyId: gid('Family', family.familyId), subjectPersonId: gid('Person', family.personIds[2]!) };
    const taken = async (input: Record<string, unknown>, caller: Caller) => (await hub.query(CREATE_INTAKE, { input: { ...base, ...input } }, caller)).data!.createIntake.ok;
    expect(await taken({ kind: 'ADULT_PROTECTION' }, PROTECTION)).toBe(true);
    expect(await taken({ kind: 'CHILD_PROTECTION' }, PROTECTION_2)).toBe(true);
    expect(await taken({ kind: 'CHILD_PROTECTION', receivedAt: '2023-03-05T08:30:00.000Z' }, PROTECTION)).toBe(true);
    expect(await taken({ kind: 'CHILD_PROTECTION', receivedAt: '2023-03-05T11:30:00.000Z' }, PROTECTION)).toBe(true);
    // The same report with the same stated time is the same report.
    expect(await taken({ kind: 'CHILD_PROTECTION', receivedAt: '2023-03-05T08:30:00.000Z' }, PROTECTION)).toBe(true);
    expect(await prisma().intake.count({ where: { familyId: family.familyId, kind: 'CHILD_PROTECTION' } })).toBe(4);
  });

  describe('withdrawReferral', () => {
    const WITHDRAW = `mutation ($id: ID!, $reason: String!) { withdrawReferral(id: $id, reason: $reason) { ${PAYLOAD} referral { status closingNote } } }`;
    const withdraw = (id: string, caller: Caller, reason = '家長已自行就業') => hub.query(WITHDRAW, { id, reason }, caller);

    it('lets the sending unit withdraw a referral not answered yet, after which the same referral may be sent again', async () => {
      const sent = (await refer(1, 'EDUCATION')).data!.createReferral.referral.id;
      expect((await withdraw(sent, LABOR)).data!.withdrawReferral.error).toEqual({ code: 'NOT_FOUND', message: 'id: no such referral' });
      expect((await withdraw(sent, { unit: 'EDUCATION', sub: 'w-edu-withdraw' })).data!.withdrawReferral.error).toEqual({
        code: 'FORBIDDEN', message: 'id: only the sending unit SOCIAL may withdraw this referral',
      });
      expect((await withdraw(sent, SOCIAL_WORKER, ' ')).data!.withdrawReferral.inputErrors).toEqual([{ field: 'reason', reason: 'must not be empty' }]);
      expect((await withdraw('garbage', SOCIAL_WORKER)).data!.withdrawReferral.inputErrors).toEqual([{ field: 'id', reason: 'is not a Referral ID' }]);
      expect((await withdraw(sent, { unit: 'NGO', sub: 'w-ngo-withdraw', org: 1 })).data!.withdrawReferral.error.code).toBe('NOT_FOUND');
      const core = await startCoreSubgraph(hub);
      try {
        for (const caller of [{ unit: 'SOCIAL', sub: 'w-analyst-withdraw', roles: ['ANALYST'] }, { unit: 'SOCIAL', sub: 'w-auditor-withdraw', roles: ['AUDITOR'], purpose: 'AUDIT' }] as Caller[]) {
          expect((await withdraw(sent, caller)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
          expect((await askSubgraph(core, hub, caller, WITHDRAW, { id: sent, reason: '直接呼叫' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        }
      } finally {
        await core.stop();
      }
      const done = (await withdraw(sent, SOCIAL_WORKER)).data!.withdrawReferral;
      expect(done).toMatchObject({ ok: true, referral: { status: 'CLOSED', closingNote: '家長已自行就業' } });
      expect((await withdraw(sent, SOCIAL_WORKER)).data!.withdrawReferral.inputErrors).toEqual([{ field: 'id', reason: 'a CLOSED referral cannot be withdrawn; only PENDING referrals can' }]);
      expect((await refer(1, 'EDUCATION')).data!.createReferral.ok).toBe(true);
    });
  });
});
